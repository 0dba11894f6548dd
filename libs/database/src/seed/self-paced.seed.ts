import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';
import type { KnowledgeCheckContent, ModuleContent } from '@academy/course-content';

/**
 * The coalition's shared self-paced courses: each module's lessons and knowledge check from
 * libs/course-content, in every language the content has. Idempotent: a run over unchanged
 * content writes nothing; a changed file updates the rows in place.
 *
 * - Lessons are matched by slug (`lessons.seeded`): changed texts and order are updated, new
 *   lessons added, and a seeded lesson the content no longer has is removed with the progress
 *   on it. Learners' progress on every kept lesson stays.
 * - The knowledge check keeps its attempts. A change of texts only (wording, feedback, a
 *   language added) is written in place. A change of what it scores — questions, answer key or
 *   pass mark — is written in place too while nobody attempted the check's current version;
 *   after that it becomes the check's next `version`: earlier attempts are kept, a pass stays a
 *   pass, and learners who had not passed get a fresh set of attempts at the new questions.
 * - A module whose lessons or check an administrator wrote through the api (rows that are not
 *   `seeded`) is that administrator's: the seed leaves that part of it alone. Only the module's
 *   owner's definition counts here (the shared one for the catalogue): a city's variant of a
 *   shared module never stops the shared lessons from following the content.
 */
export async function seedSelfPaced(m: EntityManager, moduleId: string, c: ModuleContent): Promise<void> {
  await seedLessons(m, moduleId, c);
  if (c.knowledgeCheck) await seedCheck(m, moduleId, c.knowledgeCheck);
}

async function seedLessons(m: EntityManager, moduleId: string, c: ModuleContent): Promise<void> {
  const [own] = await m.query(`SELECT 1 FROM lessons l JOIN modules m ON m.id = l.module_id
      WHERE l.module_id = $1 AND NOT l.seeded AND l.city_id IS NOT DISTINCT FROM m.city_id LIMIT 1`, [moduleId]);
  if (own) return;
  const rows = c.lessons.map((l, i) => ({
    slug: l.slug, position: i + 1, kind: l.kind, title: l.title.en, titles: l.title, body: l.body.en, bodies: l.body,
    url: l.url,
  }));
  // The (module, position) constraint is deferred: positions may pass each other within the transaction.
  await m.query(
    `WITH content AS (
       SELECT * FROM json_to_recordset($2::json)
         AS x(slug text, position int, kind lesson_kind, title text, titles jsonb, body text, bodies jsonb, url text)
     ), gone AS (
       DELETE FROM lessons WHERE module_id = $1 AND seeded AND slug NOT IN (SELECT slug FROM content)
     )
     INSERT INTO lessons AS l (module_id, slug, position, kind, title, titles, body, bodies, url, seeded)
     SELECT $1, slug, position, kind, title, titles, body, bodies, url, true FROM content
     ON CONFLICT (module_id, slug) WHERE seeded DO UPDATE
       SET position = EXCLUDED.position, kind = EXCLUDED.kind, title = EXCLUDED.title, titles = EXCLUDED.titles,
           body = EXCLUDED.body, bodies = EXCLUDED.bodies, url = EXCLUDED.url, updated_at = now()
       WHERE (l.position, l.kind, l.title, l.titles, l.body, l.bodies, l.url)
             IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.kind, EXCLUDED.title, EXCLUDED.titles, EXCLUDED.body,
                               EXCLUDED.bodies, EXCLUDED.url)`,
    [moduleId, JSON.stringify(rows)],
  );
}

interface QuestionRow {
  prompt: string;
  options: string[];
  correct_index: number;
  prompts: Record<string, string>;
  option_texts: Record<string, string[]>;
  feedbacks: Record<string, string>;
}

/** The rows a check's questions are stored as: English in the plain columns, every language in the objects. */
export function questionRows(check: KnowledgeCheckContent): QuestionRow[] {
  return check.questions.map((q) => {
    const languages = Object.keys(q.prompt);
    return {
      prompt: q.prompt.en,
      options: q.options.map((o) => o.en),
      correct_index: q.correctIndex,
      prompts: q.prompt,
      option_texts: Object.fromEntries(languages.map((l) => [l, q.options.map((o) => o[l])])),
      feedbacks: q.feedback,
    };
  });
}

/** What a check scores: a change of it gives attempts already made another meaning. */
const scoring = (passMark: number, questions: Pick<QuestionRow, 'options' | 'correct_index'>[]) => ({
  passMark,
  questions: questions.map((q) => [q.options.length, q.correct_index]),
});

async function seedCheck(m: EntityManager, moduleId: string, check: KnowledgeCheckContent): Promise<void> {
  const [current]: { id: string; seeded: boolean; pass_mark: string; max_attempts: number; version: number; attempts: number }[] =
    await m.query(
      `SELECT c.id, c.seeded, c.pass_mark, c.max_attempts, c.version,
              (SELECT count(*)::int FROM check_attempts a WHERE a.check_id = c.id AND a.check_version = c.version) AS attempts
         FROM knowledge_checks c JOIN modules m ON m.id = c.module_id
        WHERE c.module_id = $1 AND c.city_id IS NOT DISTINCT FROM m.city_id FOR UPDATE OF c`,
      [moduleId],
    );
  const wanted = questionRows(check);
  if (current && !current.seeded) return;
  let checkId = current?.id;
  if (!current) {
    [{ id: checkId }] = await m.query(
      `INSERT INTO knowledge_checks (module_id, pass_mark, max_attempts, seeded) VALUES ($1, $2, $3, true) RETURNING id`,
      [moduleId, check.passMark, check.maxAttempts],
    );
  } else {
    const stored: QuestionRow[] = await m.query(
      `SELECT prompt, options, correct_index, prompts, option_texts, feedbacks FROM check_questions
        WHERE check_id = $1 ORDER BY position`,
      [current.id],
    );
    const sameCheck = Number(current.pass_mark) === check.passMark && current.max_attempts === check.maxAttempts;
    if (sameCheck && isDeepStrictEqual(stored, wanted)) return;
    const rescored = !isDeepStrictEqual(scoring(Number(current.pass_mark), stored), scoring(check.passMark, wanted));
    await m.query(
      `UPDATE knowledge_checks SET pass_mark = $2, max_attempts = $3, version = version + $4, updated_at = now() WHERE id = $1`,
      [current.id, check.passMark, check.maxAttempts, rescored && current.attempts > 0 ? 1 : 0],
    );
    await m.query(`DELETE FROM check_questions WHERE check_id = $1`, [current.id]);
  }
  await m.query(
    `INSERT INTO check_questions (check_id, position, prompt, options, correct_index, prompts, option_texts, feedbacks)
     SELECT $1, q.position, q.prompt, ARRAY(SELECT json_array_elements_text(q.options)), q.correct_index, q.prompts,
            q.option_texts, q.feedbacks
       FROM json_to_recordset($2::json)
         AS q(position int, prompt text, options json, correct_index int, prompts jsonb, option_texts jsonb, feedbacks jsonb)`,
    [checkId, JSON.stringify(wanted.map((q, i) => ({ ...q, position: i + 1 })))],
  );
}
