import { dublin2023 } from './dublin-2023.rule-set.js';
import type { Award, EvidenceRecord, LearnerFacts, ModuleRecord, SessionRecord, TrainerRecord } from './types.js';

const CODES = ['DUB-STAFF', 'DUB-YOUTH', 'DUB-COMMUNITY', 'DHR-TOT'] as const;
type Code = (typeof CODES)[number];

const present: SessionRecord = { status: 'present', minutes: null };
const late: SessionRecord = { status: 'late', minutes: null };
const excused: SessionRecord = { status: 'excused', minutes: null };
const absent: SessionRecord = { status: 'absent', minutes: null };
const ev = (kind: string, status: EvidenceRecord['status'] = 'accepted'): EvidenceRecord => ({ kind, status });

/** Facts for the four Dublin modules; modules not mentioned have no records. */
function facts(
  records: Partial<Record<Code, { sessions?: SessionRecord[]; evidence?: EvidenceRecord[] }>>,
  trainer: TrainerRecord | null = null,
): LearnerFacts {
  const modules: ModuleRecord[] = CODES.map((code) => ({
    code,
    sessions: records[code]?.sessions ?? [],
    evidence: records[code]?.evidence ?? [],
  }));
  return { modules, trainer };
}

const attendance = (scope: string): Award => ({ kind: 'attendance', scope });
const completion = (scope: string): Award => ({ kind: 'completion', scope });
const TRAINER: Award = { kind: 'trainer', scope: 'programme' };

describe('dublin-2023 rule set', () => {
  it.each<[string, LearnerFacts, Award[]]>([
    ['nothing recorded', facts({}), []],
    ['staff workshop attended, no evidence', facts({ 'DUB-STAFF': { sessions: [present] } }), [attendance('DUB-STAFF')]],
    [
      'staff workshop attended, policy exercise accepted',
      facts({ 'DUB-STAFF': { sessions: [present], evidence: [ev('policy-exercise')] } }),
      [completion('DUB-STAFF')],
    ],
    [
      'policy exercise handed in but not yet reviewed',
      facts({ 'DUB-STAFF': { sessions: [present], evidence: [ev('policy-exercise', 'submitted')] } }),
      [attendance('DUB-STAFF')],
    ],
    [
      'zine returned for changes',
      facts({ 'DUB-YOUTH': { sessions: [present], evidence: [ev('zine', 'returned')] } }),
      [attendance('DUB-YOUTH')],
    ],
    [
      'zine returned, then accepted',
      facts({ 'DUB-YOUTH': { sessions: [present], evidence: [ev('zine', 'returned'), ev('zine')] } }),
      [completion('DUB-YOUTH')],
    ],
    [
      'evidence accepted but the module not attended',
      facts({ 'DUB-COMMUNITY': { sessions: [excused], evidence: [ev('reflection')] } }),
      [],
    ],
    ['late still counts as attended', facts({ 'DUB-COMMUNITY': { sessions: [late] } }), [attendance('DUB-COMMUNITY')]],
    [
      'evidence of a kind the rule does not ask for',
      facts({ 'DUB-STAFF': { sessions: [present], evidence: [ev('final-assignment')] } }),
      [attendance('DUB-STAFF')],
    ],
    [
      'each module decided on its own',
      facts({
        'DUB-STAFF': { sessions: [present] },
        'DUB-COMMUNITY': { sessions: [present], evidence: [ev('reflection')] },
      }),
      [attendance('DUB-STAFF'), completion('DUB-COMMUNITY')],
    ],
    [
      'absent, then present at a make-up session; evaluation form accepted',
      facts({ 'DUB-YOUTH': { sessions: [absent, present], evidence: [ev('evaluation')] } }),
      [completion('DUB-YOUTH')],
    ],
    // trainer certificate
    [
      'trainer: ToT attended, co-facilitated one, led one',
      facts({ 'DHR-TOT': { sessions: [present] } }, { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 1 }),
      [TRAINER, attendance('DHR-TOT')],
    ],
    [
      'trainer: ToT done elsewhere (trainer record), 2 co-facilitated, 1 led',
      facts({}, { totModuleAttended: true, sessionsCoFacilitated: 2, sessionsLed: 1 }),
      [TRAINER],
    ],
    [
      'trainer: not yet led a session',
      facts({ 'DHR-TOT': { sessions: [present] } }, { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 0 }),
      [attendance('DHR-TOT')],
    ],
    [
      'trainer: led sessions but never did the ToT module',
      facts({}, { totModuleAttended: false, sessionsCoFacilitated: 3, sessionsLed: 2 }),
      [],
    ],
    [
      'trainer: ToT attended but no trainer record at all',
      facts({ 'DHR-TOT': { sessions: [present] } }),
      [attendance('DHR-TOT')],
    ],
    [
      'trainer and participant at once',
      facts(
        { 'DUB-STAFF': { sessions: [present], evidence: [ev('policy-exercise')] }, 'DHR-TOT': { sessions: [late] } },
        { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 1 },
      ),
      [TRAINER, completion('DUB-STAFF'), attendance('DHR-TOT')],
    ],
  ])('%s', (_case, input, awards) => {
    expect(dublin2023.decide(input).awards).toEqual(awards);
  });

  it('explains per module what was reached and what is still missing', () => {
    const decision = dublin2023.decide(
      facts(
        {
          'DUB-STAFF': { sessions: [present], evidence: [ev('policy-exercise')] },
          'DUB-YOUTH': { sessions: [present], evidence: [ev('zine', 'submitted')] },
          'DHR-TOT': { sessions: [present] },
        },
        { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 0 },
      ),
    );
    expect(decision.explanation).toEqual([
      'Attended 3 modules: DUB-STAFF, DUB-YOUTH, DHR-TOT.',
      'Not attended: DUB-COMMUNITY.',
      'No trainer certificate: needs the train-the-trainer module, at least 1 co-facilitated session and at least 1 led session: 1 more led session.',
      'Completion for DUB-STAFF: attended, policy exercise accepted.',
      'Attendance for DUB-YOUTH: attended; Completion needs attendance and an accepted evaluation, reflection, zine or policy exercise: ' +
        'evaluation, reflection, zine or policy exercise not accepted (awaiting review).',
      'No certificate for DUB-COMMUNITY: not attended.',
      'Attendance for DHR-TOT: attended; Completion needs attendance and an accepted evaluation, reflection, zine or policy exercise: ' +
        'evaluation, reflection, zine or policy exercise not accepted (none handed in).',
    ]);
  });

  it('says how the trainer certificate was earned', () => {
    const decision = dublin2023.decide(
      facts({ 'DHR-TOT': { sessions: [present] } }, { totModuleAttended: false, sessionsCoFacilitated: 2, sessionsLed: 1 }),
    );
    expect(decision.explanation).toContain('Trainer: DHR-TOT attended, 2 sessions co-facilitated, 1 session led.');
  });

  it('records the rule set version that decided', () => {
    expect(dublin2023.decide(facts({}))).toMatchObject({ ruleSet: 'dublin-2023', ruleSetVersion: 1 });
  });
});
