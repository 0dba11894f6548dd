import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, notFound, type Queryable } from '@academy/common';
import {
  canBrowse, definitionFor, editableOwner, invalidInput, type ModuleRef, moduleByCode, requireEnrolment,
} from './self-paced-access.js';
import { type LanguageNote, languageNote, localised, type ReaderLanguage, readerLanguage } from './reader-language.js';
import { type SelfPacedProgress, SelfPacedProgressService } from './self-paced-progress.service.js';
import { type LessonKind, validateLessons } from './validation.js';

export interface LessonView extends LanguageNote {
  id: string;
  moduleCode: string;
  /** 1, 2, 3, … in reading order. */
  position: number;
  kind: LessonKind;
  title: string;
  body: string | null;
  url: string | null;
  /** The caller marked it done. */
  done: boolean;
  doneAt: string | null;
}

export interface LessonDone {
  lessonId: string;
  moduleCode: string;
  done: true;
  doneAt: string;
  progress: SelfPacedProgress;
}

/**
 * Lessons of self-paced modules: administrators replace a module's ordered list; learners
 * enrolled in a programme containing the module read them and mark them done.
 */
@Injectable()
export class LessonsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly progress: SelfPacedProgressService,
  ) {}

  /**
   * The module's lessons in order, each with `done` for the caller, in the language asked for
   * (`lang`, else the caller's own, else their city's default; see `language`): the lessons the
   * caller's city follows (its variant when it has one). Learners must be enrolled.
   */
  async list(actor: Actor, moduleCode: string, lang?: string): Promise<LessonView[]> {
    const mod = await moduleByCode(this.ds, actor, moduleCode);
    if (!canBrowse(actor)) await requireEnrolment(this.ds, actor, mod);
    const { lessonsOwner } = await definitionFor(this.ds, actor, mod);
    return this.lessonsOf(this.ds, mod, lessonsOwner, actor.id, await readerLanguage(this.ds, actor, lang));
  }

  /**
   * Replaces the module's ordered lesson list. An entry with the `id` of one of the module's
   * lessons keeps that lesson (and the progress learners made on it) and updates it; entries
   * without an id are new lessons; lessons left out are deleted with their progress.
   *
   * Without `variant`: the module's own list (the shared catalogue's, by the platform role;
   * a city's own module's, by its administrators). With `variant`: the caller's city's own
   * list for a shared module, which from then on only that city's learners follow.
   */
  async replace(actor: Actor, moduleCode: string, input: unknown, variant = false): Promise<LessonView[]> {
    if (actor.role !== 'admin' && actor.role !== 'platform') throw forbidden('only administrators change lessons');
    const checked = validateLessons(input);
    if (!checked.ok) throw invalidInput(checked.problems);
    const lessons = checked.value;
    const { mod, owner } = await this.ds.transaction(async (m) => {
      const mod = await moduleByCode(m, actor, moduleCode, true);
      const owner = editableOwner(actor, mod, 'lessons', variant);
      if (variant) {
        await m.query(
          `INSERT INTO lesson_variants (module_id, city_id, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [mod.id, owner, actor.id],
        );
      }
      const before: { id: string; position: number; kind: string; title: string }[] = await m.query(
        `SELECT id, position, kind, title FROM lessons WHERE module_id = $1 AND city_id IS NOT DISTINCT FROM $2 ORDER BY position`,
        [mod.id, owner],
      );
      const existing = new Set(before.map((l) => l.id));
      const strangers = lessons
        .map((l, i) => ({ id: l.id, i }))
        .filter((l) => l.id && !existing.has(l.id))
        .map(({ i }) => ({ field: `lessons[${i}].id`, message: `lessons[${i}].id is not a lesson of ${mod.code}` }));
      if (strangers.length) throw invalidInput(strangers);

      const kept = lessons.filter((l) => l.id).map((l) => l.id!);
      await m.query(
        `DELETE FROM lessons WHERE module_id = $1 AND city_id IS NOT DISTINCT FROM $3 AND NOT (id = ANY($2::uuid[]))`,
        [mod.id, kept, owner],
      );
      // The (module, position) constraint is deferred, so positions may pass each other here.
      await m.query(
        `WITH input AS (
           SELECT * FROM json_to_recordset($2::json)
             AS i(id uuid, position int, kind lesson_kind, title text, body text, url text)
         ), updated AS (
           UPDATE lessons l SET position = i.position, kind = i.kind, title = i.title, body = i.body, url = i.url,
                  titles = '{}', bodies = '{}', seeded = false, updated_at = now()
             FROM input i
            WHERE l.id = i.id AND l.module_id = $1 AND l.city_id IS NOT DISTINCT FROM $3
              AND (l.position, l.kind, l.title, l.body, l.url) IS DISTINCT FROM (i.position, i.kind, i.title, i.body, i.url)
         )
         INSERT INTO lessons (module_id, city_id, position, kind, title, body, url)
         SELECT $1, $3, position, kind, title, body, url FROM input WHERE id IS NULL`,
        [mod.id, JSON.stringify(lessons.map((l, i) => ({ ...l, id: l.id ?? null, position: i + 1 }))), owner],
      );
      // Filed under the city whose lessons changed; the shared catalogue's under the coalition (the platform's row).
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: variant ? 'lessons.variant-replaced' : 'lessons.replaced',
        entity: 'module', entityId: mod.code,
        before: { lessons: before.map((l) => ({ id: l.id, kind: l.kind, title: l.title })) },
        after: { lessons: lessons.map((l) => ({ id: l.id ?? null, kind: l.kind, title: l.title })), shared: owner === null },
      });
      return { mod, owner };
    });
    return this.lessonsOf(this.ds, mod, owner, actor.id, await readerLanguage(this.ds, actor));
  }

  /**
   * Marks a lesson done for the caller, in order: 409 while an earlier lesson of the module is
   * not done. Idempotent: doing it again keeps the first time and changes nothing else. The first time bumps the caller's enrolments containing the module
   * and re-evaluates them in closed programmes.
   */
  async markDone(actor: Actor, lessonId: string): Promise<LessonDone> {
    // Enrolment first, as on the other learner routes: a lesson the caller may see (shared, their
    // city's, or any city's for the platform role) of a module they are not enrolled in is a 403.
    const [visible]: ModuleRef[] = await this.ds.query(
      `SELECT m.id, m.code, m.title, m.city_id AS "cityId" FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE l.id = $1 AND (($2::uuid IS NOT DISTINCT FROM l.city_id OR l.city_id IS NULL) AND (m.city_id IS NULL OR m.city_id = $2) OR $3)`,
      [lessonId, actor.cityId, actor.role === 'platform'],
    );
    if (!visible) throw notFound('lesson', lessonId);
    await requireEnrolment(this.ds, actor, visible);
    // Then only a lesson of the list the caller's city follows; any other (another city's variant,
    // the shared list their city replaced) is a 404 like an unknown id.
    const [lesson] = await this.ds.query(
      `SELECT l.id, m.id AS module_id, m.code, m.title, m.city_id FROM lessons l JOIN modules m ON m.id = l.module_id
         JOIN module_definitions d ON d.module_id = m.id AND d.city_id = $2
        WHERE l.id = $1 AND l.city_id IS NOT DISTINCT FROM d.lessons_owner`,
      [lessonId, actor.cityId],
    );
    if (!lesson) throw notFound('lesson', lessonId);
    const mod: ModuleRef = { id: lesson.module_id, code: lesson.code, title: lesson.title, cityId: lesson.city_id };
    const doneAt = await this.ds.transaction(async (m) => {
      await this.progress.lockLearner(m, actor.id);
      const [earlier]: { position: number; title: string }[] = await m.query(
        `SELECT l.position, l.title FROM lessons this JOIN lessons l ON l.module_id = this.module_id AND l.city_id IS NOT DISTINCT FROM this.city_id
                                                 AND l.position < this.position
          WHERE this.id = $2
            AND NOT EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = $1 AND p.lesson_id = this.id)
            AND NOT EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = $1 AND p.lesson_id = l.id)
          ORDER BY l.position LIMIT 1`,
        [actor.id, lessonId],
      );
      if (earlier) {
        throw conflict(`lessons are taken in order: lesson ${earlier.position} of ${mod.code} ("${earlier.title}") is not done yet`);
      }
      const inserted: { done_at: Date }[] = await m.query(
        `INSERT INTO lesson_progress (user_id, lesson_id) SELECT $1, id FROM lessons WHERE id = $2
         ON CONFLICT (user_id, lesson_id) DO NOTHING RETURNING done_at`,
        [actor.id, lessonId],
      );
      if (inserted.length) {
        await this.progress.recordChange(m, actor, mod);
        return inserted[0].done_at;
      }
      const [row] = await m.query(`SELECT done_at FROM lesson_progress WHERE user_id = $1 AND lesson_id = $2`, [
        actor.id,
        lessonId,
      ]);
      // Deleted by an administrator in the meantime.
      if (!row) throw notFound('lesson', lessonId);
      return row.done_at as Date;
    });
    return {
      lessonId, moduleCode: mod.code, done: true, doneAt: doneAt.toISOString(),
      progress: await this.progress.of(this.ds, actor, mod),
    };
  }

  private async lessonsOf(q: Queryable, mod: ModuleRef, owner: string | null, userId: string, reader: ReaderLanguage): Promise<LessonView[]> {
    const rows = await q.query(
      `SELECT l.id, l.position, l.kind, l.title, l.titles, l.body, l.bodies, l.url, p.done_at
         FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = $2
        WHERE l.module_id = $1 AND l.city_id IS NOT DISTINCT FROM $3 ORDER BY l.position`,
      [mod.id, userId, owner],
    );
    return rows.map((r: any) => {
      const title = localised(r.titles, reader, r.title);
      // The body follows the title's language, so one lesson never mixes two.
      const body = r.body === null ? null : localised(r.bodies, { ...reader, requested: title.language ?? reader.requested }, r.body).text;
      return {
        id: r.id, moduleCode: mod.code, position: r.position, kind: r.kind, title: title.text, body, url: r.url,
        ...languageNote(title.language, reader), done: r.done_at !== null, doneAt: r.done_at?.toISOString() ?? null,
      };
    });
  }
}
