/**
 * Throughput of the attendance CSV parser on a generated 100,000-row import.
 *
 *   node_modules/.bin/tsc -p tsconfig.build.json && node dist/bench/csv-parse.js [rows] [runs]
 *
 * Prints the median and best time over several runs, plus the share taken by csv-parse's
 * tokenizer alone, so a regression can be told apart from a slower dependency.
 */
import { parse } from 'csv-parse/sync';

import { parseAttendanceCsv } from '@academy/attendance-csv';

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 9);
const WARM_UP_RUNS = 3;

const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const STATUSES = ['present', 'late', 'excused', 'absent'];
const DEPARTMENTS = [
  'Directorate of Information Technology',
  'Urban Planning',
  'Social Services',
  'Finance',
  '"Culture, Youth and Sports"',
];
const FIRST_NAMES = ['Arta', 'Erion', 'Blerina', 'Ilir', 'Drita', 'Gëzim', 'Mirela', 'Arben'];
const LAST_NAMES = ['Hoxha', 'Krasniqi', 'Shehu', 'Gashi', 'Berisha', 'Çela', 'Dervishi', 'Kola'];

const LEARNERS = 5_000;

/**
 * A realistic import: a cohort of learners, each with one record per session (20 sessions
 * across four modules, one module's sessions given by id instead of date), mixed statuses,
 * empty minutes for absences, non-ASCII names and some quoted fields with commas.
 */
function generate(rows: number): Buffer {
  const lines = ['email,name,department,module,session,status,minutes'];
  for (let i = 0; i < rows; i++) {
    const learner = i % LEARNERS;
    const sessionIndex = Math.floor(i / LEARNERS);
    const moduleIndex = sessionIndex % MODULES.length;
    const first = FIRST_NAMES[learner % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(learner >> 3) % LAST_NAMES.length]!;
    const status = STATUSES[i % 7 === 0 ? 3 : i % 5 === 0 ? 1 : i % 11 === 0 ? 2 : 0]!;
    const minutes = status === 'absent' || status === 'excused' ? '' : String(45 + (i % 50));
    const session =
      moduleIndex === 3
        ? `${sessionIndex.toString(16).padStart(8, '0')}-5b7d-4c9a-8e21-0d6f4b3a9c17`
        : `2023-${String(1 + (sessionIndex % 12)).padStart(2, '0')}-${String(3 + sessionIndex).padStart(2, '0')}`;
    lines.push(
      [
        `${first.toLowerCase()}.${last.toLowerCase()}.${learner}@tirana.example`,
        `${first} ${last}`,
        DEPARTMENTS[learner % DEPARTMENTS.length],
        MODULES[moduleIndex],
        session,
        status,
        minutes,
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(label: string, run: () => void): number {
  for (let i = 0; i < WARM_UP_RUNS; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  const mid = median(times);
  const best = Math.min(...times);
  console.log(
    `${label.padEnd(28)} median ${mid.toFixed(1).padStart(7)} ms  best ${best.toFixed(1).padStart(7)} ms  ` +
      `${Math.round((ROWS / mid) * 1000).toLocaleString('en-US').padStart(9)} rows/s (median)`,
  );
  return mid;
}

const input = generate(ROWS);
const options = { moduleCodes: new Set(MODULES) };

const check = parseAttendanceCsv(input, options);
if (check.rows.length !== ROWS || check.errors.length !== 0) {
  throw new Error(`generated file did not parse cleanly: ${check.rows.length} rows, ${check.errors.length} errors`);
}

console.log(`${ROWS.toLocaleString('en-US')} rows, ${(input.length / 1e6).toFixed(1)} MB, ${RUNS} runs after ${WARM_UP_RUNS} warm-up`);
const tokenizer = measure('csv-parse tokenizer only', () => {
  parse(input, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
});
const full = measure('parseAttendanceCsv', () => {
  parseAttendanceCsv(input, options);
});
console.log(`csv-parse share of the full parse: ${Math.round((tokenizer / full) * 100)}%`);
