import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  type AttendanceCsvError,
  AttendanceCsvFormatError,
  type AttendanceCsvRow,
  type AttendanceCsvWarning,
  parseAttendanceCsv,
} from '@academy/attendance-csv';
import { AuditService } from '@academy/audit';
import { type Actor, forbidden, invalid } from '@academy/common';
import { type Programme, programmeOfCity, ReevaluationService } from '@academy/programmes';
import { JobGateway, JobName } from '@academy/queue';
import { OWN_ATTENDANCE } from './attendance.service.js';
import { copyEnrolments, copyFreshAttendance, copyImportRows, type ResolvedRow } from './import-copy.js';
import { conflictWords, MANUAL_SOURCES, type ManualConflict } from './import-policy.js';

export interface ImportResult {
  importId: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Lines repeating an earlier line of the file, counted once. */
  duplicates: number;
  /** Rows that disagree with a manual record, which was kept (see ./import-policy.ts). */
  keptManual: number;
  /** Each of those rows: the file's value and the manual record kept. */
  manualConflicts: ManualConflict[];
  errors: AttendanceCsvError[];
  warnings: AttendanceCsvWarning[];
  learnersCreated: number;
  sessionsCreated: number;
}

const INVITATION_BATCH = 1000;

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
    private readonly jobs: JobGateway,
    private readonly reevaluation: ReevaluationService,
    private readonly audit: AuditService,
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
    // Separation of duties: a file holding the importer's own attendance is refused whole.
    const [me] = await this.ds.query(`SELECT email FROM users WHERE id = $1`, [actor.id]);
    const own = parsed.rows.find((r) => r.email === me?.email);
    if (own) throw forbidden(`${OWN_ATTENDANCE} (line ${own.line} is ${own.email}, the importer)`);
    const errors = [...parsed.errors];
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let result: Omit<ImportResult, 'errors' | 'rows' | 'duplicates' | 'warnings'> & { newLearners: string[]; changedLearners: string[] };
    const warnings = [...parsed.warnings];
    try {
      await qr.startTransaction();
      // One import per programme at a time: concurrent uploads would race on new sessions.
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [programmeId]);
      result = await this.merge(qr, actor, programme, parsed.rows, errors);
      errors.sort((a, b) => a.line - b.line);
      const [rec] = await qr.query(
        `INSERT INTO attendance_imports (programme_id, uploaded_by, sha256, rows, created, updated, unchanged, errors)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [programmeId, actor.id, createHash('sha256').update(file).digest('hex'), parsed.total, result.created,
          result.updated, result.unchanged, JSON.stringify(errors)],
      );
      result.importId = rec.id;
      await this.audit.record(qr, {
        cityId: actor.cityId, actorId: actor.id, action: 'attendance.imported', entity: 'programme', entityId: programmeId,
        after: {
          importId: rec.id, rows: parsed.total, created: result.created, updated: result.updated,
          unchanged: result.unchanged, keptManual: result.keptManual, errors: errors.length,
        },
      });
      // Sent once the import is committed: invitations in batches, then the re-evaluations.
      const newLearners = result.newLearners;
      const batches = Math.ceil(newLearners.length / INVITATION_BATCH);
      await this.jobs.enqueue(
        Array.from({ length: batches }, (_, n) => ({
          name: JobName.SendInvitations,
          data: { userIds: newLearners.slice(n * INVITATION_BATCH, (n + 1) * INVITATION_BATCH), batch: `${rec.id}_${n}` },
        })),
        { manager: qr.manager },
      );
      if (programme.status === 'closed') {
        await this.reevaluation.enqueue(programmeId, result.changedLearners, { manager: qr.manager });
      }
      await qr.commitTransaction();
    } catch (e) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }

    const { newLearners: _n, changedLearners: _c, ...counts } = result;
    for (const c of result.manualConflicts) warnings.push({ line: c.lines[0], message: conflictWords(c) });
    warnings.sort((a, b) => a.line - b.line);
    return { ...counts, rows: parsed.total, duplicates: parsed.duplicates, errors, warnings };
  }

  /**
   * People and sessions are few (thousands) next to rows (up to hundreds of thousands), so
   * they are resolved first with array-parameter statements; only the attendance rows,
   * already carrying their ids, are COPYed and merged.
   */
  private async merge(
    qr: QueryRunner,
    actor: Actor,
    programme: Programme,
    rows: AttendanceCsvRow[],
    errors: AttendanceCsvError[],
  ) {
    const programmeId = programme.id;
    // After closing, every changed learner is re-evaluated; before, nobody needs to know.
    const closed = programme.status === 'closed';
    await qr.query(`SET LOCAL work_mem = '64MB'`);
    const users = await this.resolveLearners(qr, actor, rows, errors);
    const { sessions, rejected, newSessions } = await this.resolveSessions(qr, programme, rows, errors);

    const resolved: ResolvedRow[] = [];
    const learners = new Set<string>();
    const newLearners = new Set(users.created);
    // The parser pairs rows naming a session the same way; one by date and one by id meet here.
    const lineOf = new Map<string, number>();
    for (const r of rows) {
      const userId = users.ids.get(r.email);
      const sessionId = sessions.get(r.sessionId ?? `${r.moduleCode}|${r.sessionDate}`);
      if (!userId || !sessionId || rejected.has(r.line)) continue; // reported by the resolvers
      const first = lineOf.get(`${sessionId}|${userId}`);
      if (first !== undefined) {
        errors.push({ line: r.line, message: `duplicate of line ${first} for the same learner and session` });
        continue;
      }
      lineOf.set(`${sessionId}|${userId}`, r.line);
      resolved.push({
        line: r.line, sessionId, userId, status: r.status, minutes: r.minutes,
        fresh: newLearners.has(userId) || newSessions.has(sessionId),
      });
      learners.add(userId);
    }
    const client = await qr.connect();
    // Learners this import created have no enrolment yet: COPYed; the others may have one.
    const known = [...learners].filter((id) => !newLearners.has(id));
    if (newLearners.size) await copyEnrolments(client, programmeId, [...learners].filter((id) => newLearners.has(id)));
    if (known.length) {
      await qr.query(
        `INSERT INTO enrolments (programme_id, user_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT (programme_id, user_id) DO NOTHING`,
        [programmeId, known],
      );
    }
    const fresh = resolved.filter((r) => r.fresh);
    const others = resolved.filter((r) => !r.fresh);
    const inserted = fresh.length ? await copyFreshAttendance(client, fresh, actor.id) : 0;
    let conflicts: ManualConflict[] = [];
    let merged = { created: 0, updated: 0, changed: [] as string[] };
    if (others.length) {
      await copyImportRows(client, others);
      // Rows over a manual record that say something else: the manual record is kept (the one
      // import policy, ./import-policy.ts), and the row is reported.
      conflicts = (
        await qr.query(
          `SELECT r.line, r.session_id, m.code AS module_code, r.user_id, u.email, r.status, r.minutes,
                  a.status AS kept_status, a.minutes AS kept_minutes, a.recorded_at, ru.email AS recorded_by
             FROM import_rows r
             JOIN attendance a ON a.session_id = r.session_id AND a.user_id = r.user_id
             JOIN users u ON u.id = r.user_id
             JOIN sessions s ON s.id = r.session_id JOIN modules m ON m.id = s.module_id
             LEFT JOIN users ru ON ru.id = a.recorded_by
            WHERE a.source = ANY ($1) AND (a.status, a.minutes) IS DISTINCT FROM (r.status, r.minutes)
            ORDER BY r.line`,
          [MANUAL_SOURCES],
        )
      ).map((c: any) => ({
        lines: [c.line], sessionId: c.session_id, moduleCode: c.module_code, userId: c.user_id, email: c.email,
        file: { status: c.status, minutes: c.minutes },
        kept: { status: c.kept_status, minutes: c.kept_minutes, recordedAt: c.recorded_at.toISOString(), recordedBy: c.recorded_by },
      }));
      // The others are upserted; only real changes are written, and each correction is audited
      // with its previous value (every CTE sees the table as it was before the statement).
      [merged] = await qr.query(
        `WITH up AS (
           INSERT INTO attendance AS a (session_id, user_id, status, minutes, source, recorded_by, recorded_at)
           SELECT session_id, user_id, status, minutes, 'csv', $1, now() FROM import_rows
           ON CONFLICT (session_id, user_id) DO UPDATE
             SET status = EXCLUDED.status, minutes = EXCLUDED.minutes, source = 'csv',
                 recorded_by = EXCLUDED.recorded_by, recorded_at = now()
             WHERE (a.status, a.minutes) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.minutes)
               AND a.source <> ALL ($4::text[])
           RETURNING session_id, user_id, status, minutes, (xmax = 0) AS inserted
         ), corrected AS (
           SELECT up.*, old.status AS old_status, old.minutes AS old_minutes
             FROM up JOIN attendance old USING (session_id, user_id)
            WHERE NOT up.inserted
         ), audited AS (
           ${this.audit.insertFrom(`
             SELECT $2, $1, 'attendance.corrected', 'attendance', session_id || '/' || user_id,
                    jsonb_build_object('status', old_status, 'minutes', old_minutes),
                    jsonb_build_object('status', status, 'minutes', minutes, 'source', 'csv')
               FROM corrected`)}
           RETURNING 1
         )
         SELECT count(*) FILTER (WHERE inserted)::int AS created,
                count(*) FILTER (WHERE NOT inserted)::int AS updated,
                CASE WHEN $3 THEN COALESCE(array_agg(DISTINCT user_id), '{}') ELSE '{}' END AS changed
           FROM up`,
        [actor.id, actor.cityId, closed, MANUAL_SOURCES],
      );
    }
    merged.created += inserted;
    if (closed && inserted) merged.changed = [...new Set([...merged.changed, ...fresh.map((r) => r.userId)])];
    const changedLearners: string[] = merged.changed;
    await this.reevaluation.markChanged(qr, programmeId, changedLearners);
    return {
      importId: '',
      created: merged.created as number,
      updated: merged.updated as number,
      unchanged: resolved.length - merged.created - merged.updated - conflicts.length,
      keptManual: conflicts.length,
      manualConflicts: conflicts,
      learnersCreated: users.created.length,
      sessionsCreated: newSessions.size,
      newLearners: users.created,
      changedLearners,
    };
  }

  /** email → user id for every row's learner, creating missing learners (and departments). */
  private async resolveLearners(
    qr: QueryRunner,
    actor: Actor,
    rows: AttendanceCsvRow[],
    errors: AttendanceCsvError[],
  ): Promise<{ ids: Map<string, string>; created: string[] }> {
    const firstRow = new Map<string, AttendanceCsvRow>();
    for (const r of rows) {
      const seen = firstRow.get(r.email);
      if (!seen || (!seen.name && r.name)) firstRow.set(r.email, r);
    }
    const emails = [...firstRow.keys()];
    const existing: { id: string; email: string; city_id: string }[] = await qr.query(
      `SELECT id, email, city_id FROM users WHERE email = ANY($1)`,
      [emails],
    );
    const ids = new Map<string, string>();
    const refused = new Map<string, string>();
    for (const u of existing) {
      if (u.city_id === actor.cityId) ids.set(u.email, u.id);
      else refused.set(u.email, `email: ${u.email} belongs to a person of another city`);
    }
    const toCreate = emails.filter((e) => !ids.has(e) && !refused.has(e));
    for (const e of toCreate) {
      if (!firstRow.get(e)!.name) refused.set(e, `name: required to create the new learner ${e}`);
    }
    const creating = toCreate.filter((e) => !refused.has(e)).map((e) => firstRow.get(e)!);
    const departments = [...new Set(creating.map((r) => r.department).filter((d): d is string => !!d))];
    if (departments.length) {
      await qr.query(
        `INSERT INTO departments (city_id, name) SELECT $1, unnest($2::text[]) ON CONFLICT (city_id, name) DO NOTHING`,
        [actor.cityId, departments],
      );
    }
    const created: { id: string; email: string }[] = creating.length
      ? await qr.query(
          `INSERT INTO users (city_id, email, name, role, department_id)
           SELECT $1, n.email, n.name, 'learner', d.id
             FROM unnest($2::text[], $3::text[], $4::text[]) AS n(email, name, department)
             LEFT JOIN departments d ON d.city_id = $1 AND d.name = n.department
           ON CONFLICT (email) DO NOTHING
           RETURNING id, email`,
          [actor.cityId, creating.map((r) => r.email), creating.map((r) => r.name), creating.map((r) => r.department)],
        )
      : [];
    for (const u of created) ids.set(u.email, u.id);
    for (const r of rows) {
      const why = refused.get(r.email);
      if (why) errors.push({ line: r.line, message: why });
    }
    return { ids, created: created.map((u) => u.id) };
  }

  /**
   * Session key → id. A row names its session by id, or by module and local date: that
   * date's session is used, created when missing — at the programme's default session time,
   * in its time zone, lasting its default session length — and two sessions on that date
   * are ambiguous.
   */
  private async resolveSessions(
    qr: QueryRunner,
    programme: Programme,
    rows: AttendanceCsvRow[],
    errors: AttendanceCsvError[],
  ): Promise<{ sessions: Map<string, string>; rejected: Set<number>; newSessions: Set<string> }> {
    const programmeId = programme.id;
    const known: { id: string; code: string; local_date: string }[] = await qr.query(
      `SELECT s.id, m.code, to_char(s.local_date, 'YYYY-MM-DD') AS local_date
         FROM sessions s JOIN modules m ON m.id = s.module_id WHERE s.programme_id = $1`,
      [programmeId],
    );
    const sessions = new Map<string, string>();
    const byDate = new Map<string, string[]>();
    for (const s of known) {
      sessions.set(s.id, s.id);
      const key = `${s.code}|${s.local_date}`;
      byDate.set(key, [...(byDate.get(key) ?? []), s.id]);
    }
    const moduleOfSession = new Map(known.map((s) => [s.id, s.code]));
    const missing = new Map<string, { code: string; date: string }>();
    const rejected = new Set<number>();
    for (const r of rows) {
      if (r.sessionId) {
        if (moduleOfSession.get(r.sessionId) !== r.moduleCode) {
          errors.push({ line: r.line, message: `session: ${r.sessionId} is not a session of module ${r.moduleCode} in this programme` });
          rejected.add(r.line);
        }
        continue;
      }
      const key = `${r.moduleCode}|${r.sessionDate}`;
      const found = byDate.get(key);
      if (!found) missing.set(key, { code: r.moduleCode, date: r.sessionDate! });
      else if (found.length > 1) {
        errors.push({ line: r.line, message: `session: ${r.moduleCode} has ${found.length} sessions on ${r.sessionDate}; name the session by its id` });
        rejected.add(r.line);
      } else sessions.set(key, found[0]);
    }
    const list = [...missing.entries()];
    const newSessions = new Set<string>();
    if (list.length) {
      const created: { id: string; code: string; local_date: string }[] = await qr.query(
        `INSERT INTO sessions (programme_id, module_id, title, starts_at, ends_at, timezone, local_date, mode)
         SELECT $1, m.id, m.title, t.starts_at, t.starts_at + make_interval(mins => p.default_session_minutes), $2, n.d,
                CASE p.delivery_mode WHEN 'in-person' THEN 'in-person'::session_mode WHEN 'hybrid' THEN 'hybrid'::session_mode
                                     ELSE 'online'::session_mode END
           FROM unnest($3::text[], $4::date[]) AS n(code, d)
           JOIN programme_modules pm ON pm.programme_id = $1
           JOIN modules m ON m.id = pm.module_id AND m.code = n.code
           JOIN programmes p ON p.id = $1
           CROSS JOIN LATERAL (SELECT (n.d + p.default_session_start) AT TIME ZONE $2 AS starts_at) t
         RETURNING id, (SELECT code FROM modules WHERE id = module_id) AS code,
                   to_char(local_date, 'YYYY-MM-DD') AS local_date`,
        [programmeId, programme.timezone, list.map(([, v]) => v.code), list.map(([, v]) => v.date)],
      );
      for (const c of created) {
        sessions.set(`${c.code}|${c.local_date}`, c.id);
        newSessions.add(c.id);
      }
    }
    return { sessions, rejected, newSessions };
  }
}
