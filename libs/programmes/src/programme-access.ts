import { type Actor, notFound, type Queryable } from '@academy/common';
import type { DeliveryMode, ProgrammeStatus } from './programmes.tables.js';

/** A row of `programmes`, as the services read it. */
export interface Programme {
  id: string;
  cityId: string;
  code: string;
  title: string;
  ruleSet: string;
  /** Dates as YYYY-MM-DD. */
  periodStart: string | null;
  periodEnd: string | null;
  languages: string[];
  deliveryMode: DeliveryMode;
  timezone: string;
  status: ProgrammeStatus;
  closedAt: Date | null;
  closeCount: number;
  createdAt: Date;
}

/** The select list of a {@link Programme} from `programmes p`. */
export const PROGRAMME_COLUMNS = `p.id, p.city_id AS "cityId", p.code, p.title, p.rule_set AS "ruleSet",
  to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
  p.languages, p.delivery_mode AS "deliveryMode", p.timezone, p.status, p.closed_at AS "closedAt",
  p.close_count AS "closeCount", p.created_at AS "createdAt"`;

/**
 * Loads a programme the caller's city owns. Another city's programme is reported as not
 * found, exactly like a missing one, so ids leak nothing across cities.
 */
export async function programmeOfCity(q: Queryable, actor: Actor, id: string): Promise<Programme> {
  const [programme] = await q.query(`SELECT ${PROGRAMME_COLUMNS} FROM programmes p WHERE p.id = $1 AND p.city_id = $2`, [
    id,
    actor.cityId,
  ]);
  if (!programme) throw notFound('programme', id);
  return programme;
}
