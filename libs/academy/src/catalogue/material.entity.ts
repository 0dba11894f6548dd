import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MATERIAL_AUDIENCES = ['learner', 'trainer'] as const;
export type MaterialAudience = (typeof MATERIAL_AUDIENCES)[number];

/** Learning or facilitation material of a module; trainer material is never shown to learners. */
@Entity({ name: 'materials' })
export class Material {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'module_id' }) moduleId: string;
  @Column({ type: 'enum', enum: MATERIAL_AUDIENCES, enumName: 'material_audience' }) audience: MaterialAudience;
  @Column('text') slug: string;
  @Column('text') title: string;
  /** slides, reading, video, facilitator-guide, session-plan, case-study, evaluation-form… */
  @Column('text') format: string;
  @Column('text') body: string;
  @Column('text', { nullable: true }) url: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
