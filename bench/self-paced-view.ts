/**
 * The cost of city variants in the one definition of self-paced progress: `module_self_paced`
 * (which now picks, per programme's city, the lessons and check that city follows) against
 * the definition before variants, on the same data in the same run. A programme of N learners
 * with two self-paced modules of 5 lessons and a check each, most lessons done, half passed.
 *
 *   npm run build && node dist/bench/self-paced-view.js [learners=20000] [rounds=7]
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '@academy/database';
import { ensureDatabase, startEmbeddedPostgres } from '@academy/infra';
import { ROOT } from './support.js';

const learners = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 7);

const BEFORE = `
  CREATE VIEW module_self_paced_before AS
  SELECT me.programme_id, me.user_id, me.module_id, l.lessons_total,
         (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
           WHERE x.module_id = me.module_id AND p.user_id = me.user_id) AS lessons_done,
         EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                  WHERE c.module_id = me.module_id AND a.user_id = me.user_id AND a.passed) AS check_passed
    FROM module_enrolments me
    JOIN (SELECT module_id, count(*)::int AS lessons_total FROM lessons GROUP BY module_id) l ON l.module_id = me.module_id`;

const dir = path.join(ROOT, '.data/bench-self-paced');
rmSync(dir, { recursive: true, force: true });
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), persistent: false });
try {
  const url = await ensureDatabase(server.url, 'academy_bench');
  await prepareDatabase(url);
  const db = new pg.Client({ connectionString: url });
  // The server stops at the end while the client may still be open.
  db.on('error', () => undefined);
  await db.connect();
  const t0 = performance.now();
  const { rows: [p] } = await db.query(
    `INSERT INTO programmes (city_id, code, title, rule_set, delivery_mode)
     SELECT id, 'BENCH-MOOC', 'Self-paced benchmark', 'tirana-2023', 'self-paced' FROM cities WHERE code = 'TIRANA' RETURNING id, city_id`,
  );
  await db.query(
    `INSERT INTO programme_modules (programme_id, module_id, position)
     SELECT $1, id, row_number() OVER (ORDER BY code) FROM modules WHERE code IN ('DHR-INTRO', 'DHR-AUTONOMY', 'DHR-PUBLIC-GOODS') AND city_id IS NULL`,
    [p.id],
  );
  await db.query(
    `INSERT INTO lessons (module_id, position, kind, title, body)
     SELECT m.id, n, 'text', 'Lesson ' || n, 'Text.' FROM modules m, generate_series(1, 5) n
      WHERE m.code IN ('DHR-AUTONOMY', 'DHR-PUBLIC-GOODS') AND m.city_id IS NULL`,
  );
  await db.query(
    `INSERT INTO knowledge_checks (module_id, pass_mark, max_attempts)
     SELECT id, 1, 3 FROM modules WHERE code IN ('DHR-AUTONOMY', 'DHR-PUBLIC-GOODS') AND city_id IS NULL`,
  );
  await db.query(
    `INSERT INTO users (city_id, email, name) SELECT $1, 'bench' || n || '@tirana.example', 'Bench ' || n FROM generate_series(1, $2) n`,
    [p.city_id, learners],
  );
  await db.query(`INSERT INTO enrolments (programme_id, user_id) SELECT $1, id FROM users WHERE email LIKE 'bench%'`, [p.id]);
  // Learner n has done lessons 1..(n mod 6) of each module (all five when n mod 6 = 5); every third one passed the check.
  await db.query(
    `INSERT INTO lesson_progress (user_id, lesson_id)
     SELECT u.id, l.id FROM users u JOIN lessons l ON l.position <= (substring(u.email from '^bench([0-9]+)@')::int % 6)
      WHERE u.email LIKE 'bench%'`,
  );
  await db.query(
    `INSERT INTO check_attempts (user_id, check_id, attempt_no, answers, correct, score, passed)
     SELECT u.id, c.id, 1, '{0}', 1, 1, true FROM users u CROSS JOIN knowledge_checks c
      WHERE u.email LIKE 'bench%' AND substring(u.email from '^bench([0-9]+)@')::int % 3 = 2`,
  );
  await db.query(BEFORE);
  await db.query('VACUUM ANALYZE');
  console.log(`data: ${learners} learners, 2 self-paced modules (${((performance.now() - t0) / 1000).toFixed(1)} s to build)`);

  const query = (view: string) =>
    `SELECT count(*)::int AS n FROM ${view} sp WHERE sp.programme_id = $1
        AND self_paced_done(sp.lessons_total, sp.lessons_done, sp.check_passed, 'all-lessons-and-check')`;
  const time = async (view: string) => {
    const start = performance.now();
    const { rows } = await db.query(query(view), [p.id]);
    return { ms: performance.now() - start, n: rows[0].n as number };
  };
  if (process.env.EXPLAIN) {
    for (const view of ['module_self_paced_before', 'module_self_paced']) {
      const { rows } = await db.query(`EXPLAIN (ANALYZE, COSTS OFF) ${query(view)}`, [p.id]);
      console.log(`${view}:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  const samples: Record<string, number[]> = { before: [], now: [] };
  let counts: Record<string, number> = {};
  await time('module_self_paced');
  await time('module_self_paced_before');
  for (let i = 0; i < rounds; i++) {
    for (const [name, view] of [['before', 'module_self_paced_before'], ['now', 'module_self_paced']] as const) {
      const r = await time(view);
      samples[name].push(r.ms);
      counts = { ...counts, [name]: r.n };
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (counts.before !== counts.now) throw new Error(`the two definitions disagree: ${JSON.stringify(counts)}`);
  const [before, now] = [median(samples.before), median(samples.now)];
  console.log(
    `module_self_paced over ${learners * 2} (learner, module) rows, ${counts.now} done: ` +
      `before variants ${before.toFixed(0)} ms, now ${now.toFixed(0)} ms (median of ${rounds}; ${(now / before).toFixed(2)}×)`,
  );
  await db.end();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await server.stop();
}
