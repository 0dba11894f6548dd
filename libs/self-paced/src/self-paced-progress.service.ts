import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Queryable } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { selfPacedAttended } from './scoring.js';
import { definitionFor, type ModuleRef, moduleByCode, requireEnrolment, selfPacedFactsSql } from './self-paced-access.js';

export interface SelfPacedProgress {
  moduleCode: string;
  /** The module has lessons. */
  selfPaced: boolean;
  lessonsTotal: number;
  lessonsDone: number;
  /** The module has a knowledge check. */
  hasCheck: boolean;
  /** One attempt at the knowledge check passed. */
  checkPassed: boolean;
  /** Every lesson done and the check passed: the module counts as attended (rule-set policy `all-lessons-and-check`). */
  attended: boolean;
}

/**
 * A learner's progress through self-paced modules, and what follows a change of it: the
 * learner's enrolments containing the module get a new revision, and those in closed
 * programmes are evaluated again.
 */
@Injectable()
export class SelfPacedProgressService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reevaluation: ReevaluationService,
  ) {}

  /** The caller's progress in a module of one of their programmes. */
  async mine(actor: Actor, moduleCode: string): Promise<SelfPacedProgress> {
    const mod = await moduleByCode(this.ds, actor, moduleCode);
    await requireEnrolment(this.ds, actor, mod);
    return this.of(this.ds, actor, mod);
  }

  /** A learner's progress on the lessons and check their city follows. */
  async of(q: Queryable, learner: Actor, mod: ModuleRef): Promise<SelfPacedProgress> {
    const { checkId } = await definitionFor(q, learner, mod);
    const [row] = await q.query(`SELECT ${selfPacedFactsSql('$1', '$2')} AS facts`, [mod.id, learner.id]);
    const facts: { lessonsTotal: number; lessonsDone: number; checkPassed: boolean } | null = row.facts;
    const p = facts ?? { lessonsTotal: 0, lessonsDone: 0, checkPassed: false };
    return {
      moduleCode: mod.code,
      selfPaced: facts !== null,
      lessonsTotal: p.lessonsTotal,
      lessonsDone: p.lessonsDone,
      hasCheck: checkId !== null,
      checkPassed: p.checkPassed,
      attended: selfPacedAttended(p),
    };
  }

  /**
   * Serializes one learner's self-paced writes (lesson done, attempts): call first in the
   * transaction, so counts and the attempt number cannot race.
   */
  async lockLearner(m: EntityManager, userId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('self-paced:' || $1::text, 0))`, [userId]);
  }

  /**
   * Within the transaction that changed the learner's facts for a module: bumps the revision
   * of each of their enrolments containing it (locked in a fixed order) and asks for a fresh
   * evaluation in the closed programmes among them, and in the self-paced ones (open-ended: a
   * learner's certificate follows their own progress), sent once the transaction commits.
   */
  async recordChange(m: EntityManager, actor: Actor, mod: ModuleRef): Promise<void> {
    const rows: { programme_id: string; status: string; delivery_mode: string }[] = await m.query(
      `SELECT e.programme_id, p.status, p.delivery_mode
         FROM enrolments e
         JOIN programmes p ON p.id = e.programme_id
         JOIN programme_modules pm ON pm.programme_id = e.programme_id AND pm.module_id = $2
        WHERE e.user_id = $1 AND p.city_id = $3 AND (e.module_codes IS NULL OR $4 = ANY(e.module_codes))
        ORDER BY e.programme_id
        FOR UPDATE OF e`,
      [actor.id, mod.id, actor.cityId, mod.code],
    );
    if (!rows.length) return;
    await m.query(`UPDATE enrolments SET revision = revision + 1 WHERE user_id = $1 AND programme_id = ANY($2)`, [
      actor.id,
      rows.map((r) => r.programme_id),
    ]);
    for (const r of rows) {
      if (r.status === 'closed' || r.delivery_mode === 'self-paced') await this.reevaluation.enqueue(r.programme_id, [actor.id], { manager: m });
    }
  }
}
