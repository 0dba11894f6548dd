/**
 * Import of a 5,000-row Microsoft Teams attendance report (1,000 people, 4 rejoins each
 * plus their summary row; UTF-16LE, tab-separated) into one session, end to end through
 * HTTP: parsing, matching 1,000 enrolled learners, deriving statuses, recording.
 *
 *   npm run build && node dist/bench/teams-import.js [people=1000]
 */
import path from 'node:path';
import { api, ROOT, startAcademy } from './support.js';

const people = Number(process.argv[2] ?? 1000);
const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-teams'), fresh: true, workers: 1 });

const time = (minutes: number) => {
  const h = 10 + Math.floor(minutes / 60);
  const m = minutes % 60;
  return `3/7/23, ${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')}:00 ${h < 12 ? 'AM' : 'PM'}`;
};

try {
  const { url, token } = academy;
  const programme = (await api(url, token, 'GET', '/api/programmes')).find((p: any) => p.code === 'TIRANA-2023');
  const csv = ['email,name,department,module,session,status,minutes'];
  for (let i = 0; i < people; i++) csv.push(`t${i}@bench.example,Person ${i},Dept ${i % 20},DHR-INTRO,2023-01-17,present,`);
  await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, csv.join('\n'), 'text/csv');
  const session = await api(url, token, 'POST', `/api/programmes/${programme.id}/sessions`, {
    moduleCode: 'DHR-TRANSPARENCY', startsAt: '2023-03-07T09:00:00Z', endsAt: '2023-03-07T10:30:00Z', mode: 'online',
  });

  const lines = [
    '1. Summary', 'Meeting title\tDeep dive 3', `Attended participants\t${people}`, `Start time\t${time(0)}`,
    `End time\t${time(90)}`, '', '2. Participants', 'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole',
  ];
  for (let i = 0; i < people; i++) lines.push(`Person ${i}\t${time(i % 15)}\t${time(85)}\t1h 10m\tt${i}@bench.example\tAttendee`);
  lines.push('', '3. In-Meeting Activities', 'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole');
  for (let i = 0; i < people; i++) {
    for (let j = 0; j < 4; j++) {
      const from = (i % 15) + j * 20;
      lines.push(`Person ${i}\t${time(from)}\t${time(from + 18)}\t18m\tt${i}@bench.example\tAttendee`);
    }
  }
  const report = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
  console.log(`report: ${lines.length} lines, ${(report.length / 1024).toFixed(0)} KiB UTF-16LE`);

  for (const label of ['first import', 're-import (nothing changes)']) {
    const form = new FormData();
    form.append('file', new Blob([report]), 'attendance.csv');
    const t0 = performance.now();
    const res = await fetch(`${url}/api/sessions/${session.id}/attendance/report`, {
      method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form,
    });
    const body: any = await res.json();
    const s = (performance.now() - t0) / 1000;
    if (res.status !== 200 && res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    console.log(
      `${label}: ${s.toFixed(2)} s (matched ${body.matched.length}, created ${body.created}, updated ${body.updated}, ` +
        `unchanged ${body.unchanged}, review ${body.review.length})`,
    );
  }
} finally {
  await academy.stop();
}
