import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MODULE_KINDS = ['introductory', 'deep-dive', 'train-the-trainer', 'audience'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];
export const LEARNER_AUDIENCES = ['staff', 'youth', 'resident'] as const;
export type LearnerAudience = (typeof LEARNER_AUDIENCES)[number];

/** A catalogue module, shared by every city; programmes pick modules by code. */
@Entity({ name: 'modules' })
export class CourseModule {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column({ type: 'enum', enum: MODULE_KINDS, enumName: 'module_kind' }) kind: ModuleKind;
  @Column('text') title: string;
  @Column('text') description: string;
  /** Only learners of this audience may enrol; null means anyone. */
  @Column({ type: 'enum', enum: LEARNER_AUDIENCES, enumName: 'learner_audience', nullable: true })
  audience: LearnerAudience | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
