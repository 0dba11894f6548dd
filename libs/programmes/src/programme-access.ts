import { type Actor, type LanguageVersions, notFound, type Queryable } from '@academy/common';
import type { DeliveryMode, ProgrammeStatus } from './programmes.tables.js';

/** A row of `programmes`, as the services read it. */
export interface Programme {
  id: string;
  cityId: string;
  code: string;
  /** The title as first given. */
  title: string;
  /** The title's language versions, e.g. `{ "en": "…", "sq": "…" }` (may be empty). */
  titles: LanguageVersions;
  ruleSet: string;
  /** The version of the rule set the programme decides with: set by its first decision, changed only by adopting another. */
  ruleSetVersion: number | null;
  /** Dates as YYYY-MM-DD. */
  periodStart: string | null;
  periodEnd: string | null;
  languages: string[];
  deliveryMode: DeliveryMode;
  timezone: string;
  /** Local time (HH:MM) and length of a session an attendance import creates from a date alone. */
  defaultSessionStart: string;
  defaultSessionMinutes: number;
  status: ProgrammeStatus;
  closedAt: Date | null;
  closeCount: number;
  createdAt: Date;
}

/** The select list of a {@link Programme} from `programmes p`. */
export const PROGRAMME_COLUMNS = `p.id, p.city_id AS "cityId", p.code, p.title, p.titles, p.rule_set AS "ruleSet",
  p.rule_set_version AS "ruleSetVersion", to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
  p.languages, p.delivery_mode AS "deliveryMode", p.timezone,
  to_char(p.default_session_start, 'HH24:MI') AS "defaultSessionStart", p.default_session_minutes AS "defaultSessionMinutes", p.status, p.closed_at AS "closedAt",
  p.close_count AS "closeCount", p.created_at AS "createdAt"`;

/**
 * Loads a programme the caller's city owns (locked for the transaction with `lock`).
 * Another city's programme is reported as not found, exactly like a missing one, so ids
 * leak nothing across cities.
 */
export async function programmeOfCity(q: Queryable, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<Programme> {
  const [programme] = await q.query(
    `SELECT ${PROGRAMME_COLUMNS} FROM programmes p WHERE p.id = $1 AND p.city_id = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
    [id, actor.cityId],
  );
  if (!programme) throw notFound('programme', id);
  return programme;
}
