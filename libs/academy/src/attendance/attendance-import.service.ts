import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  AttendanceCsvFormatError,
  type AttendanceCsvError,
  type AttendanceCsvRow,
  parseAttendanceCsv,
} from '../../../attendance-csv/src/index.js';
import type { Actor } from '../common/actor.js';
import { invalid } from '../common/domain-error.js';
import { programmeOfCity } from '../programmes/programme-access.js';
import { ReevaluationService } from './reevaluation.service.js';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName } from '../queue/jobs.js';

export interface ImportResult {
  importId: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: AttendanceCsvError[];
  learnersCreated: number;
  sessionsCreated: number;
}

const INVITATION_BATCH = 1000;

/** COPY text format: backslash escapes, \N for null. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function* copyLines(rows: AttendanceCsvRow[]): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    chunk +=
      `${r.line}\t${copyValue(r.email)}\t${copyValue(r.name)}\t${copyValue(r.department)}\t` +
      `${copyValue(r.moduleCode)}\t${copyValue(r.sessionDate)}\t${copyValue(r.sessionId)}\t${r.status}\t` +
      `${copyValue(r.minutes)}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Imports an attendance file in one transaction, set-based: the valid rows are COPYed into
 * a temporary table, checked against the database (people of other cities, unknown or
 * ambiguous sessions), then learners, departments, enrolments, sessions and attendance are
 * merged with a handful of statements. A row that fails is reported with its line; the
 * others are kept. Re-importing the same file changes nothing.
 */
