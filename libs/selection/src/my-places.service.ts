import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, preparedQuery } from '@academy/common';
import { sessionView, type UpcomingSession } from '@academy/sessions';
import { audienceAllows } from './audience.js';

export type ApplicationStatus = 'applied' | 'selected' | 'waiting' | 'withdrawn';

/** A session with a limited number of places, as a learner who may apply for it sees it. */
export type PlaceToApplyFor = UpcomingSession & {
  capacity: number;
  /** The caller's application, if any. */
  application: ApplicationStatus | null;
};

/**
 * The sessions to come of the caller's city that have places to apply for (a capacity), in
 * modules whose audience the caller belongs to, with the caller's application to each:
 * what a learner chooses from before `SelectionService.apply`.
 */
@Injectable()
export class MyPlacesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(actor: Actor, language: string, limit = 50): Promise<PlaceToApplyFor[]> {
    const rows = await preparedQuery(
      this.ds,
      `SELECT s.id, s.title, s.starts_at, s.ends_at, s.timezone, s.mode, s.place, s.link, s.capacity, m.code AS module_code, m.title AS module_title,
              m.titles AS module_titles, m.audience AS module_audience, p.title AS programme, p.titles AS programme_titles,
              c.default_language, u.audience AS learner_audience, a.status AS application
         FROM sessions s
         JOIN programmes p ON p.id = s.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN modules m ON m.id = s.module_id
         JOIN users u ON u.id = $1 AND u.city_id = p.city_id
         LEFT JOIN applications a ON a.session_id = s.id AND a.user_id = u.id
        WHERE p.city_id = $2 AND s.capacity IS NOT NULL AND COALESCE(s.ends_at, s.starts_at) > now()
        ORDER BY s.starts_at, s.id
        LIMIT $3`,
      [actor.id, actor.cityId, limit],
    );
    return rows
      .filter((r: any) => audienceAllows(r.module_audience, r.learner_audience))
      .map((r: any) => ({ ...sessionView(r, language), capacity: r.capacity, application: r.application ?? null }));
  }
}
