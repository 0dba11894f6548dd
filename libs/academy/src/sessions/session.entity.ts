import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SESSION_MODES = ['online', 'in-person', 'hybrid'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** A live delivery of a module: instants in UTC plus the IANA zone they are shown in. */
@Entity({ name: 'sessions' })
export class Session {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'programme_id' }) programmeId: string;
  @Column('uuid', { name: 'module_id' }) moduleId: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt: Date | null;
  @Column('text') timezone: string;
  /** The calendar date in the session's zone, used to match imports that name a date. */
  @Column('date', { name: 'local_date' }) localDate: string;
  @Column({ type: 'enum', enum: SESSION_MODES, enumName: 'session_mode' }) mode: SessionMode;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
