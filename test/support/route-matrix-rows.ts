/**
 * The expected answer of every cell of the route × role matrix, one row per operation of the
 * OpenAPI document. The five token failures (no token, forged, expired, deleted, deactivated)
 * answer 401 unless a row says otherwise; every signed-in caller is named in each row.
 */
import type { Response, Test } from 'supertest';
import { IDENTITIES, type Identity, type RouteFixture } from './route-fixture.js';

export interface Row {
  expect: Partial<Record<Identity, number>>;
  /** Path parameters other than the defaults (Tirana's programme, session, learner, …). */
  params?: Record<string, (fx: RouteFixture) => string>;
  /** Fresh path parameters for one cell, for rows whose allowed call uses its record up. */
  cell?: (fx: RouteFixture, who: Identity) => Promise<Record<string, string>>;
  body?: (fx: RouteFixture, who: Identity) => unknown;
  send?: (req: Test, fx: RouteFixture, who: Identity) => Test;
  before?: (fx: RouteFixture) => Promise<void>;
  after?: (fx: RouteFixture, who: Identity, res: Response) => void | Promise<void>;
  /** Text a successful answer to these callers must not hold (an answer key, a private note, trainer material). */
  hide?: Partial<Record<Identity, string[]>>;
  /** Cells one after the other (each changes what the next one finds), in this order when given, else all at once. */
  serial?: boolean | readonly Identity[];
  phase?: number;
}

type Answers = Partial<Record<'learner' | 'trainer' | 'otherTrainer' | 'admin' | 'otherAdmin' | 'platform', number>>;
const SIGNED_IN = ['learner', 'trainer', 'otherTrainer', 'admin', 'otherAdmin', 'platform'] as const;

/** Signed-in callers answer `rest` unless named. */
const by = (answers: Answers, rest = 403): Partial<Record<Identity, number>> =>
  Object.fromEntries(SIGNED_IN.map((w) => [w, answers[w] ?? rest]));
/** A public route: everyone, whatever token they send, gets this. */
const everyone = (status: number) => Object.fromEntries(IDENTITIES.map((w) => [w, status]));
/** Tirana's administrator only; Dublin's finds nothing of Tirana's (404). */
const admin = (status: number) => by({ admin: status, otherAdmin: 404 });
/** Tirana's staff (administrator and trainers). */
const staff = (status: number, trainers = status) => by({ admin: status, trainer: trainers, otherTrainer: trainers, otherAdmin: 404 });

const code = (who: Identity) => `MX-${who.toUpperCase()}`;
const csv = (fx: RouteFixture) =>
  `email,name,department,module,session,status,minutes\n${fx.emails.learner},Matrix learner,,DHR-INTRO,${fx.ids.session},present,90\n`;
const NEW_PASSWORD = 'matrix-changed-password';
const PRIVATE_NOTE = 'The name was swapped with a colleague of the same department';
const ruleSet = (id: string) => ({
  format: 'academy.rule-set/1', id, version: 1, title: `Matrix ${id}`, description: 'Two modules attended: attendance.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: null, selfPaced: 'all-lessons-and-check' },
  awards: [{ kind: 'attendance', scope: 'programme', when: { minModules: 2 } }],
});
const check = { passMark: 0.5, maxAttempts: 3, questions: [{ prompt: 'Which is right?', options: ['this', 'that'], correctIndex: 0 }] };

