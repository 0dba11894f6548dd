import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CERTIFICATE_KINDS, type CertificateKind } from '@academy/rules';

export const CERTIFICATE_STATUSES = ['valid', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

@Entity({ name: 'certificates' })
export class Certificate {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Short unguessable code printed on the certificate and encoded in its QR link. */
  @Column('text') code: string;
  @Column('uuid', { name: 'programme_id' }) programmeId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column({ type: 'enum', enum: CERTIFICATE_KINDS, enumName: 'certificate_kind' }) kind: CertificateKind;
  /** `programme` or a module code. */
  @Column('text') scope: string;
  /** scope + track: at most one valid certificate per learner, programme and slot. */
  @Column('text') slot: string;
  @Column({ type: 'enum', enum: CERTIFICATE_STATUSES, enumName: 'certificate_status' }) status: CertificateStatus;
  @Column('text') language: string;
  @Column('text', { name: 'holder_name' }) holderName: string;
  @Column('jsonb') modules: { code: string; title: string }[];
  @Column('text') sha256: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt: Date;
  @Column('uuid', { name: 'superseded_by', nullable: true }) supersededBy: string | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('text', { name: 'revoked_reason', nullable: true }) revokedReason: string | null;
}
