import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LEARNER_AUDIENCES, type LearnerAudience } from '../catalogue/module.entity.js';

export const ROLES = ['learner', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'city_id' }) cityId: string;
  @Column('uuid', { name: 'department_id', nullable: true }) departmentId: string | null;
  /** Stored lower-cased; unique across the platform because it is the login. */
  @Column('text') email: string;
  /** The name as it should be printed on certificates. */
  @Column('text') name: string;
  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' }) role: Role;
  /** Preferred language for content and certificates; null means the city's default. */
  @Column('text', { nullable: true }) language: string | null;
  @Column({ type: 'enum', enum: LEARNER_AUDIENCES, enumName: 'learner_audience' }) audience: LearnerAudience;
  /** For youth: the school, and whether it is a DEIS school. */
  @Column('text', { nullable: true }) school: string | null;
  @Column('boolean', { name: 'deis_school', nullable: true }) deisSchool: boolean | null;
  /** Self-described, optional, kept only with consent (a CHECK enforces it). */
  @Column('text', { nullable: true }) gender: string | null;
  @Column('timestamptz', { name: 'demographics_consent_at', nullable: true }) demographicsConsentAt: Date | null;
  @Column('text', { name: 'password_hash', nullable: true, select: false }) passwordHash: string | null;
  @Column('text', { name: 'invitation_token_hash', nullable: true, select: false })
  invitationTokenHash: string | null;
  @Column('timestamptz', { name: 'invitation_expires_at', nullable: true }) invitationExpiresAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
