/**
 * End-to-end certificate throughput: a 10,000-learner programme is closed and we time
 * until every certificate is decided, rendered, hashed and stored (close-status pending 0).
 *
 *   npm run build && node dist/bench/certificates.js [learners=10000] [workers=2]
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { api, attendanceCsv, ROOT, sleep, startAcademy } from './support.js';

const learners = Number(process.argv[2] ?? 10_000);
const workers = Number(process.argv[3] ?? 2);
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-certificates'), fresh: true, workers });
try {
  const { url, token } = academy;
  const programme = await api(url, token, 'POST', '/api/programmes', {
    code: `BENCH-${Date.now()}`, title: 'Certificate benchmark', moduleCodes: CODES, ruleSet: 'tirana-2023', languages: ['en'],
  });
  const csv = attendanceCsv('c', learners, CODES, 3);
  const imported = await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, csv, 'text/csv');
  console.log(`imported ${imported.created} attendance rows for ${learners} learners`);
  // Let the invitation mails (one per new learner) drain so they do not compete with the measurement.
  const outbox = path.join(academy.dataDir, 'outbox');
  while ((await readdir(outbox).catch(() => [])).length < learners) await sleep(200);
  const t0 = performance.now();
  await api(url, token, 'POST', `/api/programmes/${programme.id}/close`);
  let last = 0;
  for (;;) {
    const p = await api(url, token, 'GET', `/api/programmes/${programme.id}/close-status`);
    if (p.pending === 0 && p.certificates.completion === learners) break;
    const s = (performance.now() - t0) / 1000;
    if (s - last >= 5) {
      console.log(`  ${s.toFixed(0)} s: ${p.certificates.completion}/${learners} issued`);
      last = s;
    }
    await sleep(500);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `certificates end to end: ${learners} in ${seconds.toFixed(2)} s = ${(learners / seconds).toFixed(0)} certificates/s ` +
      `(${workers} worker processes, close → every PDF stored and recorded)`,
  );
} finally {
  await academy.stop();
}
