import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { audienceAllows } from './audience.js';
import { promoteFromWaitingList, selectApplicants } from './select-applicants.js';
import type { Applicant, Criterion, SelectionResult } from './types.js';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, notFound } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { type SessionOfCity, sessionOfCity } from '@academy/sessions';

/** One recorded outcome of a session's selection: a run of the lottery, or a withdrawal that promoted from the waiting list. */
export interface SelectionRunView {
  run: number;
  kind: 'selection' | 'withdrawal';
  seed: string;
  reason: string | null;
  /** The e-mail of who ran it. */
  by: string | null;
  at: string;
  selected: number;
  waiting: number;
  /** The run this one replaced (null for the first). */
  replaces: number | null;
}

export interface SelectionView {
  sessionId: string;
  moduleCode: string;
  capacity: number | null;
  /** The current run: the one whose outcome stands. */
  run: number;
  seed: string;
  selected: { userId: string; name: string }[];
  waitingList: { userId: string; name: string }[];
  withdrawn: string[];
  report: SelectionResult['report'] & {
    /** How many times the selection itself was run for this session (withdrawals not counted). */
    runCount: number;
    /** Every recorded run, oldest first: none is ever deleted. */
    runs: SelectionRunView[];
  };
}

/**
 * Applications to an oversubscribed session and their selection: a seeded lottery that
 * honours the module's declared priority criteria, recorded with its seed so it can be
 * recomputed; withdrawals promote from the waiting list.
 *
 * A place is a place in the session's module: the selected are enrolled in that module only
 * (added to an enrolment they already have). Each run replaces the outcome of the one before:
 * whoever it no longer selects loses the module enrolment that selection gave them (unless
 * they already attended it), and every run stays on record, numbered, in the report.
 */
