import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, inLanguage } from '@academy/common';
import type { SessionMode } from './sessions.tables.js';

export interface UpcomingSession {
  id: string;
  programme: string;
  moduleCode: string;
  moduleTitle: string;
  title: string | null;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  mode: SessionMode;
  place: string | null;
  link: string | null;
}

/** A learner's own sessions: those of the modules they are enrolled in, in their city. */
@Injectable()
export class MySessionsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Sessions not yet over, soonest first, with module and programme titles in `language` where there is one. */
  async upcoming(actor: Actor, language: string, limit = 20): Promise<UpcomingSession[]> {
    const rows = await this.ds.query(
      `SELECT s.id, s.title, s.starts_at, s.ends_at, s.timezone, s.mode, s.place, s.link, m.code AS module_code, m.title AS module_title,
              m.titles AS module_titles, p.title AS programme, p.titles AS programme_titles, c.default_language
         FROM module_enrolments me
         JOIN programmes p ON p.id = me.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN sessions s ON s.programme_id = me.programme_id AND s.module_id = me.module_id
         JOIN modules m ON m.id = s.module_id
        WHERE me.user_id = $1 AND p.city_id = $2 AND COALESCE(s.ends_at, s.starts_at) > now()
        ORDER BY s.starts_at, s.id
        LIMIT $3`,
      [actor.id, actor.cityId, limit],
    );
    return rows.map((r: any) => ({
      id: r.id,
      programme: inLanguage(r.programme_titles, language, r.default_language, r.programme).text,
      moduleCode: r.module_code,
      moduleTitle: inLanguage(r.module_titles, language, r.default_language, r.module_title).text,
      title: r.title,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at?.toISOString() ?? null,
      timezone: r.timezone,
      mode: r.mode,
      place: r.place,
      link: r.link,
    }));
  }
}
