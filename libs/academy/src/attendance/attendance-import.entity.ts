import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One uploaded attendance file and what it did. */
@Entity({ name: 'attendance_imports' })
export class AttendanceImportRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'programme_id' }) programmeId: string;
  @Column('uuid', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('text') sha256: string;
  @Column('int') rows: number;
  @Column('int') created: number;
  @Column('int') updated: number;
  @Column('int') unchanged: number;
  @Column('jsonb') errors: { line: number; message: string }[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