@Injectable()
export class SelectionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
  ) {}

  /** A learner applies (or an administrator applies for them); the module's audience must match. */
  async apply(actor: Actor, sessionId: string, userId: string): Promise<{ sessionId: string; userId: string; status: string }> {
    // Separation of duties: places are for learners; trainers deliver, they do not take a place.
    if (actor.role === 'trainer') throw forbidden('separation of duties: trainers cannot apply for learners\' places');
    const s = await sessionOfCity(this.ds, actor, sessionId);
    const [user] = await this.ds.query(`SELECT audience FROM users WHERE id = $1 AND city_id = $2`, [userId, actor.cityId]);
    if (!user) throw notFound('user', userId);
    if (!audienceAllows(s.moduleAudience, user.audience)) {
      throw conflict(`${s.moduleCode} is for the ${s.moduleAudience} audience, and this learner is ${user.audience}`);
    }
    // Applying again changes nothing, except after a withdrawal: then it is a new application,
    // at the back of the queue like any other made now (a place given up is not kept).
    await this.ds.query(
      `INSERT INTO applications (session_id, user_id) VALUES ($1, $2)
       ON CONFLICT (session_id, user_id) DO UPDATE SET status = 'applied', applied_at = now()
        WHERE applications.status = 'withdrawn'`,
      [sessionId, userId],
    );
    const [row] = await this.ds.query(`SELECT status FROM applications WHERE session_id = $1 AND user_id = $2`, [sessionId, userId]);
    return { sessionId, userId, status: row.status };
  }

  /** Runs the selection with a given seed (or a fresh one); its outcome replaces the previous run's. */
  async select(actor: Actor, sessionId: string, seed?: string, reason?: string): Promise<SelectionView> {
    const runSeed = seed ?? randomBytes(12).toString('base64url');
    await this.ds.transaction(async (m) => {
      const s = await sessionOfCity(m, actor, sessionId, { lock: true });
      if (!s.capacity) throw conflict('the session has no capacity: everyone who applies can attend');
      const people: { user_id: string; gender: string | null; deis_school: boolean | null; applied_at: Date }[] = await m.query(
        `SELECT a.user_id, u.gender, u.deis_school, a.applied_at FROM applications a JOIN users u ON u.id = a.user_id
          WHERE a.session_id = $1 AND a.status <> 'withdrawn'`,
        [sessionId],
      );
      const applicants: Applicant[] = people.map((p) => ({
        id: p.user_id,
        attributes: { gender: p.gender, deis: p.deis_school },
        appliedAt: p.applied_at,
      }));
      const [{ selection_criteria: criteria }]: { selection_criteria: Criterion[] }[] = await m.query(
        `SELECT selection_criteria FROM programme_modules WHERE programme_id = $1 AND module_id = $2`,
        [s.programmeId, s.moduleId],
      );
      const result = selectApplicants(applicants, s.capacity, criteria, runSeed);
      await this.store(m, actor, s, result, 'selection', reason ?? null);
    });
    return this.latest(actor, sessionId);
  }

  /** Withdraws an application; a selected place goes to the best-ranked waiting applicant. */
  async withdraw(actor: Actor, sessionId: string, userId: string): Promise<SelectionView | null> {
    if (actor.role === 'learner' && actor.id !== userId) throw notFound('application', userId);
    if (actor.role === 'trainer' && actor.id !== userId) {
      throw forbidden('separation of duties: only the applicant or an administrator withdraws an application');
    }
    const promoted = await this.ds.transaction(async (m) => {
      const s = await sessionOfCity(m, actor, sessionId, { lock: true });
      const rows = await m.query(
        `WITH w AS (UPDATE applications SET status = 'withdrawn' WHERE session_id = $1 AND user_id = $2
                     AND status <> 'withdrawn' RETURNING 1) SELECT count(*)::int AS n FROM w`,
        [sessionId, userId],
      );
      if (!rows[0].n) throw notFound('application', userId);
      const [run] = await m.query(
        `SELECT result FROM selection_runs WHERE session_id = $1 ORDER BY run_no DESC LIMIT 1`,
        [sessionId],
      );
      if (!run) return false;
      await this.store(m, actor, s, promoteFromWaitingList(run.result, [userId]), 'withdrawal', null);
      return true;
    });
    return promoted ? this.latest(actor, sessionId) : null;
  }

  async latest(actor: Actor, sessionId: string): Promise<SelectionView> {
    const s = await sessionOfCity(this.ds, actor, sessionId);
    const rows: (Omit<SelectionRunView, 'at'> & { at: Date; result: SelectionResult })[] = await this.ds.query(
      `SELECT r.run_no AS run, r.kind, r.seed, r.reason, u.email AS "by", r.created_at AS at, r.result,
              jsonb_array_length(r.result -> 'selected') AS selected, jsonb_array_length(r.result -> 'waitingList') AS waiting,
              p.run_no AS replaces
         FROM selection_runs r LEFT JOIN users u ON u.id = r.created_by LEFT JOIN selection_runs p ON p.id = r.replaces
        WHERE r.session_id = $1 ORDER BY r.run_no`,
      [sessionId],
    );
    const runs = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    const current = runs.at(-1);
    if (!current) throw notFound('selection of session', sessionId);
    const result = current.result;
    const names = new Map<string, string>(
      (await this.ds.query(`SELECT id, name FROM users WHERE id = ANY($1)`, [[...result.selected, ...result.waitingList]]))
        .map((u: { id: string; name: string }) => [u.id, u.name]),
    );
    const named = (ids: string[]) => ids.map((id) => ({ userId: id, name: names.get(id) ?? '' }));
    return {
      sessionId, moduleCode: s.moduleCode, capacity: s.capacity, run: current.run, seed: current.seed,
      selected: named(result.selected), waitingList: named(result.waitingList), withdrawn: result.withdrawn,
      report: {
        ...result.report,
        runCount: runs.filter((r) => r.kind === 'selection').length,
        runs: runs.map(({ result: _result, ...run }) => run),
      },
    };
  }

  /**
   * Records a run and makes its outcome the one that stands: application statuses, the
   * module enrolments of the selected, and the release of the enrolments this session's
   * selection gave to people it no longer selects. Audited with the run it replaces.
   */
  private async store(
    m: EntityManager,
    actor: Actor,
    s: SessionOfCity,
    result: SelectionResult,
    kind: 'selection' | 'withdrawal',
    reason: string | null,
  ) {
    const [previous] = await m.query(
      `SELECT id, run_no FROM selection_runs WHERE session_id = $1 ORDER BY run_no DESC LIMIT 1`,
      [s.id],
    );
    const runNo: number = (previous?.run_no ?? 0) + 1;
    await m.query(
      `INSERT INTO selection_runs (session_id, run_no, kind, reason, replaces, seed, result, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.id, runNo, kind, reason, previous?.id ?? null, result.seed, JSON.stringify(result), actor.id],
    );
    await m.query(
      `UPDATE applications SET status = CASE WHEN user_id = ANY($2) THEN 'selected'::application_status
                                              ELSE 'waiting'::application_status END
        WHERE session_id = $1 AND status <> 'withdrawn'`,
      [s.id, result.selected],
    );
    const granted = await this.grant(m, s, result.selected);
    const { released, kept } = await this.release(m, s, result.selected);
    const changed = [...granted, ...released];
    await this.reevaluation.markChanged(m, s.programmeId, changed);
    if (s.programmeStatus === 'closed') await this.reevaluation.enqueue(s.programmeId, changed, { manager: m });
    await this.audit.record(m, {
      cityId: actor.cityId, actorId: actor.id, action: 'session.selection', entity: 'session', entityId: s.id,
      after: {
        run: runNo, kind, replaces: previous?.run_no ?? null, reason, seed: result.seed, moduleCode: s.moduleCode,
        selected: result.selected.length, waiting: result.waitingList.length, enrolled: granted.length,
        unenrolled: released.length, keptForAttendance: kept, report: result.report,
      },
    });
  }

  /**
   * Enrols the selected in the session's module where they are not yet, noting that the
   * selection gave it (`enrolments.selected_modules`); returns who was enrolled.
   */
  private async grant(m: EntityManager, s: SessionOfCity, selected: string[]): Promise<string[]> {
    if (!selected.length) return [];
    const rows: { user_id: string }[] = await m.query(
      `WITH need AS (
         SELECT c.user_id FROM unnest($3::uuid[]) AS c(user_id)
           LEFT JOIN enrolments e ON e.programme_id = $1 AND e.user_id = c.user_id
          WHERE e.user_id IS NULL OR (e.module_codes IS NOT NULL AND NOT ($2 = ANY (e.module_codes)))
       ), enrolled AS (
         INSERT INTO enrolments (programme_id, user_id, module_codes, selected_modules)
         SELECT $1, user_id, ARRAY[$2], ARRAY[$2] FROM need
         ON CONFLICT (programme_id, user_id) DO UPDATE
           SET module_codes = array_append(enrolments.module_codes, $2),
               selected_modules = array_append(enrolments.selected_modules, $2)
         RETURNING user_id
       )
       SELECT user_id FROM enrolled`,
      [s.programmeId, s.moduleCode, selected],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * Takes the session's module back from the applicants this run no longer selects, where a
   * selection gave it to them and no other session of the module has them selected — except
   * from those who already have attendance at the module (their record stays). An enrolment
   * left without modules (and without certificates) is removed.
   */
  private async release(m: EntityManager, s: SessionOfCity, selected: string[]): Promise<{ released: string[]; kept: number }> {
    const rows: { user_id: string; attended: boolean }[] = await m.query(
      `SELECT e.user_id,
              EXISTS (SELECT 1 FROM attendance x JOIN sessions t ON t.id = x.session_id
                       WHERE x.user_id = e.user_id AND t.programme_id = e.programme_id AND t.module_id = $3) AS attended
         FROM enrolments e
         JOIN applications a ON a.session_id = $1 AND a.user_id = e.user_id
        WHERE e.programme_id = $2 AND $4 = ANY (e.selected_modules) AND NOT (e.user_id = ANY ($5::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM applications o JOIN sessions t ON t.id = o.session_id
                           WHERE o.user_id = e.user_id AND o.status = 'selected' AND o.session_id <> $1
                             AND t.programme_id = e.programme_id AND t.module_id = $3)`,
      [s.id, s.programmeId, s.moduleId, s.moduleCode, selected],
    );
    const released = rows.filter((r) => !r.attended).map((r) => r.user_id);
    if (released.length) {
      await m.query(
        `UPDATE enrolments SET module_codes = array_remove(module_codes, $2), selected_modules = array_remove(selected_modules, $2)
          WHERE programme_id = $1 AND user_id = ANY ($3)`,
        [s.programmeId, s.moduleCode, released],
      );
      await m.query(
        `DELETE FROM enrolments e
          WHERE e.programme_id = $1 AND e.user_id = ANY ($2) AND cardinality(e.module_codes) = 0
            AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.programme_id = e.programme_id AND c.user_id = e.user_id)`,
        [s.programmeId, released],
      );
    }
    return { released, kept: rows.length - released.length };
  }
}
