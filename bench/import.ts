/**
 * CSV attendance import, end to end through HTTP: 100,000 rows (25,000 new learners × 4
 * modules), then the same file again (all unchanged). The ratio's base, in the same run: a
 * raw COPY of the same rows (25,000 learners, their enrolments, 100,000 attendance rows) into
 * the same tables of another programme, with the same indexes, constraints and triggers,
 * measured before the import (nothing else running) and after it (while the worker mails the
 * 25,000 invitations the import caused); the ratio is given against both.
 *
 *   npm run build && node dist/bench/import.js [rows=100000]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { api, attendanceCsv, ROOT, startAcademy } from './support.js';

const rows = Number(process.argv[2] ?? 100_000);
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const DATA_DIR = path.join(ROOT, '.data/bench-import');

const academy = await startAcademy({ dataDir: DATA_DIR, fresh: true, workers: 1 });
const credentials = JSON.parse(readFileSync(path.join(DATA_DIR, 'postgres.json'), 'utf8'));
const pgPort = Number(readFileSync(path.join(DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
const db = new pg.Client({ connectionString: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pgPort}/academy` });
await db.connect();

async function copy(table: string, columns: string, lines: string[]) {
  await pipeline(Readable.from(lines), db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

/** The same rows as the file, written with COPY only: no parsing, checking, merging or audit. */
async function rawCopy(run: string): Promise<number> {
  const { url, token } = academy;
  const p = await api(url, token, 'POST', '/api/programmes', { code: `RAW-${Date.now()}`, title: 'Raw COPY', moduleCodes: CODES, ruleSet: 'tirana-2023' });
  const [{ id: cityId }] = (await db.query(`SELECT city_id AS id FROM programmes WHERE id = $1`, [p.id])).rows;
  const departments = (await db.query(`SELECT id FROM departments WHERE city_id = $1 AND name LIKE 'Department %' ORDER BY name`, [cityId])).rows;
  const dates = ['2024-01-16', '2024-01-23', '2024-02-13', '2024-03-05'];
  const sessions = (await db.query(
    `INSERT INTO sessions (programme_id, module_id, starts_at, ends_at, timezone, local_date)
     SELECT $1, m.id, d::date + time '09:00', d::date + time '11:00', 'Europe/Tirane', d::date
       FROM unnest($2::text[], $3::text[]) AS x(code, d) JOIN modules m ON m.code = x.code
     RETURNING id`, [p.id, CODES, dates])).rows.map((r) => r.id as string);
  const learners = rows / 4;
  const ids = Array.from({ length: learners }, () => randomUUID());
  const t0 = performance.now();
  await db.query('BEGIN');
  await copy('users', 'id, city_id, email, name, role, department_id',
    ids.map((id, i) => `${id}\t${cityId}\traw${run}-${i}@bench.example\tLearner ${i}\tlearner\t${departments[i % departments.length]?.id ?? '\\N'}\n`));
  await copy('enrolments', 'programme_id, user_id', ids.map((id) => `${p.id}\t${id}\n`));
  await copy('attendance', 'session_id, user_id, status, minutes, source',
    ids.flatMap((id, i) => sessions.map((s, m) => `${s}\t${id}\t${m % 5 === 4 ? 'late' : 'present'}\t${60 + (i % 30)}\tcsv\n`)));
  await db.query('COMMIT');
  return (performance.now() - t0) / 1000;
}

try {
  const { url, token } = academy;
  const programme = await api(url, token, 'POST', '/api/programmes', {
    code: `IMPORT-${Date.now()}`, title: 'Import benchmark', moduleCodes: CODES, ruleSet: 'tirana-2023',
  });
  const csv = attendanceCsv('i', rows / 4, CODES, 4);
  console.log(`file: ${rows} rows, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MiB`);
  const before = await rawCopy('a');
  console.log(`raw COPY of the same rows (users, enrolments, attendance), before the import: ${before.toFixed(2)} s = ${(rows / before).toFixed(0)} rows/s`);
  let first = 0;
  for (const label of ['first import (creates learners, sessions, attendance)', 're-import (nothing changes)']) {
    const t0 = performance.now();
    const r = await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, csv, 'text/csv');
    const s = (performance.now() - t0) / 1000;
    first ||= s;
    console.log(
      `${label}: ${s.toFixed(2)} s = ${(rows / s).toFixed(0)} rows/s ` +
        `(created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, errors ${r.errors.length})`,
    );
  }
  const { rows: [mail] } = await db.query(
    `SELECT count(*)::int AS jobs FROM job_outbox WHERE name = 'send-invitations'`).catch(() => ({ rows: [{ jobs: '?' }] }));
  console.log(`invitation jobs left in the outbox after the import: ${mail.jobs} (delivered in batches of 1,000 learners)`);
  const after = await rawCopy('b');
  console.log(`raw COPY of the same rows, after the import (invitations being mailed): ${after.toFixed(2)} s = ${(rows / after).toFixed(0)} rows/s`);
  console.log(`first import against raw COPY: ${(before / first).toFixed(2)} against the one before, ${(after / first).toFixed(2)} against the one after (1.00 = as fast as COPY)`);
} finally {
  await db.end();
  await academy.stop();
}
