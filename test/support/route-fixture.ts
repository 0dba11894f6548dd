/**
 * The records and callers of the route × role matrix: one academy, Tirana's people and records
 * made through HTTP (a programme with a session, a submission with a file, review items, a
 * certificate, …), and a token for every kind of caller, including tokens that must not work.
 */
import { JwtService } from '@nestjs/jwt';
import { bearer, DUBLIN_ADMIN, PLATFORM, TestAcademy } from './academy.js';

export const IDENTITIES = [
  'none', 'forged', 'expired', 'deleted', 'deactivated', 'learner', 'trainer', 'otherTrainer', 'admin', 'otherAdmin', 'platform',
] as const;
export type Identity = (typeof IDENTITIES)[number];
/** The callers whose token must not work: the answer is 401 on every route that needs a token. */
export const TOKEN_FAILURES: Identity[] = ['none', 'forged', 'expired', 'deleted', 'deactivated'];

export const PASSWORD = 'a-long-password';
const ADMIN_PASSWORD = 'academy-admin-2023';

/** What the matrix fills path parameters and bodies with. */
export interface RouteFixture {
  academy: TestAcademy;
  tokens: Record<Identity, string | undefined>;
  /** Passwords of the identities that have one (the password-change row changes them). */
  passwords: Partial<Record<Identity, string>>;
  emails: Partial<Record<Identity, string>>;
  ids: Record<string, string>;
  /** Review items not yet decided, taken one per cell by the rows that decide them. */
  reviewItems: string[];
  /** Tirana's values no other city's caller may read, and the personal data the platform may not read. */
  tiranaPrivate: string[];
  personal: string[];
  /** Dublin's values no Tirana caller may read. */
  dublinPrivate: string[];
  /** Another learner's: what the learner may not read. */
  otherLearner: string[];
  /** A new submission of the learner's (for a cell that reviews one). */
  newSubmission(): Promise<string>;
  /** Tirana's own module's lessons and check as they are (what the edit rows send back). */
  lessons: unknown[];
  check: { passMark: number; maxAttempts: number; questions: { prompt: string; options: string[]; correctIndex: number }[] };
  /** The video-conference report imported into the session. */
  report: string;
}

const UNLIMITED = '1000000/1h';