@Injectable()
export class AttendanceImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QueueName.Mail) private readonly mail: Queue,
    private readonly reevaluation: ReevaluationService,
  ) {}

  async import(actor: Actor, programmeId: string, file: Buffer): Promise<ImportResult> {
    const programme = await programmeOfCity(this.ds.manager, actor, programmeId);
    const codes: { code: string }[] = await this.ds.query(
      `SELECT m.code FROM programme_modules pm JOIN modules m ON m.id = pm.module_id WHERE pm.programme_id = $1`,
      [programmeId],
    );
    let parsed;
    try {
      parsed = parseAttendanceCsv(file, { moduleCodes: new Set(codes.map((c) => c.code)) });
    } catch (e) {
      if (e instanceof AttendanceCsvFormatError) throw invalid(`file: ${e.message}`);
      throw e;
    }
    const errors = [...parsed.errors];
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let result: Omit<ImportResult, 'errors' | 'rows'> & { newLearners: string[]; changedLearners: string[] };
    try {
      await qr.startTransaction();
      // One import per programme at a time: concurrent uploads would race on new sessions.
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [programmeId]);
      result = await this.merge(qr, actor, programmeId, programme.timezone, parsed.rows, errors);
      errors.sort((a, b) => a.line - b.line);
      const [rec] = await qr.query(
        `INSERT INTO attendance_imports (programme_id, uploaded_by, sha256, rows, created, updated, unchanged, errors)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [programmeId, actor.id, createHash('sha256').update(file).digest('hex'), parsed.total, result.created,
          result.updated, result.unchanged, JSON.stringify(errors)],
      );
      result.importId = rec.id;
      await qr.query(
        `INSERT INTO audit_events (city_id, actor_id, action, entity, entity_id, after)
         VALUES ($1, $2, 'attendance.imported', 'programme', $3, $4)`,
        [actor.cityId, actor.id, programmeId, {
          importId: rec.id, rows: parsed.total, created: result.created, updated: result.updated,
          unchanged: result.unchanged, errors: errors.length,
        }],
      );
      await qr.commitTransaction();
    } catch (e) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }

    for (let i = 0; i < result.newLearners.length; i += INVITATION_BATCH) {
      await this.mail.add(
        JobName.SendInvitations,
        { userIds: result.newLearners.slice(i, i + INVITATION_BATCH) },
        { ...DEFAULT_JOB_OPTIONS, jobId: `invite_${result.importId}_${i / INVITATION_BATCH}` },
      );
    }
    if (programme.status === 'closed') await this.reevaluation.enqueue(programmeId, result.changedLearners);
    const { newLearners: _n, changedLearners: _c, ...counts } = result;
    return { ...counts, rows: parsed.total, errors };
  }

  private async merge(
    qr: QueryRunner,
    actor: Actor,
    programmeId: string,
    timezone: string,
    rows: AttendanceCsvRow[],
    errors: AttendanceCsvError[],
  ) {
    await qr.query(`
      CREATE TEMP TABLE import_rows (
        line int PRIMARY KEY, email text NOT NULL, name text, department text, module_code text NOT NULL,
        session_date date, session_id uuid, status attendance_status NOT NULL, minutes int,
        user_id uuid, session_ref uuid
      ) ON COMMIT DROP`);
    const client = await qr.connect();
    await pipeline(
      Readable.from(copyLines(rows)),
      client.query(copyFrom(
        `COPY import_rows (line, email, name, department, module_code, session_date, session_id, status, minutes)
         FROM STDIN`,
      )),
    );
    await qr.query(`ANALYZE import_rows`);

    const reject = async (sql: string, params: unknown[]) => {
      const bad = await qr.query(
        `WITH bad AS (${sql}) DELETE FROM import_rows r USING bad WHERE r.line = bad.line
         RETURNING bad.line, bad.message`,
        params,
        true,
      );
      errors.push(...(bad.records as AttendanceCsvError[]));
    };

    await reject(
      `SELECT r.line, 'email: ' || r.email || ' belongs to a person of another city' AS message
         FROM import_rows r JOIN users u ON u.email = r.email WHERE u.city_id <> $1`,
      [actor.cityId],
    );
    await reject(
      `SELECT r.line, 'session: ' || r.session_id || ' is not a session of module ' || r.module_code
              || ' in this programme' AS message
         FROM import_rows r
         JOIN modules m ON m.code = r.module_code
         LEFT JOIN sessions s ON s.id = r.session_id AND s.programme_id = $1 AND s.module_id = m.id
        WHERE r.session_id IS NOT NULL AND s.id IS NULL`,
      [programmeId],
    );
    await reject(
      `SELECT r.line, 'session: ' || r.module_code || ' has ' || count(*) || ' sessions on ' || r.session_date
              || '; name the session by its id' AS message
         FROM import_rows r
         JOIN modules m ON m.code = r.module_code
         JOIN sessions s ON s.programme_id = $1 AND s.module_id = m.id AND s.local_date = r.session_date
        WHERE r.session_date IS NOT NULL
        GROUP BY r.line, r.module_code, r.session_date HAVING count(*) > 1`,
      [programmeId],
    );
    await reject(
      `SELECT r.line, 'name: required to create the new learner ' || r.email AS message
         FROM import_rows r LEFT JOIN users u ON u.email = r.email
        WHERE u.id IS NULL AND r.name IS NULL`,
      [],
    );

    await qr.query(
      `INSERT INTO departments (city_id, name)
       SELECT DISTINCT $1::uuid, department FROM import_rows WHERE department IS NOT NULL
       ON CONFLICT (city_id, name) DO NOTHING`,
      [actor.cityId],
    );
    const created: { id: string }[] = await qr.query(
      `INSERT INTO users (city_id, email, name, role, department_id)
       SELECT DISTINCT ON (r.email) $1::uuid, r.email, r.name, 'learner'::user_role, d.id
         FROM import_rows r
         LEFT JOIN departments d ON d.city_id = $1 AND d.name = r.department
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = r.email)
        ORDER BY r.email, r.line
       ON CONFLICT (email) DO NOTHING
       RETURNING id`,
      [actor.cityId],
    );
    await qr.query(`UPDATE import_rows r SET user_id = u.id FROM users u WHERE u.email = r.email`);
    await qr.query(
      `INSERT INTO enrolments (programme_id, user_id)
       SELECT DISTINCT $1::uuid, user_id FROM import_rows
       ON CONFLICT (programme_id, user_id) DO NOTHING`,
      [programmeId],
    );
    const sessions: { id: string }[] = await qr.query(
      `INSERT INTO sessions (programme_id, module_id, title, starts_at, timezone, local_date, mode)
       SELECT $1, m.id, m.title, (n.session_date::timestamp AT TIME ZONE $2), $2, n.session_date, 'online'
         FROM (SELECT DISTINCT module_code, session_date FROM import_rows WHERE session_date IS NOT NULL) n
         JOIN modules m ON m.code = n.module_code
        WHERE NOT EXISTS (SELECT 1 FROM sessions s
                           WHERE s.programme_id = $1 AND s.module_id = m.id AND s.local_date = n.session_date)
       RETURNING id`,
      [programmeId, timezone],
    );
    await qr.query(`UPDATE import_rows SET session_ref = session_id WHERE session_id IS NOT NULL`);
    await qr.query(
      `UPDATE import_rows r SET session_ref = s.id
         FROM modules m JOIN sessions s ON s.module_id = m.id AND s.programme_id = $1
        WHERE r.session_id IS NULL AND m.code = r.module_code AND s.local_date = r.session_date`,
      [programmeId],
    );

    // Upsert attendance; only real changes are written, and each correction is audited
    // with its previous value (every CTE sees the table as it was before the statement).
    const [merged] = await qr.query(
      `WITH old AS (
         SELECT a.session_id, a.user_id, a.status, a.minutes
           FROM attendance a JOIN import_rows r ON r.session_ref = a.session_id AND r.user_id = a.user_id
       ), up AS (
         INSERT INTO attendance (session_id, user_id, status, minutes, source, recorded_by, recorded_at)
         SELECT session_ref, user_id, status, minutes, 'csv', $1, now() FROM import_rows
         ON CONFLICT (session_id, user_id) DO UPDATE
           SET status = EXCLUDED.status, minutes = EXCLUDED.minutes, source = 'csv',
               recorded_by = EXCLUDED.recorded_by, recorded_at = now()
           WHERE (attendance.status, attendance.minutes) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.minutes)
         RETURNING session_id, user_id, status, minutes, (xmax = 0) AS inserted
       ), audited AS (
         INSERT INTO audit_events (city_id, actor_id, action, entity, entity_id, before, after)
         SELECT $2, $1, 'attendance.corrected', 'attendance', up.session_id || '/' || up.user_id,
                jsonb_build_object('status', old.status, 'minutes', old.minutes),
                jsonb_build_object('status', up.status, 'minutes', up.minutes, 'source', 'csv')
           FROM up JOIN old USING (session_id, user_id) WHERE NOT up.inserted
         RETURNING 1
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS created,
              count(*) FILTER (WHERE NOT inserted)::int AS updated,
              (SELECT count(*)::int FROM import_rows) AS applied,
              COALESCE(array_agg(DISTINCT user_id), '{}') AS changed
         FROM up`,
      [actor.id, actor.cityId],
    );
    const changedLearners: string[] = merged.changed;
    if (changedLearners.length) {
      await qr.query(
        `UPDATE enrolments SET revision = revision + 1 WHERE programme_id = $1 AND user_id = ANY($2)`,
        [programmeId, changedLearners],
      );
    }
    return {
      importId: '',
      created: merged.created as number,
      updated: merged.updated as number,
      unchanged: (merged.applied - merged.created - merged.updated) as number,
      learnersCreated: created.length,
      sessionsCreated: sessions.length,
      newLearners: created.map((c) => c.id),
      changedLearners,
    };
  }
}
