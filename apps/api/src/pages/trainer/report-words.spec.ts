import { readFileSync } from 'node:fs';
import { checkMeeting } from '@academy/attendance';
import type { SessionOfCity } from '@academy/sessions';
import { type ParsedReport, parseVideoConferenceReport, type ReportParticipant } from '@academy/vc-reports';
import { keysOf, loadCatalogues } from '@academy/web';
import { matchParticipant } from '../../../../../libs/attendance/src/video-conference/vc-matching.js';
import { reportWords } from './report-words.js';

const { en, sq } = loadCatalogues();
const english = new Set(keysOf(en));
const albanian = new Set(keysOf(sq));
const sample = (name: string) => readFileSync(new URL(`../../../../../docs/samples/${name}`, import.meta.url));
const parse = (file: Buffer | string, order?: 'DMY' | 'MDY') =>
  parseVideoConferenceReport(typeof file === 'string' ? Buffer.from(file) : file, { timeZone: 'Europe/Tirane', ...(order ? { dateOrder: order } : {}) });

const ZOOM_HEAD = 'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n' +
  '842,Deep dive,01/24/2023 10:00:12 AM,01/24/2023 11:32:40 AM,office@tirana.example,93,6\n\n';
/** A Zoom report that says most of what the parser can say about its rows and columns. */
const ODD_ZOOM = ZOOM_HEAD + [
  'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Camera,Email',
  'Arta Hoxha,arta@tirana.example,01/24/2023 09:58:40 AM,01/24/2023 11:31:02 AM,93,No,on,x',
  ',,01/24/2023 09:58:40 AM,01/24/2023 11:31:02 AM,93,No,on,x',
  'Erion Krasniqi,erion@tirana.example,,01/24/2023 11:31:02 AM,93,No,on,x',
  'Ilir Gashi,ilir@tirana.example,01/24/2023 11:58:40 AM,01/24/2023 11:31:02 AM,93,No,on,x',
  'Besa,besa@tirana.example,13/24/2023 11:58:40 AM,01/24/2023 11:31:02 AM,93,No,on,x',
].join('\n');

describe('a report import in the viewer\'s words', () => {
  const person = (name: string, email: string | null): ReportParticipant => ({
    name, email, organiser: false, intervals: [], minutes: 60, firstJoin: new Date(), lastLeave: new Date(), sourceLines: [1],
  });

  it('every warning of the samples and of an odd report, every note on the meeting and every review reason has its sentence, in English and Albanian', () => {
    const reports: ParsedReport[] = [
      parse(sample('zoom-participants.csv')), parse(sample('teams-attendance-report.csv')), parse(sample('teams-attendance-legacy.csv')),
      parse(ODD_ZOOM), parse(sample('zoom-participants.csv'), 'DMY'),
    ];
    const session = { startsAt: new Date('2023-02-01T09:00:00Z'), localDate: '2023-02-01', timezone: 'Europe/Tirane' } as SessionOfCity;
    const notes = [
      ...checkMeeting(session, reports[0]!, { minutes: 90, from: 'report' }),
      ...checkMeeting(session, reports[0]!, { minutes: null, from: null }),
    ];
    const learners = [
      { id: 'a', email: 'arta@tirana.example', name: 'Arta Hoxha', inModule: false },
      { id: 'i', email: 'ilir@tirana.example', name: 'Ilir Gashi', inModule: true },
      { id: 'j', email: 'ilir2@tirana.example', name: 'Ilir Gashi', inModule: true },
    ];
    const known = new Set(['admin@tirana.example', ...learners.map((l) => l.email)]);
    const reasons = [
      person('Arta', 'arta@tirana.example'), person('Arta Hoxha', null), person('Admin', 'admin@tirana.example'),
      person('Nobody', null), person('Nobody', 'nobody@mail.example'), person('Ilir Gashi', null), person('Ilir Gashi', 'x@mail.example'),
    ].map((p) => matchParticipant(p, learners, known, 'DHR-INTRO')).map((m) => (m.kind === 'unmatched' ? m.reason : ''));
    const messages = [...reports.flatMap((r) => r.warnings.map((w) => w.message)), ...notes.map((n) => n.message), ...reasons];
    expect(messages.length).toBeGreaterThanOrEqual(20);
    const said = messages.map((m) => ({ m, words: reportWords(m) }));
    expect(said.filter((s) => s.words.key === 'vcWords.other').map((s) => s.m)).toEqual([]);
    expect(said.filter((s) => !english.has(s.words.key) || !albanian.has(s.words.key)).map((s) => s.words.key)).toEqual([]);
    const keys = new Set(said.map((s) => s.words.key));
    for (const k of ['fromActivities', 'legacyNoOrganiser', 'columnUnknown', 'columnTwice', 'noNameNorEmail', 'timeEmpty', 'leavesBeforeJoining',
      'otherDay', 'lengthFromReport', 'noLength', 'emailNotInModule', 'nameNotInModule', 'emailNotEnrolled', 'noEmailNoName',
      'unknownEmailNoName', 'noEmailSeveral', 'unknownEmailSeveral']) expect(keys).toContain(`vcWords.${k}`);
    expect(reportWords('line not understood; ignored')).toEqual({ key: 'vcWords.lineIgnored' });
    expect(reportWords('the e-mail x@mail.example is unknown and 2 enrolled learners are named "Ilir Gashi"; assign by hand'))
      .toEqual({ key: 'vcWords.unknownEmailSeveral', values: { email: 'x@mail.example', n: '2', name: 'Ilir Gashi' } });
  });

  it('a message it does not know keeps a general sentence with the English beside', () => {
    expect(reportWords('something new')).toEqual({ key: 'vcWords.other', detail: 'something new' });
  });
});
