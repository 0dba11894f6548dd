import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance from video-conference reports (Zoom, Teams): every uploaded report with what it
 * matched and derived, and the review list of people it could not match to an enrolled
 * learner, which a trainer assigns to a learner or dismisses.
 */
export class AddVideoConferenceImports1763971200000 implements MigrationInterface {
  name = 'AddVideoConferenceImports1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vc_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        format text NOT NULL CHECK (format IN ('zoom', 'teams', 'teams-legacy')),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        -- {title, start, end} as the report gives them
        meeting jsonb NOT NULL,
        -- {name, email} of the participant flagged as organiser, left out of the matching
        organiser jsonb,
        participants integer NOT NULL CHECK (participants >= 0),
        matched integer NOT NULL CHECK (matched >= 0),
        review integer NOT NULL CHECK (review >= 0),
        created integer NOT NULL CHECK (created >= 0),
        updated integer NOT NULL CHECK (updated >= 0),
        unchanged integer NOT NULL CHECK (unchanged >= 0),
        kept_manual integer NOT NULL CHECK (kept_manual >= 0),
        -- The parser's meaning → header map, its warnings and the importer's own notes
        columns jsonb NOT NULL,
        warnings jsonb NOT NULL,
        -- One entry per participant: organiser / matched (how, minutes, status, why) / review
        outcomes jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_vc_imports_session ON vc_imports (session_id, created_at);

      CREATE TYPE vc_review_status AS ENUM ('pending', 'assigned', 'dismissed');
      CREATE TABLE vc_review_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The import that last put this person on the list
        import_id uuid NOT NULL REFERENCES vc_imports(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        name text NOT NULL,
        -- trimmed, spaces collapsed, lower case, accents kept
        name_key text NOT NULL,
        email text CHECK (email IS NULL OR email = lower(email)),
        minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
        first_join timestamptz,
        last_leave timestamptz,
        -- Why the importer did not match this person
        reason text NOT NULL,
        status vc_review_status NOT NULL DEFAULT 'pending',
        user_id uuid REFERENCES users(id),
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_vc_review_items_resolution CHECK (
          (status = 'pending' AND resolved_at IS NULL AND resolved_by IS NULL AND user_id IS NULL)
          OR (status = 'assigned' AND resolved_at IS NOT NULL AND user_id IS NOT NULL)
          OR (status = 'dismissed' AND resolved_at IS NOT NULL AND user_id IS NULL))
      );
      -- One item per person and session: importing the same report again adds nothing.
      CREATE UNIQUE INDEX uq_vc_review_items_person ON vc_review_items (session_id, name_key, (COALESCE(email, '')));
      CREATE INDEX ix_vc_review_items_pending ON vc_review_items (session_id, created_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE vc_review_items, vc_imports;
      DROP TYPE vc_review_status;
    `);
  }
}
