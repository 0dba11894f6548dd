import { type Actor, DomainError, forbidden, invalid, type Queryable } from '@academy/common';
import type { Problem } from './validation.js';

export interface ModuleRef {
  id: string;
  code: string;
  title: string;
}

export interface EnrolmentRef {
  programmeId: string;
  status: 'open' | 'closed';
}

/**
 * The self-paced facts of one module for one enrolled learner, as a SQL expression producing
 * `{"lessonsTotal": n, "lessonsDone": n, "checkPassed": bool}`, or NULL when the module has
 * no lessons (it is not self-paced). The rule sets read exactly this shape
 * (`ModuleRecord.selfPaced`). `checkPassed` is true once any attempt passed; a module with
 * lessons and no knowledge check never has it passed.
 *
 * It reads the view `module_self_paced`, the one definition the certificate job and the
 * statistics read too; the figures do not depend on the programme, and the view holds the
 * learners enrolled in the module (call it after `requireEnrolment`).
 */
export function selfPacedFactsSql(moduleId: string, userId: string): string {
  return `(SELECT json_build_object('lessonsTotal', sp.lessons_total, 'lessonsDone', sp.lessons_done,
                                    'checkPassed', sp.check_passed)
             FROM module_self_paced sp WHERE sp.module_id = ${moduleId} AND sp.user_id = ${userId} LIMIT 1)`;
}

/** The module of a catalogue code (any case), or 404. */
export async function moduleByCode(q: Queryable, code: string, lock = false): Promise<ModuleRef> {
  const [row] = await q.query(
    `SELECT id, code, title FROM modules WHERE code = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [code.toUpperCase()],
  );
  if (!row) throw new DomainError('not-found', `module ${code} was not found`);
  return row;
}

/**
 * The caller's enrolments in programmes of their city that contain the module (and, for a
 * learner enrolled in only some modules, that include this one).
 */
export async function enrolmentsWithModule(q: Queryable, actor: Actor, mod: ModuleRef): Promise<EnrolmentRef[]> {
  const rows: { programme_id: string; status: 'open' | 'closed' }[] = await q.query(
    `SELECT e.programme_id, p.status
       FROM enrolments e
       JOIN programmes p ON p.id = e.programme_id
       JOIN programme_modules pm ON pm.programme_id = e.programme_id AND pm.module_id = $2
      WHERE e.user_id = $1 AND p.city_id = $3 AND (e.module_codes IS NULL OR $4 = ANY(e.module_codes))
      ORDER BY e.programme_id`,
    [actor.id, mod.id, actor.cityId, mod.code],
  );
  return rows.map((r) => ({ programmeId: r.programme_id, status: r.status }));
}

/** Learners work on a self-paced module only within a programme that contains it: else 403. */
export async function requireEnrolment(q: Queryable, actor: Actor, mod: ModuleRef): Promise<EnrolmentRef[]> {
  const enrolments = await enrolmentsWithModule(q, actor, mod);
  if (!enrolments.length) throw forbidden(`you are not enrolled in a programme with module ${mod.code}`);
  return enrolments;
}

export const isStaff = (actor: Actor) => actor.role === 'admin' || actor.role === 'trainer';

/** A 400 listing every problem; the api shows them as `details`. */
export function invalidInput(problems: Problem[]): DomainError {
  return invalid(problems.map((p) => p.message).join('; '), problems);
}