/** mm/dd/yyyy hh:mm:ss AM in UTC, as a Zoom report writes times. */
const zoomTime = (d: Date) =>
  `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()} ` +
  `${String(d.getUTCHours() % 12 || 12).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:00 ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;

function ok<T = any>(res: { status: number; body: any }, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function buildRouteFixture(): Promise<RouteFixture> {
  const academy = await TestAcademy.start('matrix', {
    LOGIN_LIMIT_PER_ACCOUNT: UNLIMITED, LOGIN_LIMIT_PER_ADDRESS: UNLIMITED, TOKEN_LIMIT_PER_ADDRESS: UNLIMITED,
    RESET_LIMIT_PER_ADDRESS: UNLIMITED, VERIFY_LIMIT_PER_ADDRESS: UNLIMITED, CHECKIN_LIMIT_PER_LEARNER: UNLIMITED,
    METRICS_TOKEN: 'a-scraper-token-of-sufficient-length',
  });
  const http = () => academy.http;
  const login = async (email: string, password: string): Promise<string> =>
    ok(await http().post('/api/auth/login').send({ email, password }), 200, `login ${email}`).accessToken;

  const admin = await login('admin@tirana.example', ADMIN_PASSWORD);
  const platform = await login(PLATFORM.email, PLATFORM.password);
  const otherAdmin = await login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
  const as = bearer(admin);

  const ids: Record<string, string> = {};
  const emails: Partial<Record<Identity, string>> = {
    admin: 'admin@tirana.example', otherAdmin: DUBLIN_ADMIN.email, platform: PLATFORM.email,
  };
  const person = async (key: string, role: string, password: string | null = PASSWORD) => {
    const email = `matrix.${key.toLowerCase()}@tirana.example`;
    const body = ok(await http().post('/api/users').set(as).send({ email, name: `Matrix ${key}`, role, ...(password ? { password } : {}) }), 201, `create ${key}`);
    ids[key] = body.id;
    return email;
  };
  for (const [key, role] of [['learner', 'learner'], ['trainer', 'trainer'], ['otherTrainer', 'trainer'], ['deactivated', 'learner'], ['deleted', 'learner']] as const) {
    emails[key] = await person(key, role);
  }
  await person('subject', 'learner'); // the person the user-management rows change
  await person('applicant', 'learner'); // for whom an administrator applies
  await person('enrolee', 'learner'); // whom an administrator enrols
  await person('invited', 'learner', null); // no password yet: an invitation can be sent again
  const tokens: Record<Identity, string | undefined> = {
    none: undefined, forged: '', expired: '', deleted: '', deactivated: '',
    learner: await login(emails.learner!, PASSWORD), trainer: await login(emails.trainer!, PASSWORD),
    otherTrainer: await login(emails.otherTrainer!, PASSWORD), admin, otherAdmin, platform,
  };
  tokens.deactivated = await login(emails.deactivated!, PASSWORD);
  ok(await http().post(`/api/users/${ids.deactivated}/deactivate`).set(as).send({ reason: 'left the city' }), 200, 'deactivate');
  // A person deleted from the database while their token lives (there is no route that deletes people).
  tokens.deleted = await login(emails.deleted!, PASSWORD);
  await academy.db.query(`DELETE FROM users WHERE id = $1`, [ids.deleted]);

  const learnerClaims = new JwtService().decode(tokens.learner!) as Record<string, unknown>;
  const { iat: _iat, exp: _exp, ...claims } = learnerClaims;
  const now = Math.floor(Date.now() / 1000);
  tokens.expired = await new JwtService({ secret: academy.config.jwtSecret }).signAsync({ ...claims, iat: now - 7200, exp: now - 3600 });
  const adminClaims = new JwtService().decode(admin) as Record<string, unknown>;
  delete adminClaims.iat; delete adminClaims.exp;
  tokens.forged = await new JwtService({ secret: 'another-secret-of-the-same-length!' }).signAsync(adminClaims, { expiresIn: 3600 });

  const cities = ok(await http().get('/api/cities').set(bearer(platform)), 200, 'cities');
  ids.city = cities.find((c: any) => c.code === 'TIRANA').id;
  ids.dublin = cities.find((c: any) => c.code === 'DUBLIN').id;
  // A second administrator of Tirana, appointed by the platform: the one the removal row removes.
  ids.extraAdmin = ok(await http().post(`/api/cities/${ids.city}/administrators`).set(bearer(platform))
    .send({ email: 'matrix.extra-admin@tirana.example', name: 'Matrix Extra Admin' }), 201, 'appoint').id;

  const programmes = ok(await http().get('/api/programmes').set(as), 200, 'programmes');
  ids.programme = programmes.find((p: any) => p.code === 'TIRANA-2023').id;
  ids.mooc = programmes.find((p: any) => p.code === 'MOOC-2024').id;
  for (const programme of [ids.programme, ids.mooc]) {
    ok(await http().post(`/api/programmes/${programme}/enrolments`).set(as).send({ userId: ids.learner }), 201, 'enrol');
  }
  ok(await http().post(`/api/programmes/${ids.programme}/enrolments`).set(as).send({ userId: ids.applicant }), 201, 'enrol applicant');

  const newSession = async (extra: Record<string, unknown> = {}, startsAt = new Date(Date.now() + 10 * 60_000)) =>
    ok(await http().post(`/api/programmes/${ids.programme}/sessions`).set(as).send({
      moduleCode: 'DHR-INTRO', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(), ...extra,
    }), 201, 'session').id as string;
  // The session the trainer delivers (the other trainer does not): attendance, check-in, reports, places.
  const start = new Date(Date.now() + 10 * 60_000);
  ids.session = await newSession({ trainers: [{ userId: ids.trainer, role: 'lead' }], capacity: 10 }, start);
  ids.assignSession = await newSession(); // where the assignment row assigns the trainer
  // Check-in is tried on a session of its own: the attendance rows make the learner present at the first one.
  ids.checkinSession = await newSession({ trainers: [{ userId: ids.trainer, role: 'lead' }] }, start);

  // A report with people matched to nobody: the review items the assign and dismiss rows decide.
  const end = new Date(start.getTime() + 90 * 60_000);
  const guests = Array.from({ length: 30 }, (_, i) => `Matrix Guest ${String(i + 1).padStart(2, '0')},,${zoomTime(start)},${zoomTime(end)},90,Yes`);
  const report = [
    'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
    `111 222 333,Introduction,${zoomTime(start)},${zoomTime(end)},admin@tirana.example,90,${guests.length + 1}`,
    '',
    'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
    `Tirana Admin,admin@tirana.example,${zoomTime(start)},${zoomTime(end)},90,No`,
    ...guests,
    '',
  ].join('\r\n');
  ok(await http().post(`/api/sessions/${ids.session}/attendance/report`).set(as).attach('file', Buffer.from(report), 'zoom.csv'), 200, 'report');
  const reviewItems: string[] = ok<any[]>(await http().get(`/api/sessions/${ids.session}/review`).set(as), 200, 'review').map((i) => i.id);
  ids.reviewItem = reviewItems.pop()!;

  const newSubmission = async () =>
    ok(await http().post(`/api/programmes/${ids.programme}/submissions`).set(bearer(tokens.learner!))
      .field('kind', 'reflection').field('moduleCode', 'DHR-INTRO')
      .attach('file', Buffer.from('%PDF-1.4\n% a reflection\n%%EOF\n'), 'reflection.pdf'), 201, 'submission').id as string;
  ids.submission = await newSubmission();

  // Catalogue: a trainer-only material of the introduction.
  const intro = ok(await http().get('/api/modules/DHR-INTRO').set(as), 200, 'module');
  ids.material = intro.materials.find((m: any) => m.audience === 'trainer').id;
  // A module of Tirana's own, with a lesson and a check, in a programme the learner is enrolled in.
  ids.module = 'TIR-MATRIX';
  ok(await http().post('/api/modules').set(as).send({
    code: ids.module, kind: 'deep-dive', title: 'Tirana: open data at the municipality', description: 'Our own module.',
  }), 201, 'module');
  ok(await http().put(`/api/modules/${ids.module}/lessons`).set(as).send({
    lessons: [{ kind: 'text', title: 'What we publish', body: 'The datasets the city publishes.' }, { kind: 'text', title: 'Who asks', body: 'Requests we get.' }],
  }), 200, 'lessons');
  const check = { passMark: 0.5, maxAttempts: 3, questions: [{ prompt: 'Who may reuse open data?', options: ['anyone', 'nobody'], correctIndex: 0 }] };
  ok(await http().put(`/api/modules/${ids.module}/knowledge-check`).set(as).send(check), 200, 'check');
  ids.ownProgramme = ok(await http().post('/api/programmes').set(as).send({
    code: 'MATRIX-OWN', title: 'Matrix own module programme', moduleCodes: [ids.module], ruleSet: 'tirana-2023',
  }), 201, 'programme').id;
  ok(await http().post(`/api/programmes/${ids.ownProgramme}/enrolments`).set(as).send({ userId: ids.learner }), 201, 'enrol');
  const listed = ok(await http().get(`/api/modules/${ids.module}/lessons`).set(as), 200, 'lessons');
  const lessons = (listed.lessons ?? listed).map((l: any) => ({ id: l.id, kind: l.kind, title: l.title, body: l.body ?? undefined, url: l.url ?? undefined }));
  ids.lesson = lessons[0].id;
  // A rule set of Tirana's own.
  ids.ruleSet = 'matrix-tirana';
  ok(await http().post('/api/rule-sets').set(as).send({
    format: 'academy.rule-set/1', id: ids.ruleSet, version: 1, title: 'Matrix Tirana', description: 'Two modules: attendance.',
    moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: null, selfPaced: 'all-lessons-and-check' },
    awards: [{ kind: 'attendance', scope: 'programme', when: { minModules: 2 } }],
  }), 201, 'rule set');

  // A certificate of the learner's: a programme of two modules, both attended, closed.
  const certProgramme = ok(await http().post('/api/programmes').set(as).send({
    code: 'MATRIX-CERT', title: 'Matrix certificate programme', moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY'], ruleSet: 'tirana-2023',
    periodStart: '2024-01-01', periodEnd: '2024-12-31',
  }), 201, 'programme').id as string;
  ids.certProgramme = certProgramme;
  const csv = 'email,name,department,module,session,status,minutes\n' +
    `${emails.learner},Matrix learner,,DHR-INTRO,2024-02-01,present,90\n${emails.learner},Matrix learner,,DHR-PRIVACY,2024-02-08,present,90\n`;
  ok(await academy.importCsv(certProgramme, csv, admin), 200, 'import');
  ok(await http().post(`/api/programmes/${certProgramme}/close`).set(as), 202, 'close');
  await academy.waitForEvaluation(certProgramme, admin);
  const certificates = ok<any[]>(await http().get(`/api/programmes/${certProgramme}/certificates`).set(as), 200, 'certificates');
  ids.certificate = certificates[0].id;
  ids.verificationCode = certificates[0].code ?? certificates[0].verificationCode;
  // An empty programme for the close row.
  ids.closeProgramme = ok(await http().post('/api/programmes').set(as).send({
    code: 'MATRIX-CLOSE', title: 'Matrix programme to close', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023',
  }), 201, 'programme').id;

  const dublin = ok<any[]>(await http().get('/api/programmes').set(bearer(otherAdmin)), 200, 'Dublin programmes');
  const dublinPrivate = [DUBLIN_ADMIN.email, 'DUB-STAFF', dublin.find((p) => p.code === 'DUBLIN-2023').id, 'MX-OTHERADMIN', 'matrix-otheradmin'];
  const tiranaPrivate = [ids.module, ids.lesson, ids.learner, emails.learner!, ids.programme, ids.session, ids.submission, ids.certificate, ids.subject];
  return {
    academy, tokens, emails, ids, reviewItems, lessons, check, report, tiranaPrivate, dublinPrivate, otherLearner: ['matrix.applicant@tirana.example', ids.applicant, 'Matrix applicant'], personal: [emails.learner!, ids.learner, 'Matrix learner'], newSubmission,
    passwords: { learner: PASSWORD, trainer: PASSWORD, otherTrainer: PASSWORD, admin: ADMIN_PASSWORD, otherAdmin: DUBLIN_ADMIN.password, platform: PLATFORM.password },
  };
}
