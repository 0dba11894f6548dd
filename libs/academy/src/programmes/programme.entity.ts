import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_MODES = ['online', 'in-person', 'hybrid', 'self-paced'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export type ProgrammeStatus = 'open' | 'closed';

/** One delivery of some modules to one cohort of one city, decided by one rule set. */
@Entity({ name: 'programmes' })
export class Programme {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'city_id' }) cityId: string;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('text', { name: 'rule_set' }) ruleSet: string;
  @Column('date', { name: 'period_start', nullable: true }) periodStart: string | null;
  @Column('date', { name: 'period_end', nullable: true }) periodEnd: string | null;
  @Column('text', { array: true }) languages: string[];
  @Column({ name: 'delivery_mode', type: 'enum', enum: DELIVERY_MODES, enumName: 'delivery_mode' })
  deliveryMode: DeliveryMode;
  @Column('text') timezone: string;
  @Column({ type: 'enum', enum: ['open', 'closed'], enumName: 'programme_status' }) status: ProgrammeStatus;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('int', { name: 'close_count' }) closeCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
