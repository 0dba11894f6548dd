import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TRAINER_ROLES = ['lead', 'co-facilitator'] as const;
export type TrainerRole = (typeof TRAINER_ROLES)[number];

@Entity({ name: 'session_trainers' })
export class SessionTrainer {
  @PrimaryColumn('uuid', { name: 'session_id' }) sessionId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column({ type: 'enum', enum: TRAINER_ROLES, enumName: 'trainer_role' }) role: TrainerRole;
}
