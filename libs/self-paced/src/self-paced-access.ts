import { type Actor, DomainError, forbidden, invalid, type Queryable } from '@academy/common';
import type { Problem } from './validation.js';

export interface ModuleRef {
  id: string;
  code: string;
  title: string;
  /** The city that owns the module; null: the coalition's shared catalogue. */
  cityId: string | null;
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

/**
 * The module of a catalogue code (any case) the caller can see: the shared catalogue and
 * their own city's modules (the platform role sees every city's). Another city's module is
 * a 404, exactly like an unknown code.
 */
export async function moduleByCode(q: Queryable, actor: Actor, code: string, lock = false): Promise<ModuleRef> {
  const [row] = await q.query(
    `SELECT id, code, title, city_id AS "cityId" FROM modules
      WHERE code = $1 AND (city_id IS NULL OR city_id = $2 OR $3)
      ORDER BY city_id NULLS FIRST LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`,
    [code.toUpperCase(), actor.cityId, actor.role === 'platform'],
  );
  if (!row) throw new DomainError('not-found', `module ${code} was not found`);
  return row;
}

/**
 * Whose lessons and knowledge check a caller reads in a module: for the platform role the
 * module's own definition; for a city's people the one their city follows (its variant when
 * it has one). Read from `module_definitions`, the view the progress view joins too.
 */
export async function definitionFor(q: Queryable, actor: Actor, mod: ModuleRef): Promise<{ lessonsOwner: string | null; checkId: string | null }> {
  // The platform's own row (the coalition's) has no variants: it reads the shared definition.
  const city = actor.role === 'platform' ? (mod.cityId ?? actor.cityId) : actor.cityId;
  const [row] = await q.query(
    `SELECT lessons_owner, check_id FROM module_definitions WHERE module_id = $1 AND city_id = $2`,
    [mod.id, city],
  );
  return { lessonsOwner: row?.lessons_owner ?? null, checkId: row?.check_id ?? null };
}

/**
 * Which definition of a module's lessons or check the caller may change, or 403 naming what
 * they can do instead. The platform role edits the shared catalogue; a city's administrator
 * edits their city's own modules and (with `variant`) their city's variant of a shared one.
 * Answers the owner written into the rows (null: shared).
 */
export function editableOwner(actor: Actor, mod: ModuleRef, what: string, variant: boolean): string | null {
  if (variant) {
    if (actor.role !== 'admin') throw forbidden(`a city's variant of ${what} is made by that city's administrators`);
    if (mod.cityId !== null) {
      throw invalid(`code: ${mod.code} is your city's own module: change its ${what} at /api/modules/${mod.code}/${what === 'lessons' ? 'lessons' : 'knowledge-check'}`);
    }
    return actor.cityId;
  }
  if (mod.cityId === null) {
    if (actor.role === 'platform') return null;
    throw forbidden(
      `${mod.code} belongs to the coalition's shared catalogue, which only its academy team changes; ` +
        `your city can use its own variant: /api/modules/${mod.code}/variant/${what === 'lessons' ? 'lessons' : 'knowledge-check'}`,
    );
  }
  if (actor.role === 'admin' && mod.cityId === actor.cityId) return actor.cityId;
  throw forbidden(`${mod.code} is a city's own module: only that city's administrators change its ${what}`);
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
/** May read lessons and questions without being enrolled: a city's staff, and the platform role. */
export const canBrowse = (actor: Actor) => isStaff(actor) || actor.role === 'platform';

/** A 400 listing every problem; the api shows them as `details`. */
export function invalidInput(problems: Problem[]): DomainError {
  return invalid(problems.map((p) => p.message).join('; '), problems);
}
