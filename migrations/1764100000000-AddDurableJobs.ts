import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the queue needs from PostgreSQL so that no job is lost and none counts twice:
 *
 * - `decisions.close_count` and one decision per (programme, learner, revision, close). Old
 *   rows get the close they belong to from the audit trail (the last `programme.closed`
 *   entry before the decision), duplicates left by re-run evaluations are merged into the
 *   latest of each group (certificates point at the one that stays).
 * - `enrolments.decision_due`: true while the enrolment's current revision in a closed
 *   programme has no decision. A trigger keeps it when the revision changes (or the
 *   enrolment is added after the close), the close sets it for the whole cohort and the
 *   evaluation clears it. A partial index makes "what is still due" cost what is due, not
 *   what was ever enrolled: close-status and the reconciler read it. (And an index of the
 *   valid certificates by kind, which close-status counts.)
 * - `job_outbox`: jobs recorded in the transaction of the change they are about, deleted
 *   once BullMQ has them.
 * - `job_failures`: jobs that failed all their attempts, with the reason, for close-status
 *   and the retry route.
 * - `mail_messages`: one row per message sent, claimed before sending, so that a mail job
 *   run twice sends nothing twice.
 */
export class AddDurableJobs1764100000000 implements MigrationInterface {
  name = 'AddDurableJobs1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE decisions ADD COLUMN close_count integer;
      UPDATE decisions d
         SET close_count = COALESCE(
               (SELECT max((a.after ->> 'closeCount')::int) FROM audit_events a
                 WHERE a.entity = 'programme' AND a.entity_id = d.programme_id::text
                   AND a.action = 'programme.closed' AND a.at <= d.decided_at),
               p.close_count)
        FROM programmes p
       WHERE p.id = d.programme_id;

      CREATE TEMPORARY TABLE decision_merge AS
        SELECT id, first_value(id) OVER w AS kept, row_number() OVER w AS n
          FROM decisions
        WINDOW w AS (PARTITION BY programme_id, user_id, revision, close_count ORDER BY decided_at DESC, id DESC);
      DELETE FROM decision_merge WHERE n = 1;
      UPDATE certificates c SET decision_id = m.kept FROM decision_merge m WHERE c.decision_id = m.id;
      DELETE FROM decisions d USING decision_merge m WHERE d.id = m.id;
      DROP TABLE decision_merge;

      ALTER TABLE decisions ALTER COLUMN close_count SET NOT NULL;
      ALTER TABLE decisions ADD CONSTRAINT uq_decisions_programme_user_revision_close
        UNIQUE (programme_id, user_id, revision, close_count);

      ALTER TABLE enrolments ADD COLUMN decision_due boolean NOT NULL DEFAULT false;
      UPDATE enrolments e SET decision_due = true
        FROM programmes p
       WHERE p.id = e.programme_id AND p.status = 'closed'
         AND NOT EXISTS (SELECT 1 FROM decisions d
                          WHERE d.programme_id = e.programme_id AND d.user_id = e.user_id
                            AND d.revision = e.revision AND d.close_count = p.close_count);
      CREATE INDEX ix_enrolments_decision_due ON enrolments (programme_id, user_id) WHERE decision_due;
      -- close-status counts valid certificates by kind: from the index alone once vacuumed.
      CREATE INDEX ix_certificates_valid_kind ON certificates (programme_id, kind) WHERE status = 'valid';

      -- A change of a learner's facts (the revision) or a new enrolment, in a closed programme,
      -- owes a decision; wherever the change is written, in one place.
      CREATE FUNCTION enrolments_decision_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.revision IS DISTINCT FROM OLD.revision THEN
          NEW.decision_due := EXISTS (SELECT 1 FROM programmes WHERE id = NEW.programme_id AND status = 'closed');
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER tr_enrolments_decision_due BEFORE INSERT OR UPDATE OF revision ON enrolments
        FOR EACH ROW EXECUTE FUNCTION enrolments_decision_due();

      CREATE TABLE job_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        queue text NOT NULL,
        name text NOT NULL,
        job_id text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE job_failures (
        job_id text NOT NULL,
        queue text NOT NULL,
        name text NOT NULL,
        data jsonb NOT NULL,
        programme_id uuid,
        user_id uuid,
        reason text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL,
        PRIMARY KEY (queue, job_id)
      );
      CREATE INDEX ix_job_failures_programme ON job_failures (programme_id, failed_at) WHERE programme_id IS NOT NULL;

      CREATE TABLE mail_messages (
        message_id text PRIMARY KEY,
        job_id text NOT NULL,
        recipient text NOT NULL,
        kind text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE mail_messages, job_failures, job_outbox;
      DROP TRIGGER tr_enrolments_decision_due ON enrolments;
      DROP FUNCTION enrolments_decision_due();
      DROP INDEX ix_certificates_valid_kind;
      DROP INDEX ix_enrolments_decision_due;
      ALTER TABLE enrolments DROP COLUMN decision_due;
      ALTER TABLE decisions DROP CONSTRAINT uq_decisions_programme_user_revision_close;
      ALTER TABLE decisions DROP COLUMN close_count;
    `);
  }
}
