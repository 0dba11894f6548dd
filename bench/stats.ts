/**
 * Statistics at scale: one programme with 1,000,000 attendance rows (250,000 learners × 4
 * modules) and a city of PROGRAMMES such programmes. The data is written straight into the
 * tables with generate_series (the import is measured by import.ts), the aggregates are built
 * by the same refresh the api uses, then `GET /api/programmes/:id/stats` and
 * `GET /api/statistics` are timed: 40 sequential requests and 20 concurrent clients
 * (40 requests each), p50/p95, each against the same clients on `GET /api/me` in the same run
 * (the floor: token check, HTTP, the client), measured before and after. Then one
 * check-in-sized change shows the staleness path.
 *
 *   npm run build && node dist/bench/stats.js [programmes=50] [learners=250000] [others=learners]
 *
 * `others`: learners in each programme but the first. A programme's aggregates hold a few
 * hundred cells whatever its size (departments × modules attended, modules, sessions…), so
 * the city's answer reads as many cells over 50 programmes of 5,000 learners as over 50 of
 * 250,000; a smaller figure here only shortens the data load.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { api, httpText, ROOT, startAcademy } from './support.js';

const programmes = Number(process.argv[2] ?? 50);
const learners = Number(process.argv[3] ?? 250_000);
const others = Number(process.argv[4] ?? learners);
const DATA_DIR = path.join(ROOT, '.data/bench-stats');
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

const academy = await startAcademy({ dataDir: DATA_DIR, fresh: true, workers: 1 });
const credentials = JSON.parse(readFileSync(path.join(DATA_DIR, 'postgres.json'), 'utf8'));
const pgPort = Number(readFileSync(path.join(DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
const db = new pg.Client({ connectionString: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pgPort}/academy` });
await db.connect();

const t0 = performance.now();
const [{ id: cityId }] = (await db.query(`SELECT id FROM cities WHERE code = 'TIRANA'`)).rows;
await db.query(`INSERT INTO departments (city_id, name) SELECT $1, 'Bench department ' || g FROM generate_series(1, 20) g ON CONFLICT DO NOTHING`, [cityId]);
await db.query(
  `INSERT INTO users (city_id, department_id, email, name, role, gender, demographics_consent_at)
   SELECT $1, (SELECT id FROM departments WHERE city_id = $1 AND name = 'Bench department ' || (1 + g % 20)),
          'bench' || g || '@bench.example', 'Bench ' || g, 'learner',
          CASE WHEN g % 3 = 0 THEN NULL WHEN g % 2 = 0 THEN 'woman' ELSE 'man' END,
          CASE WHEN g % 3 = 0 THEN NULL ELSE now() END
     FROM generate_series(1, $2) g`,
  [cityId, learners],
);
await db.query(`CREATE TEMP TABLE bench_users AS SELECT id, row_number() OVER (ORDER BY email) AS i FROM users WHERE email LIKE '%@bench.example'`);
const ids: string[] = [];
for (let p = 0; p < programmes; p++) {
  const [{ id }] = (await db.query(
    `INSERT INTO programmes (city_id, code, title, rule_set, period_start, period_end, timezone)
     VALUES ($1, $2, $3, 'tirana-2023', '2024-01-01', '2024-12-31', 'Europe/Tirane') RETURNING id`,
    [cityId, `BENCH-${p}`, `Bench programme ${p}`],
  )).rows;
  ids.push(id);
  await db.query(
    `INSERT INTO programme_modules (programme_id, module_id, position)
     SELECT $1, m.id, array_position($2::text[], m.code) FROM modules m WHERE m.code = ANY ($2::text[])`, [id, CODES]);
  await db.query(
    `INSERT INTO sessions (programme_id, module_id, starts_at, ends_at, timezone, local_date)
     SELECT $1, m.id, timestamptz '2024-03-01 09:00+01' + (array_position($2::text[], m.code) * interval '7 days'),
            timestamptz '2024-03-01 11:00+01' + (array_position($2::text[], m.code) * interval '7 days'), 'Europe/Tirane',
            date '2024-03-01' + array_position($2::text[], m.code) * 7
       FROM modules m WHERE m.code = ANY ($2::text[])`, [id, CODES]);
  const size = p === 0 ? learners : others;
  await db.query(`INSERT INTO enrolments (programme_id, user_id) SELECT $1, id FROM bench_users WHERE i <= $2`, [id, size]);
  // Every learner has a row at every module's session: mostly present, some late, excused or absent, minutes varied.
  await db.query(
    `INSERT INTO attendance (session_id, user_id, status, minutes, source)
     SELECT s.id, u.id,
            (CASE (u.i + hashtext(s.id::text)) % 7 WHEN 0 THEN 'absent' WHEN 1 THEN 'excused' WHEN 2 THEN 'late' ELSE 'present' END)::attendance_status,
            60 + ((u.i * 7 + hashtext(s.id::text)) % 61)::int, 'bench'
       FROM sessions s CROSS JOIN bench_users u WHERE s.programme_id = $1 AND u.i <= $2`, [id, size]);
  // What autovacuum does after a bulk load, at once (the first programme's refresh would otherwise plan on empty-table guesses).
  if (p === 0 || p === 1) await db.query(`ANALYZE users; ANALYZE enrolments; ANALYZE sessions; ANALYZE attendance`);
  const started = performance.now();
  await api(academy.url, academy.token, 'GET', `/api/programmes/${id}/stats`); // first read: queues the refresh
  for (;;) {
    const { rows } = await db.query(`SELECT refresh_ms FROM stats_snapshots s WHERE programme_id = $1
      AND NOT EXISTS (SELECT 1 FROM stats_changes c WHERE c.programme_id = s.programme_id)`, [id]);
    if (rows.length) {
      if (p <= 1) console.log(`refresh of a programme of ${size * 4} attendance rows: ${rows[0].refresh_ms} ms, ${Math.round(performance.now() - started)} ms from the first read until current`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (p % 10 === 9) console.log(`  ${p + 1} programmes loaded and aggregated (${Math.round((performance.now() - t0) / 1000)} s)`);
}
const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM attendance`);
console.log(`data: ${programmes} programme(s), ${n} attendance rows, ${Math.round((performance.now() - t0) / 1000)} s to load and aggregate`);
// The vacuum autovacuum would start after this bulk load, done now rather than under the timed requests.
await db.query(`VACUUM (ANALYZE) attendance, enrolments, users, sessions`);

/** One keep-alive connection per concurrent client, as a dashboard's browser keeps; node:http costs the client less than fetch. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
let answerBytes = 0;
async function timed(route: string): Promise<number> {
  const t = performance.now();
  const { status, text } = await httpText(`${academy.url}${route}`, { agent, headers: { authorization: `Bearer ${academy.token}` } });
  const body = JSON.parse(text) as { freshness?: { current: boolean } };
  if (status !== 200 || (route !== FLOOR && !body.freshness?.current)) throw new Error(`${route}: ${status} current=${body.freshness?.current}`);
  if (route !== FLOOR) answerBytes = text.length;
  return performance.now() - t;
}
/** The same clients on the smallest authenticated route: what any request costs here and now (auth, HTTP, the client itself). */
const FLOOR = '/api/me';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
let floor: { p50: number; p95: number } | undefined;
async function measure(label: string, route: string) {
  // Warm-up, not timed: a few requests one at a time, then the 20 clients once.
  for (let i = 0; i < 5; i++) await timed(route);
  await Promise.all(Array.from({ length: 20 }, async () => { for (let i = 0; i < 5; i++) await timed(route); }));
  const seq: number[] = [];
  for (let i = 0; i < 40; i++) seq.push(await timed(route));
  const conc: number[] = [];
  await Promise.all(Array.from({ length: 20 }, async () => { for (let i = 0; i < 40; i++) conc.push(await timed(route)); }));
  const ratio = floor ? ` (${(pct(conc, 95) / floor.p95).toFixed(2)}× the floor's concurrent p95)` : '';
  console.log(`${label}: sequential p50 ${pct(seq, 50).toFixed(1)} ms p95 ${pct(seq, 95).toFixed(1)} ms; ` +
    `20 concurrent clients p50 ${pct(conc, 50).toFixed(1)} ms p95 ${pct(conc, 95).toFixed(1)} ms${ratio}${route === FLOOR ? '' : `; answer ${(answerBytes / 1024).toFixed(0)} KiB`}`);
  return { p50: pct(conc, 50), p95: pct(conc, 95) };
}
const routes = {
  programme: `/api/programmes/${ids[0]}/stats`,
  city: `/api/statistics`,
  department: `/api/statistics?department=${(await db.query(`SELECT id FROM departments WHERE name = 'Bench department 3'`)).rows[0].id}`,
};
// The api's code paths are compiled as they get hot: 2,000 untimed requests over every route, 20 clients, before any figure.
const all = [FLOOR, ...Object.values(routes)];
await Promise.all(Array.from({ length: 20 }, async (_, c) => { for (let i = 0; i < 100; i++) await timed(all[(c + i) % all.length]); }));
floor = await measure(`floor: ${FLOOR}`, FLOOR);
await measure(`programme stats (${learners * 4} attendance rows)`, routes.programme);
await measure(`city stats (${programmes} programmes)`, routes.city);
await measure(`city stats, one department`, routes.department);
floor = undefined;
await measure(`floor again: ${FLOOR}`, FLOOR);

// One correction: the next answer reports the programme stale until the worker's refresh lands.
const [{ id: sessionId }] = (await db.query(`SELECT id FROM sessions WHERE programme_id = $1 LIMIT 1`, [ids[0]])).rows;
const [{ id: userId }] = (await db.query(`SELECT id FROM bench_users WHERE i = 1`)).rows;
await api(academy.url, academy.token, 'PUT', `/api/sessions/${sessionId}/attendance/${userId}`, { status: 'absent', reason: 'bench' });
const t = performance.now();
const first = await api(academy.url, academy.token, 'GET', `/api/programmes/${ids[0]}/stats`);
console.log(`after a correction: answered in ${Math.round(performance.now() - t)} ms with current=${first.freshness.current} (stale since ${first.freshness.stale[0]?.changedSince})`);
for (;;) {
  const s = await api(academy.url, academy.token, 'GET', `/api/programmes/${ids[0]}/stats`);
  if (s.freshness.current) { console.log(`current again after ${Math.round(performance.now() - t)} ms`); break; }
  await new Promise((r) => setTimeout(r, 100));
}
agent.destroy();
await db.end();
await academy.stop();
