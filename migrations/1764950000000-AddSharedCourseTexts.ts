import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coalition's courses as shared self-paced definitions, in every language they are written in.
 *
 * - `lessons.titles` / `lessons.bodies` and `check_questions.prompts` / `.option_texts` /
 *   `.feedbacks`: language code → text (`option_texts`: language code → the options in order),
 *   as modules and materials keep theirs. The plain `title`, `body`, `prompt` and `options` stay
 *   the text as first given (English for the seeded courses), so every existing reader works.
 * - `lessons.seeded`, `lessons.slug`, `knowledge_checks.seeded`: the rows the seed loads from
 *   libs/course-content and keeps up to date, matched by slug. An administrator's own lessons or
 *   check (through the api) are never seeded ones, and the seed leaves such a module alone.
 * - `knowledge_checks.version`, `check_attempts.check_version`: when the seed changes what a
 *   check scores (questions, answer key or pass mark) after learners attempted it, the check gets a
 *   new version; earlier attempts are kept, a pass stays a pass, and attempts are counted (and
 *   reviewed) per version.
 * - `module_self_paced` now counts a module's lessons as self-paced work in a programme that is
 *   delivered self-paced (`delivery_mode = 'self-paced'`), or when the module has lessons of its
 *   own beside the shared ones: the shared lessons are there to read in every programme, but they
 *   do not turn a live programme's module (Tirana 2023's introduction) into a self-paced one.
 */
export class AddSharedCourseTexts1764950000000 implements MigrationInterface {
  name = 'AddSharedCourseTexts1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lessons
        ADD COLUMN slug text,
        ADD COLUMN titles jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_lessons_titles CHECK (jsonb_typeof(titles) = 'object'),
        ADD COLUMN bodies jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_lessons_bodies CHECK (jsonb_typeof(bodies) = 'object'),
        ADD COLUMN seeded boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT ck_lessons_seeded_slug CHECK (NOT seeded OR slug IS NOT NULL);
      CREATE UNIQUE INDEX uq_lessons_seeded_slug ON lessons (module_id, slug) WHERE seeded;

      ALTER TABLE knowledge_checks
        ADD COLUMN seeded boolean NOT NULL DEFAULT false,
        ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT ck_knowledge_checks_version CHECK (version > 0);

      ALTER TABLE check_questions
        ADD COLUMN prompts jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_check_questions_prompts CHECK (jsonb_typeof(prompts) = 'object'),
        ADD COLUMN option_texts jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_check_questions_option_texts CHECK (jsonb_typeof(option_texts) = 'object'),
        ADD COLUMN feedbacks jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_check_questions_feedbacks CHECK (jsonb_typeof(feedbacks) = 'object');

      ALTER TABLE check_attempts
        ADD COLUMN check_version integer NOT NULL DEFAULT 1 CONSTRAINT ck_check_attempts_version CHECK (check_version > 0);

      CREATE OR REPLACE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, l.lessons_total,
             (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
               WHERE x.module_id = me.module_id AND p.user_id = me.user_id) AS lessons_done,
             EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                      WHERE c.module_id = me.module_id AND a.user_id = me.user_id AND a.passed) AS check_passed
        FROM module_enrolments me
        JOIN programmes pr ON pr.id = me.programme_id
        JOIN (SELECT module_id, count(*)::int AS lessons_total, bool_or(NOT seeded) AS own
                FROM lessons GROUP BY module_id) l ON l.module_id = me.module_id
       WHERE pr.delivery_mode = 'self-paced' OR l.own;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, l.lessons_total,
             (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
               WHERE x.module_id = me.module_id AND p.user_id = me.user_id) AS lessons_done,
             EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                      WHERE c.module_id = me.module_id AND a.user_id = me.user_id AND a.passed) AS check_passed
        FROM module_enrolments me
        JOIN (SELECT module_id, count(*)::int AS lessons_total FROM lessons GROUP BY module_id) l ON l.module_id = me.module_id;
      ALTER TABLE check_attempts DROP COLUMN check_version;
      ALTER TABLE check_questions DROP COLUMN feedbacks, DROP COLUMN option_texts, DROP COLUMN prompts;
      ALTER TABLE knowledge_checks DROP COLUMN version, DROP COLUMN seeded;
      DROP INDEX uq_lessons_seeded_slug;
      ALTER TABLE lessons DROP CONSTRAINT ck_lessons_seeded_slug, DROP COLUMN seeded, DROP COLUMN bodies,
        DROP COLUMN titles, DROP COLUMN slug;
    `);
  }
}
