import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@academy/rules';

@Entity({ name: 'attendance' })
export class Attendance {
  @PrimaryColumn('uuid', { name: 'session_id' }) sessionId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column({ type: 'enum', enum: ATTENDANCE_STATUSES, enumName: 'attendance_status' }) status: AttendanceStatus;
  @Column('int', { nullable: true }) minutes: number | null;
  /** manual, csv, … */
  @Column('text') source: string;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
