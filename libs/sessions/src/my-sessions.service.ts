import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, inLanguage, preparedQuery } from '@academy/common';
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

  /**
   * Sessions not yet over, soonest first, with module and programme titles in `language`
   * where there is one. A session with limited places is the learner's once they hold a
   * place (selected); until then it is one to apply for (MyPlacesService), not one to attend.
   */
  async upcoming(actor: Actor, language: string, limit = 20): Promise<UpcomingSession[]> {
    const rows = await preparedQuery(
      this.ds,
      `SELECT s.id, s.title, s.starts_at, s.ends_at, s.timezone, s.mode, s.place, s.link, m.code AS module_code, m.title AS module_title,
              m.titles AS module_titles, p.title AS programme, p.titles AS programme_titles, c.default_language
         FROM module_enrolments me
         JOIN programmes p ON p.id = me.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN sessions s ON s.programme_id = me.programme_id AND s.module_id = me.module_id
         JOIN modules m ON m.id = s.module_id
        WHERE me.user_id = $1 AND p.city_id = $2 AND COALESCE(s.ends_at, s.starts_at) > now()
          AND (s.capacity IS NULL
               OR EXISTS (SELECT 1 FROM applications a WHERE a.session_id = s.id AND a.user_id = $1 AND a.status = 'selected'))
        ORDER BY s.starts_at, s.id
        LIMIT $3`,
      [actor.id, actor.cityId, limit],
    );
    return rows.map((r: any) => sessionView(r, language));
  }

  /**
   * The sessions a trainer delivers (lead or co-facilitator), past and to come, soonest first
   * from the most recent: those not yet over, then the latest ones that are.
   */
  async delivering(actor: Actor, language: string, limit = 100): Promise<(UpcomingSession & { role: string; over: boolean })[]> {
    const rows = await this.ds.query(
      `SELECT s.id, s.title, s.starts_at, s.ends_at, s.timezone, s.mode, s.place, s.link, st.role, m.code AS module_code,
              m.title AS module_title, m.titles AS module_titles, p.title AS programme, p.titles AS programme_titles,
              c.default_language, COALESCE(s.ends_at, s.starts_at) <= now() AS over
         FROM session_trainers st
         JOIN sessions s ON s.id = st.session_id
         JOIN programmes p ON p.id = s.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN modules m ON m.id = s.module_id
        WHERE st.user_id = $1 AND p.city_id = $2
        ORDER BY (COALESCE(s.ends_at, s.starts_at) <= now()), CASE WHEN COALESCE(s.ends_at, s.starts_at) > now() THEN s.starts_at END,
                 s.starts_at DESC, s.id
        LIMIT $3`,
      [actor.id, actor.cityId, limit],
    );
    return rows.map((r: any) => ({ ...sessionView(r, language), role: r.role, over: r.over }));
  }
}

/** A session row (with its module's and programme's titles) as the viewer reads it, in their language. */
export function sessionView(r: any, language: string): UpcomingSession {
  return {
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
  };
}
