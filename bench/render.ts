/**
 * Certificate rendering micro-benchmark: renders N PDFs one after another on
 * one core and prints throughput, latency percentiles and average file size.
 *
 *   node_modules/.bin/tsc -p tsconfig.build.json && node dist/bench/render.js [N]
 */
import { performance } from 'node:perf_hooks';
import {
  type CertificateDocument, type CertificateKind, CertificateRenderer, defaultTemplatesDir,
} from '@academy/certificate-render';

const FIRST = ['Ëndrra', 'Stefka', 'Γεώργιος', 'Aoife', 'Arbër', 'Олександра', 'Μαρία', 'Siobhán', 'Dritëro', 'Jürgen'];
const LAST = ['Çela', 'Петрова', 'Παπαδόπουλος', "O'Connor", 'Hoxha', 'Шевченко', 'Οικονόμου', 'Ní Bhriain', 'Kërçova', 'Müller'];
const KINDS: CertificateKind[] = ['completion', 'attendance', 'trainer'];
const LANGUAGES = ['en', 'sq'];
const MODULES = [
  { code: 'DHR-INTRO', title: 'Human rights in the digital public service' },
  { code: 'DHR-PRIVACY', title: 'Privacy and personal data protection' },
  { code: 'DHR-INCLUSION', title: 'Digital inclusion and accessibility' },
  { code: 'DHR-TRANSPARENCY', title: 'Transparency and algorithmic accountability' },
];

function certificate(i: number): CertificateDocument {
  const code = `K${(i * 7919).toString(36).toUpperCase().padStart(4, '0').slice(-4)}-M3XW-94TD`;
  return {
    kind: KINDS[i % KINDS.length],
    language: LANGUAGES[i % LANGUAGES.length],
    holderName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
    programmeTitle: 'Digital Human Rights for Civil Servants',
    cityName: i % 3 === 0 ? 'Dublin' : 'Tirana',
    issuer: i % 3 === 0 ? 'Dublin City Council' : 'Tirana Municipality',
    modules: MODULES.slice(0, 2 + (i % 3)),
    periodStart: '2025-03-03',
    periodEnd: '2025-04-14',
    issuedAt: new Date(Date.UTC(2025, 3, 30, 9, 0, 0)),
    verificationCode: code,
    verificationUrl: `https://academy.example.org/verify/${code}`,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  if (!Number.isInteger(count) || count <= 0) throw new Error(`usage: node dist/bench/render.js [N>0], got "${process.argv[2]}"`);

  let started = performance.now();
  const renderer = new CertificateRenderer({ templatesDir: defaultTemplatesDir() });
  const setupMs = performance.now() - started;
  started = performance.now();
  await renderer.renderPdf(certificate(0));
  const firstMs = performance.now() - started;
  for (let i = 1; i <= 100; i++) await renderer.renderPdf(certificate(i)); // warm-up

  const times: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  const total = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const { pdf } = await renderer.renderPdf(certificate(i));
    times.push(performance.now() - t);
    bytes += pdf.length;
  }
  const seconds = (performance.now() - total) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  times.sort((a, b) => a - b);

  console.log(`certificates rendered: ${count} (templates loaded in ${setupMs.toFixed(1)} ms, first PDF ${firstMs.toFixed(1)} ms)`);
  console.log(`renders/s:   ${(count / seconds).toFixed(0)} wall clock, ${(count / cpuSeconds).toFixed(0)} per CPU second`);
  console.log(`median:      ${percentile(times, 50).toFixed(2)} ms`);
  console.log(`p99:         ${percentile(times, 99).toFixed(2)} ms`);
  console.log(`avg PDF:     ${(bytes / count / 1024).toFixed(1)} KiB`);
}

await main();
