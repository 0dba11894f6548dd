import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, notFound } from '@academy/common';

export const TRAIN_THE_TRAINER_MODULE = 'DHR-TOT';

export interface TrainerRecord {
  userId: string;
  name: string;
  totModule: { code: string; attended: boolean; sessions: { sessionId: string; startsAt: string; status: string }[] };
  coFacilitated: { sessionId: string; moduleCode: string; startsAt: string }[];
  led: { sessionId: string; moduleCode: string; startsAt: string }[];
}

/**
 * A trainer's path: the train-the-trainer module, then sessions co-facilitated, then led;
 * only records others made count (the shared views `participant_attendance` and
 * `trainer_deliveries`, as for the Trainer certificate).
 */
@Injectable()
export class TrainerRecordService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(actor: Actor, userId: string): Promise<TrainerRecord> {
    const [user] = await this.ds.query(`SELECT id, name FROM users WHERE id = $1 AND city_id = $2`, [userId, actor.cityId]);
    if (!user || (actor.role === 'learner' && actor.id !== userId)) throw notFound('user', userId);
    const tot = await this.ds.query(
      `SELECT a.session_id AS id, a.starts_at, a.status FROM participant_attendance a
         JOIN modules m ON m.id = a.module_id WHERE a.user_id = $1 AND m.code = $2 ORDER BY a.starts_at`,
      [userId, TRAIN_THE_TRAINER_MODULE],
    );
    const delivered = await this.ds.query(
      `SELECT s.id, m.code, s.starts_at, t.role FROM trainer_deliveries t JOIN sessions s ON s.id = t.session_id
         JOIN modules m ON m.id = s.module_id WHERE t.user_id = $1 ORDER BY s.starts_at`,
      [userId],
    );
    const pick = (role: string) =>
      delivered
        .filter((d: any) => d.role === role)
        .map((d: any) => ({ sessionId: d.id, moduleCode: d.code, startsAt: d.starts_at.toISOString() }));
    return {
      userId,
      name: user.name,
      totModule: {
        code: TRAIN_THE_TRAINER_MODULE,
        attended: tot.some((t: any) => t.status === 'present' || t.status === 'late'),
        sessions: tot.map((t: any) => ({ sessionId: t.id, startsAt: t.starts_at.toISOString(), status: t.status })),
      },
      coFacilitated: pick('co-facilitator'),
      led: pick('lead'),
    };
  }
}
