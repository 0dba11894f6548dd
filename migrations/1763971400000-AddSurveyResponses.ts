import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Answers to surveys such as the needs assessment: one response per person and survey. */
export class AddSurveyResponses1763971400000 implements MigrationInterface {
  name = 'AddSurveyResponses1763971400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE survey_responses (
        survey text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        city_id uuid NOT NULL REFERENCES cities(id),
        answers jsonb NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (survey, user_id)
      );
      CREATE INDEX ix_survey_responses_city ON survey_responses (survey, city_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE survey_responses`);
  }
}
