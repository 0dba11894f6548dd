/**
 * `npm start` to a healthy /api/health: cold (empty data directory, initdb, migrations,
 * seed) and warm (same directory again). Runs the compiled launcher as npm start does.
 *
 *   npm run build && node dist/bench/startup.js
 */
import path from 'node:path';
import { ROOT, startAcademy } from './support.js';

const dataDir = path.join(ROOT, '.data/bench-startup');
for (const [label, fresh] of [['cold (initdb)', true], ['warm', false], ['warm', false]] as const) {
  const academy = await startAcademy({ dataDir, fresh, workers: 1 });
  console.log(`start to healthy, ${label}: ${(academy.startMs / 1000).toFixed(2)} s`);
  await academy.stop();
}
