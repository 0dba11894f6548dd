import type { LearnerAudience } from '@academy/catalogue';
import { type Actor, notFound, preparedQuery, type Queryable } from '@academy/common';

/** A session the caller's city owns, with what its users need of its programme and module. */
export interface SessionOfCity {
  id: string;
  programmeId: string;
  programmeStatus: 'open' | 'closed';
  ruleSet: string;
  /** The version of the rule set the programme decides with (null before its first decision: the latest). */
  ruleSetVersion: number | null;
  moduleId: string;
  moduleCode: string;
  moduleAudience: LearnerAudience | null;
  startsAt: Date;
  endsAt: Date | null;
  timezone: string;
  /** YYYY-MM-DD in the session's zone. */
  localDate: string;
  capacity: number | null;
  checkinSecret: string | null;
  checkinOpenedAt: Date | null;
  checkinClosedAt: Date | null;
  /** Who opened the check-in (and shows its code). */
  checkinOpenedBy: string | null;
}

export interface SessionLookup {
  /** Lock the session row for the rest of the transaction. */
  lock?: boolean;
  /** Also read this learner's enrolment in the session's programme (in the same statement). */
  enrolmentOf?: string;
}

export type SessionWithEnrolment = SessionOfCity & {
  /** Null when not enrolled; `moduleCodes` null means every module of the programme. */
  enrolment: { moduleCodes: string[] | null } | null;
  /** That person is one of the session's trainers. */
  deliveredByCaller: boolean;
};

/**
 * Loads a session of the caller's city. Another city's session is reported as not found,
 * exactly like a missing one, so ids leak nothing across cities (as programmeOfCity does
 * for programmes).
 */
export async function sessionOfCity(q: Queryable, actor: Actor, sessionId: string, lookup: SessionLookup & { enrolmentOf: string }): Promise<SessionWithEnrolment>;
export async function sessionOfCity(q: Queryable, actor: Actor, sessionId: string, lookup?: SessionLookup): Promise<SessionOfCity>;
export async function sessionOfCity(q: Queryable, actor: Actor, sessionId: string, lookup: SessionLookup = {}): Promise<SessionOfCity> {
  const withEnrolment = lookup.enrolmentOf !== undefined;
  const [row] = await preparedQuery(
    q,
    `SELECT s.id, s.programme_id AS "programmeId", p.status AS "programmeStatus", p.rule_set AS "ruleSet",
            p.rule_set_version AS "ruleSetVersion", s.module_id AS "moduleId", m.code AS "moduleCode", m.audience AS "moduleAudience",
            s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.timezone, to_char(s.local_date, 'YYYY-MM-DD') AS "localDate",
            s.capacity, s.checkin_secret AS "checkinSecret", s.checkin_opened_at AS "checkinOpenedAt",
            s.checkin_closed_at AS "checkinClosedAt", s.checkin_opened_by AS "checkinOpenedBy"
            ${withEnrolment ? `, CASE WHEN e.user_id IS NULL THEN NULL ELSE json_build_object('moduleCodes', e.module_codes) END AS enrolment,
              EXISTS (SELECT 1 FROM session_trainers st WHERE st.session_id = s.id AND st.user_id = $3) AS "deliveredByCaller"` : ''}
       FROM sessions s JOIN programmes p ON p.id = s.programme_id JOIN modules m ON m.id = s.module_id
       ${withEnrolment ? 'LEFT JOIN enrolments e ON e.programme_id = s.programme_id AND e.user_id = $3' : ''}
      WHERE s.id = $1 AND p.city_id = $2 ${lookup.lock ? 'FOR UPDATE OF s' : ''}`,
    withEnrolment ? [sessionId, actor.cityId, lookup.enrolmentOf] : [sessionId, actor.cityId],
  );
  if (!row) throw notFound('session', sessionId);
  return row;
}
