import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'enrolments' })
export class Enrolment {
  @PrimaryColumn('uuid', { name: 'programme_id' }) programmeId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  /** Bumped on every attendance change, so each change gets its own evaluation job. */
  @Column('int') revision: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