export const matrixRows: Record<string, Row> = {
  // Accounts: public routes answer alike whatever the token; the caller's own routes run last.
  'POST /api/auth/login': { expect: everyone(200), body: (fx) => ({ email: fx.emails.learner, password: fx.passwords.learner }) },
  'POST /api/auth/accept-invitation': { expect: everyone(400), body: () => ({ token: 'x'.repeat(40), password: NEW_PASSWORD }) },
  'POST /api/auth/password-reset': { expect: everyone(202), body: (fx) => ({ email: fx.emails.learner }) },
  'POST /api/auth/password-reset/confirm': { expect: everyone(400), body: () => ({ token: 'x'.repeat(40), password: NEW_PASSWORD }) },
  'POST /api/auth/password': {
    phase: 98, expect: by({}, 200),
    body: (fx, who) => ({ currentPassword: fx.passwords[who] ?? 'not-a-password', newPassword: NEW_PASSWORD }),
    after: (fx, who, res) => { if (res.status === 200) { fx.tokens[who] = res.body.accessToken; fx.passwords[who] = NEW_PASSWORD; } },
  },
  'POST /api/auth/logout': {
    phase: 99, expect: by({}, 204),
    after: async (fx, who, res) => {
      if (res.status !== 204) return;
      const again = await fx.academy.http.get('/api/me').set('Authorization', `Bearer ${fx.tokens[who]}`);
      if (again.status !== 401) throw new Error(`${who}'s token still works after logout: ${again.status}`);
    },
  },

  // User management: Tirana's administrator, in Tirana.
  'POST /api/users': { expect: by({ admin: 201, otherAdmin: 201 }), body: (_, who) => ({ email: `matrix.new-${who.toLowerCase()}@tirana.example`, name: 'New person', role: 'learner' }) },
  'GET /api/users': { expect: by({ admin: 200, otherAdmin: 200 }) },
  'POST /api/users/import': {
    expect: by({ admin: 200, otherAdmin: 200 }),
    send: (req, _, who) => req.set('Content-Type', 'text/csv').send(`email,name\nmatrix.import-${who.toLowerCase()}@tirana.example,Imported person\n`),
  },
  'GET /api/users/{id}': { expect: admin(200) },
  'GET /api/users/{id}/trainer-record': { expect: by({ admin: 200, trainer: 200, otherTrainer: 200, otherAdmin: 404 }), params: { id: (fx) => fx.ids.trainer } },
  'PATCH /api/users/{id}': { expect: admin(200), body: () => ({ name: 'Matrix subject' }) },
  'POST /api/users/{id}/deactivate': { phase: 10, expect: admin(200), body: () => ({ reason: 'matrix' }) },
  'POST /api/users/{id}/reactivate': { phase: 11, expect: admin(200) },
  'POST /api/users/{id}/invitation': { expect: admin(202), params: { id: (fx) => fx.ids.invited } },

  // The coalition's cities: the platform role only.
  'POST /api/cities': {
    expect: by({ platform: 201 }),
    body: () => ({ code: 'MATRIX-CITY', name: 'Matrix city', issuers: { en: 'Matrix City Council' }, defaultLanguage: 'en', timezone: 'Europe/Vienna' }),
  },
  'GET /api/cities': { expect: by({ platform: 200 }) },
  'GET /api/cities/{id}': { expect: by({ platform: 200 }) },
  'GET /api/cities/{id}/programmes': { expect: by({ platform: 200 }) },
  'GET /api/cities/{id}/programmes/{programmeId}/stats': { expect: by({ platform: 200 }) },
  'GET /api/cities/{id}/administrators': { expect: by({ platform: 200 }) },
  'POST /api/cities/{id}/administrators': { expect: by({ platform: 201 }), body: (_, who) => ({ email: `matrix.appointed-${who.toLowerCase()}@tirana.example`, name: 'Appointed' }) },
  'DELETE /api/cities/{id}/administrators/{userId}': { phase: 20, expect: by({ platform: 204 }), params: { userId: (fx) => fx.ids.extraAdmin } },

  // The catalogue, on Tirana's own module: Tirana's administrator edits it and sees its answer key, the platform
  // reads it (no answer key, no edit), Dublin finds no such module. Variants are of a shared module.
  'POST /api/modules': {
    expect: by({ admin: 201, otherAdmin: 201, platform: 201 }),
    body: (_, who) => ({ code: code(who), kind: 'deep-dive', title: `Matrix module of ${who}`, description: 'A module of the matrix.' }),
  },
  'GET /api/modules': { expect: by({}, 200), hide: { learner: ['"audience":"trainer"'] } },
  'GET /api/modules/{code}': { expect: by({ otherAdmin: 404 }, 200) },
  // A trainer-only material: learners are refused it.
  'GET /api/materials/{id}': { expect: by({ learner: 403 }, 200) },
  'PUT /api/modules/{code}/lessons': { expect: by({ admin: 200, otherAdmin: 404 }), body: (fx) => ({ lessons: fx.lessons }) },
  'GET /api/modules/{code}/lessons': { expect: by({ otherAdmin: 404 }, 200) },
  'PUT /api/modules/{code}/variant/lessons': {
    expect: by({ admin: 200, otherAdmin: 200 }), params: { code: () => 'DHR-PUBLIC-GOODS' },
    body: () => ({ lessons: [{ kind: 'text', title: 'Our own lesson', body: 'What our city does.' }] }),
  },
  'PUT /api/modules/{code}/knowledge-check': { expect: by({ admin: 200, otherAdmin: 404 }), body: (fx) => fx.check },
  'GET /api/modules/{code}/knowledge-check': { expect: by({ otherAdmin: 404 }, 200), hide: Object.fromEntries(IDENTITIES.map((w) => [w, ['correctIndex']])) },
  'PUT /api/modules/{code}/variant/knowledge-check': { expect: by({ admin: 200, otherAdmin: 200 }), params: { code: () => 'DHR-PUBLIC-GOODS' }, body: () => check },
  'GET /api/modules/{code}/knowledge-check/definition': { expect: by({ admin: 200, otherAdmin: 404 }) },
  'POST /api/modules/{code}/knowledge-check/attempts': { phase: 5, expect: by({ learner: 201, otherAdmin: 404 }), body: (fx) => ({ answers: fx.check.questions.map(() => 0) }) },
  'POST /api/lessons/{id}/done': { expect: by({ learner: 200, otherAdmin: 404 }) },
  // Progress is a learner's own: everyone else is enrolled in nothing (403).
  'GET /api/me/progress/{moduleCode}': { expect: by({ learner: 200, otherAdmin: 404 }) },

  // Programmes: Tirana's staff; Dublin's administrator finds none of them.
  'POST /api/programmes': {
    expect: by({ admin: 201, otherAdmin: 201 }),
    body: (_, who) => ({ code: `MATRIX-${who.toUpperCase()}`, title: 'Matrix programme', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023' }),
  },
  'GET /api/programmes': { expect: by({ admin: 200, trainer: 200, otherTrainer: 200, otherAdmin: 200 }) },
  'GET /api/programmes/{id}': { expect: staff(200) },
  'PATCH /api/programmes/{id}': { expect: admin(200), body: () => ({ defaultSessionMinutes: 90 }) },
  'POST /api/programmes/{id}/modules': { expect: admin(200), body: () => ({ moduleCodes: ['DHR-INTRO'] }) },
  'PUT /api/programmes/{id}/modules/{code}': { expect: admin(200), params: { code: () => 'DHR-INTRO' }, body: () => ({ selectionCriteria: [] }) },
  'POST /api/programmes/{id}/enrolments': { expect: admin(201), body: (fx) => ({ userId: fx.ids.enrolee }) },
  'POST /api/programmes/{id}/sessions': { expect: staff(201), body: () => ({ moduleCode: 'DHR-INTRO', startsAt: '2023-02-01T09:00:00' }) },
  'GET /api/programmes/{id}/sessions': { expect: staff(200) },
  'POST /api/programmes/{id}/attendance/import': { expect: staff(200), send: (req, fx) => req.set('Content-Type', 'text/csv').send(csv(fx)) },
  'POST /api/programmes/{id}/close': { phase: 20, expect: admin(202), params: { id: (fx) => fx.ids.closeProgramme } },
  'GET /api/programmes/{id}/close-status': { expect: admin(200), params: { id: (fx) => fx.ids.certProgramme } },
  'POST /api/programmes/{id}/close-status/retry': { expect: admin(200), params: { id: (fx) => fx.ids.certProgramme } },
  'GET /api/programmes/{id}/certificates': { expect: admin(200), params: { id: (fx) => fx.ids.certProgramme } },
  'GET /api/programmes/{id}/dry-run': { expect: admin(200) },
  'PUT /api/programmes/{id}/rule-set': { expect: admin(204), body: () => ({ ruleSet: 'tirana-2023' }) },
  'PUT /api/programmes/{id}/rule-set-version': { expect: admin(200), body: () => ({ version: 1 }) },
  'GET /api/programmes/{id}/stats': { expect: admin(200) },

  // Sessions and attendance: the city's staff; assignments by administrators only.
  'GET /api/sessions/{id}': { expect: staff(200) },
  'POST /api/sessions/{id}/trainers': {
    phase: 20, expect: admin(201), params: { id: (fx) => fx.ids.assignSession }, body: (fx) => ({ userId: fx.ids.trainer, role: 'lead' }),
  },
  'GET /api/sessions/{id}/attendance': { expect: staff(200) },
  'PUT /api/sessions/{id}/attendance/{userId}': { expect: staff(200), body: () => ({ status: 'present', minutes: 90 }) },
  'GET /api/sessions/{id}/attendance/{userId}/history': { expect: staff(200) },
  'POST /api/sessions/{id}/attendance/report': { expect: staff(200), send: (req, fx) => req.attach('file', Buffer.from(fx.report), 'zoom.csv') },
  'GET /api/sessions/{id}/review': { expect: staff(200) },
  'POST /api/review-items/{id}/assign': {
    expect: staff(200), cell: async (fx) => ({ id: fx.reviewItems.pop()! }), body: (fx) => ({ userId: fx.ids.applicant, status: 'present' }),
  },
  'POST /api/review-items/{id}/dismiss': { expect: staff(200), cell: async (fx) => ({ id: fx.reviewItems.pop()! }), body: () => ({ reason: 'a guest' }) },

  // Check-in on the trainer's session: opened, shown, used by the learner, closed.
  'POST /api/sessions/{id}/checkin/open': { phase: 1, params: { id: (fx) => fx.ids.checkinSession }, expect: staff(200) },
  'GET /api/sessions/{id}/checkin/code': { phase: 2, params: { id: (fx) => fx.ids.checkinSession }, expect: staff(200) },
  'POST /api/sessions/{id}/checkin': {
    phase: 3, expect: by({ learner: 201 }), params: { id: (fx) => fx.ids.checkinSession },
    before: async (fx) => { fx.ids.checkinCode = (await fx.academy.http.get(`/api/sessions/${fx.ids.checkinSession}/checkin/code`).set('Authorization', `Bearer ${fx.tokens.trainer}`)).body.code; },
    body: (fx) => ({ code: fx.ids.checkinCode }),
  },
  'POST /api/sessions/{id}/checkin/close': { phase: 4, params: { id: (fx) => fx.ids.checkinSession }, expect: staff(204) },

  // Places: learners apply for themselves, administrators for a learner; trainers take none.
  'POST /api/sessions/{id}/applications': { phase: 1, expect: by({ learner: 201, admin: 201, otherAdmin: 404, platform: 404 }), body: (fx) => ({ userId: fx.ids.applicant }) },
  'POST /api/sessions/{id}/applications/{userId}/withdraw': {
    // The learner withdraws their own application last, after everyone else tried it; the administrator withdraws the applicant's.
    phase: 2, serial: [...IDENTITIES].reverse(), expect: by({ learner: 200, admin: 200, otherAdmin: 404, platform: 404 }),
    cell: async (fx, who) => ({ userId: who === 'admin' ? fx.ids.applicant : fx.ids.learner }),
  },
  'POST /api/sessions/{id}/selection': { phase: 3, expect: admin(200), body: () => ({ seed: 'matrix' }) },
  'GET /api/sessions/{id}/selection': { phase: 4, expect: staff(200) },

  // Evidence: learners hand in, the session's trainer and the administrator review.
  // Handing in is for those enrolled: a trainer who is not finds no programme of theirs (404).
  'POST /api/programmes/{id}/submissions': { expect: by({ learner: 201, trainer: 404, otherTrainer: 404 }), body: () => ({ kind: 'reflection', moduleCode: 'DHR-INTRO', body: 'What I learnt.' }) },
  'GET /api/programmes/{id}/submissions': { expect: staff(200) },
  'GET /api/me/submissions': { expect: by({}, 200) },
  'GET /api/submissions/{id}/file': { expect: by({ learner: 200, trainer: 200, otherTrainer: 200, admin: 200, otherAdmin: 404, platform: 404 }) },
  'POST /api/submissions/{id}/review': {
    expect: by({ trainer: 200, admin: 200, otherAdmin: 404 }), cell: async (fx) => ({ id: await fx.newSubmission() }),
    body: () => ({ decision: 'accept', comment: 'Well done.' }),
  },

  // Certificates: verification is public; the PDF and page for the holder and the city's administrators.
  // After the revocation: the public reason shows, the private note never does.
  'GET /api/certificates/verify/{code}': {
    phase: 31, expect: everyone(200), params: { code: (fx) => fx.ids.verificationCode },
    hide: Object.fromEntries(IDENTITIES.map((w) => [w, [PRIVATE_NOTE]])),
    after: (_, who, res) => { if (res.body.status !== 'revoked') throw new Error(`verification as ${who}: ${JSON.stringify(res.body)}`); },
  },
  'GET /api/certificates/{id}/pdf': { expect: by({ learner: 200, admin: 200, otherAdmin: 404, platform: 404 }, 404) },
  'GET /api/certificates/{id}/html': { expect: by({ learner: 200, admin: 200, otherAdmin: 404, platform: 404 }, 404) },
  'POST /api/certificates/{id}/revoke': { phase: 30, expect: admin(204), body: () => ({ reason: 'identity_mismatch', note: PRIVATE_NOTE }) },

  // My own: everyone signed in.
  'GET /api/me': { expect: by({}, 200) },
  'GET /api/me/programmes': { expect: by({}, 200) },
  'GET /api/me/certificates': { expect: by({}, 200) },
  // Trainer materials of the modules one delivers: refused to learners, an empty list for those who deliver nothing.
  'GET /api/me/materials': { expect: by({ learner: 403 }, 200) },

  // Rule sets: each city's own namespace; the built-in ones for every city.
  'GET /api/rule-sets': { expect: by({ admin: 200, otherAdmin: 200 }) },
  'POST /api/rule-sets': { expect: by({ admin: 201, otherAdmin: 201 }), body: (_, who) => ruleSet(`matrix-${who.toLowerCase()}`) },
  'GET /api/rule-sets/{id}': { expect: admin(200) },
  'POST /api/rule-sets/validate': { expect: by({ admin: 200, otherAdmin: 200 }), body: () => ruleSet('matrix-check') },

  // The needs assessment: a city's people answer; the results are the city administrator's.
  'GET /api/surveys/needs-assessment': { expect: by({}, 200) },
  'POST /api/surveys/needs-assessment/responses': {
    expect: by({ learner: 201, trainer: 201, otherTrainer: 201, admin: 201, otherAdmin: 201 }),
    body: () => ({
      knowledgeLevel: 'basic', hadDataProtectionTraining: false,
      necessity: { ethics: 3, 'human-rights': 4, bias: 2, inclusion: 3, 'data-control': 4, 'privacy-security': 4, participation: 2 },
      concerns: [], preferredFormats: ['videos'],
    }),
  },
  'GET /api/surveys/needs-assessment/results': { expect: by({ admin: 200, otherAdmin: 200 }) },

  // Statistics: a city's administrator for their city (asked about Tirana's programme: Dublin's finds none), the
  // platform across cities (asked about Tirana).
  'GET /api/statistics': { expect: admin(200), send: (req, fx) => req.query({ programme: fx.ids.programme }) },
  'GET /api/platform/statistics': { expect: by({ platform: 200 }), send: (req, fx) => req.query({ city: fx.ids.city }) },

  // Operations: health is public; metrics want the scraper's token, never a person's.
  'GET /api/health': { expect: everyone(200) },
  'GET /metrics': { expect: everyone(401) },
};
