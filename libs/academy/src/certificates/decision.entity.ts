import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Award } from '@academy/rules';

/** Every evaluation is kept, with the rule set's own explanation. */
@Entity({ name: 'decisions' })
export class DecisionRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'programme_id' }) programmeId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'rule_set' }) ruleSet: string;
  @Column('int') revision: number;
  @Column('jsonb') awards: Award[];
  @Column('text', { name: 'attended_modules', array: true }) attendedModules: string[];
  @Column('text', { array: true }) explanation: string[];
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}
