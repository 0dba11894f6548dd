import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MOOC format: a module is self-paced when it has lessons. Its lessons are read in order
 * and marked done by the learner; its one knowledge check (multiple choice) is passed with a
 * share of right answers at least `pass_mark` within `max_attempts` attempts.
 *
 * `check_questions.correct_index` is the answer key: the learner api never selects it.
 */
export class AddSelfPacedLessons1763971300000 implements MigrationInterface {
  name = 'AddSelfPacedLessons1763971300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE lesson_kind AS ENUM ('text', 'video', 'reading');
      CREATE TABLE lessons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position > 0),
        kind lesson_kind NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        body text,
        url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Deferred: replacing the list reorders kept lessons in one transaction.
        CONSTRAINT uq_lessons_module_position UNIQUE (module_id, position) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT ck_lessons_content CHECK (
          (kind = 'text' AND body IS NOT NULL) OR (kind = 'video' AND url IS NOT NULL)
          OR (kind = 'reading' AND (body IS NOT NULL OR url IS NOT NULL)))
      );

      CREATE TABLE knowledge_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
        -- A share of the questions answered right, 0..1: 0.75 means 3 of 4, 8 of 10, 15 of 20.
        pass_mark numeric(5, 4) NOT NULL CHECK (pass_mark BETWEEN 0 AND 1),
        max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_knowledge_checks_module UNIQUE (module_id)
      );

      CREATE TABLE check_questions (
        check_id uuid NOT NULL REFERENCES knowledge_checks(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position > 0),
        prompt text NOT NULL CHECK (length(prompt) BETWEEN 1 AND 2000),
        options text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 8),
        correct_index integer NOT NULL,
        PRIMARY KEY (check_id, position),
        CONSTRAINT ck_check_questions_correct CHECK (correct_index >= 0 AND correct_index < cardinality(options))
      );

      CREATE TABLE lesson_progress (
        user_id uuid NOT NULL REFERENCES users(id),
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        done_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, lesson_id)
      );
      CREATE INDEX ix_lesson_progress_lesson ON lesson_progress (lesson_id);

      CREATE TABLE check_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        check_id uuid NOT NULL REFERENCES knowledge_checks(id) ON DELETE CASCADE,
        -- 1, 2, ...: with the unique constraint, two racing submissions cannot both be attempt n.
        attempt_no integer NOT NULL CHECK (attempt_no > 0),
        answers integer[] NOT NULL,
        correct integer NOT NULL CHECK (correct >= 0),
        score numeric(5, 4) NOT NULL CHECK (score BETWEEN 0 AND 1),
        passed boolean NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_check_attempts_number UNIQUE (user_id, check_id, attempt_no)
      );
      CREATE INDEX ix_check_attempts_check ON check_attempts (check_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE check_attempts, lesson_progress, check_questions, knowledge_checks, lessons;
      DROP TYPE lesson_kind;
    `);
  }
}
