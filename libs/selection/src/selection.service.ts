import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { promoteFromWaitingList, selectApplicants } from './select-applicants.js';
import type { Applicant, Criterion, SelectionResult } from './types.js';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, notFound } from '@academy/common';
import { sessionOfCity } from '@academy/sessions';

export interface SelectionView {
  sessionId: string;
  capacity: number | null;
  seed: string;
  selected: { userId: string; name: string }[];
  waitingList: { userId: string; name: string }[];
  withdrawn: string[];
  report: SelectionResult['report'];
}

/**
 * Applications to an oversubscribed session and their selection: a seeded lottery that
 * honours the module's declared priority criteria, recorded with its seed so it can be
 * recomputed; withdrawals promote from the waiting list.
 */
@Injectable()
export class SelectionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A learner applies (or an administrator applies for them); the module's audience must match. */
  async apply(actor: Actor, sessionId: string, userId: string): Promise<{ sessionId: string; userId: string; status: string }> {
    const s = await sessionOfCity(this.ds, actor, sessionId);
    const [user] = await this.ds.query(`SELECT audience FROM users WHERE id = $1 AND city_id = $2`, [userId, actor.cityId]);
    if (!user) throw notFound('user', userId);
    if (s.moduleAudience && s.moduleAudience !== user.audience) {
      throw conflict(`${s.moduleCode} is for the ${s.moduleAudience} audience, and this learner is ${user.audience}`);
    }
    await this.ds.query(
      `INSERT INTO applications (session_id, user_id) VALUES ($1, $2) ON CONFLICT (session_id, user_id) DO NOTHING`,
      [sessionId, userId],
    );
    const [row] = await this.ds.query(`SELECT status FROM applications WHERE session_id = $1 AND user_id = $2`, [sessionId, userId]);
    return { sessionId, userId, status: row.status };
  }

  /** Runs the selection with a given seed (or a fresh one) and enrols the selected. */
  async select(actor: Actor, sessionId: string, seed?: string): Promise<SelectionView> {
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
      await this.store(m, actor, s, result);
    });
    return this.latest(actor, sessionId);
  }

  /** Withdraws an application; a selected place goes to the best-ranked waiting applicant. */
  async withdraw(actor: Actor, sessionId: string, userId: string): Promise<SelectionView | null> {
    if (actor.role === 'learner' && actor.id !== userId) throw notFound('application', userId);
    const promoted = await this.ds.transaction(async (m) => {
      const s = await sessionOfCity(m, actor, sessionId, { lock: true });
      const rows = await m.query(
        `WITH w AS (UPDATE applications SET status = 'withdrawn' WHERE session_id = $1 AND user_id = $2
                     AND status <> 'withdrawn' RETURNING 1) SELECT count(*)::int AS n FROM w`,
        [sessionId, userId],
      );
      if (!rows[0].n) throw notFound('application', userId);
      const [run] = await m.query(
        `SELECT result FROM selection_runs WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [sessionId],
      );
      if (!run) return false;
      await this.store(m, actor, s, promoteFromWaitingList(run.result, [userId]));
      return true;
    });
    return promoted ? this.latest(actor, sessionId) : null;
  }

  async latest(actor: Actor, sessionId: string): Promise<SelectionView> {
    const s = await sessionOfCity(this.ds, actor, sessionId);
    const [run] = await this.ds.query(
      `SELECT seed, result FROM selection_runs WHERE session_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [sessionId],
    );
    if (!run) throw notFound('selection of session', sessionId);
    const result: SelectionResult = run.result;
    const names = new Map<string, string>(
      (await this.ds.query(`SELECT id, name FROM users WHERE id = ANY($1)`, [[...result.selected, ...result.waitingList]]))
        .map((u: { id: string; name: string }) => [u.id, u.name]),
    );
    const named = (ids: string[]) => ids.map((id) => ({ userId: id, name: names.get(id) ?? '' }));
    return {
      sessionId, capacity: s.capacity, seed: run.seed, selected: named(result.selected),
      waitingList: named(result.waitingList), withdrawn: result.withdrawn, report: result.report,
    };
  }

  private async store(m: EntityManager, actor: Actor, s: { id: string; programmeId: string }, result: SelectionResult) {
    await m.query(`INSERT INTO selection_runs (session_id, seed, result, created_by) VALUES ($1, $2, $3, $4)`, [
      s.id, result.seed, JSON.stringify(result), actor.id,
    ]);
    await m.query(
      `UPDATE applications SET status = CASE WHEN user_id = ANY($2) THEN 'selected'::application_status
                                              ELSE 'waiting'::application_status END
        WHERE session_id = $1 AND status <> 'withdrawn'`,
      [s.id, result.selected],
    );
    await m.query(
      `INSERT INTO enrolments (programme_id, user_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT (programme_id, user_id) DO NOTHING`,
      [s.programmeId, result.selected],
    );
    await this.audit.record(m, {
      cityId: actor.cityId, actorId: actor.id, action: 'session.selection', entity: 'session', entityId: s.id,
      after: { seed: result.seed, selected: result.selected.length, waiting: result.waitingList.length, report: result.report },
    });
  }
}
