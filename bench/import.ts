/**
 * CSV attendance import, end to end through HTTP: 100,000 rows (25,000 new learners × 4
 * modules), then the same file again (all unchanged).
 *
 *   npm run build && node dist/bench/import.js [rows=100000]
 */
import path from 'node:path';
import { api, attendanceCsv, ROOT, startAcademy } from './support.js';

const rows = Number(process.argv[2] ?? 100_000);
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-import'), fresh: true, workers: 1 });
try {
  const { url, token } = academy;
  const programme = await api(url, token, 'POST', '/api/programmes', {
    code: `IMPORT-${Date.now()}`, title: 'Import benchmark', moduleCodes: CODES, ruleSet: 'tirana-2023',
  });
  const csv = attendanceCsv('i', rows / 4, CODES, 4);
  console.log(`file: ${rows} rows, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MiB`);
  for (const label of ['first import (creates learners, sessions, attendance)', 're-import (nothing changes)']) {
    const t0 = performance.now();
    const r = await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, csv, 'text/csv');
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${label}: ${s.toFixed(2)} s = ${(rows / s).toFixed(0)} rows/s ` +
        `(created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, errors ${r.errors.length})`,
    );
  }
} finally {
  await academy.stop();
}
