import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'enrolments' })
export class Enrolment {
  @PrimaryColumn('uuid', { name: 'programme_id' }) programmeId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  /** Bumped on every attendance change, so each change gets its own evaluation job. */
  @Column('int') revision: number;
  /** The modules enrolled in when not all of the programme's (e.g. only those for the learner's audience). */
  @Column('text', { name: 'module_codes', array: true, nullable: true }) moduleCodes: string[] | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
