import { compileRuleSet } from './compile.js';
import type { RuleSetDefinition } from './definition.js';
import type { AttendanceStatus, CertificateKind, EvidenceRecord, LearnerFacts, SessionRecord } from './types.js';

/**
 * The custom example: completion for at least 4 of the 6 modules including DHR-INTRO plus
 * an accepted final assignment; attendance for at least 2; a session counts from 80% of
 * its minutes on.
 */
const definition: RuleSetDefinition = {
  format: 'academy.rule-set/1',
  id: 'city-deep-dives-2024',
  version: 3,
  title: 'Deep dives 2024',
  description: 'Completion: 4 of 6 modules including the introduction, and an accepted final assignment. Attendance: 2 modules.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: 0.8, selfPaced: 'all-lessons-and-check' },
  awards: [
    {
      kind: 'completion',
      scope: 'programme',
      when: { minModules: 4, requiredModules: ['DHR-INTRO'], acceptedEvidence: ['final-assignment'] },
    },
    { kind: 'attendance', scope: 'programme', when: { minModules: 2 } },
  ],
};
const custom = compileRuleSet(definition);

const CODES = ['DHR-INTRO', 'DHR-INCLUSION', 'DHR-AUTONOMY', 'DHR-TRANSPARENCY', 'DHR-PARTICIPATION', 'DHR-PRIVACY'];

/** `80` = present for 80 of 90 minutes; `'late:85'`, `'excused'`, `null` (minutes unknown, present). */
type Cell = number | null | `${AttendanceStatus}` | `${AttendanceStatus}:${number}` | Cell[];

function session(cell: Exclude<Cell, Cell[]>): SessionRecord {
  if (cell === null) return { status: 'present', minutes: null, sessionMinutes: 90 };
  if (typeof cell === 'number') return { status: 'present', minutes: cell, sessionMinutes: 90 };
  const [status, m] = cell.split(':') as [AttendanceStatus, string | undefined];
  return { status, minutes: m === undefined ? null : Number(m), sessionMinutes: 90 };
}

function learner(cells: Partial<Record<string, Cell>>, finalAssignment?: EvidenceRecord['status']): LearnerFacts {
  return {
    modules: CODES.map((code) => {
      const cell = cells[code];
      const list = cell === undefined ? [] : Array.isArray(cell) ? cell : [cell];
      return { code, sessions: list.map((c) => session(c as Exclude<Cell, Cell[]>)) };
    }),
    programmeEvidence: finalAssignment ? [{ kind: 'final-assignment', status: finalAssignment }] : [],
  };
}

const FULL = { 'DHR-INTRO': 90, 'DHR-INCLUSION': 90, 'DHR-AUTONOMY': 90, 'DHR-TRANSPARENCY': 90 };

describe('custom rule set: 4 of 6 with DHR-INTRO and a final assignment, 80% of minutes', () => {
  it.each<[string, LearnerFacts, CertificateKind | null, number]>([
    ['four full modules, final assignment accepted', learner(FULL, 'accepted'), 'completion', 4],
    ['all six modules, final assignment accepted', learner({ ...FULL, 'DHR-PARTICIPATION': 88, 'DHR-PRIVACY': 81 }, 'accepted'), 'completion', 6],
    ['four modules, final assignment awaiting review', learner(FULL, 'submitted'), 'attendance', 4],
    ['four modules, final assignment returned', learner(FULL, 'returned'), 'attendance', 4],
    ['four modules, no final assignment', learner(FULL), 'attendance', 4],
    [
      'four modules without DHR-INTRO',
      learner({ 'DHR-INCLUSION': 90, 'DHR-AUTONOMY': 90, 'DHR-TRANSPARENCY': 90, 'DHR-PRIVACY': 90 }, 'accepted'),
      'attendance',
      4,
    ],
    ['exactly 80% counts (72 of 90)', learner({ ...FULL, 'DHR-AUTONOMY': 72 }, 'accepted'), 'completion', 4],
    ['just under 80% does not (71 of 90)', learner({ ...FULL, 'DHR-AUTONOMY': 71 }, 'accepted'), 'attendance', 3],
    ['unknown minutes: the status decides', learner({ ...FULL, 'DHR-AUTONOMY': null }, 'accepted'), 'completion', 4],
    ['late with enough minutes counts', learner({ ...FULL, 'DHR-AUTONOMY': 'late:75' }, 'accepted'), 'completion', 4],
    ['excused for the whole session does not count', learner({ ...FULL, 'DHR-AUTONOMY': 'excused:90' }, 'accepted'), 'attendance', 3],
    ['short stay, then a full make-up session', learner({ ...FULL, 'DHR-AUTONOMY': [40, 85] }, 'accepted'), 'completion', 4],
    ['two modules, one of them too short', learner({ 'DHR-INTRO': 90, 'DHR-PRIVACY': 45 }), null, 1],
    ['two modules', learner({ 'DHR-INTRO': 90, 'DHR-PRIVACY': 80 }), 'attendance', 2],
    ['one module', learner({ 'DHR-INTRO': 90 }, 'accepted'), null, 1],
    ['nothing', learner({}), null, 0],
  ])('%s', (_case, facts, kind, attended) => {
    const decision = custom.decide(facts);
    expect(decision.awards).toEqual(kind ? [{ kind, scope: 'programme' }] : []);
    expect(decision.attendedModules).toHaveLength(attended);
    expect(decision.missingModules).toHaveLength(6 - attended);
  });

  it('explains a short stay and why completion was not reached', () => {
    const decision = custom.decide(
      learner({ 'DHR-INCLUSION': 90, 'DHR-AUTONOMY': 85, 'DHR-TRANSPARENCY': 'late:80', 'DHR-PRIVACY': 45 }, 'submitted'),
    );
    expect(decision.awards).toEqual([{ kind: 'attendance', scope: 'programme' }]);
    expect(decision.explanation).toEqual([
      'Attended 3 modules: DHR-INCLUSION, DHR-AUTONOMY, DHR-TRANSPARENCY.',
      'Not attended: DHR-INTRO, DHR-PARTICIPATION, DHR-PRIVACY.',
      'DHR-PRIVACY: 45 of 90 minutes, below 80%.',
      'Attendance: at least 2 modules attended; Completion needs at least 4 modules including DHR-INTRO and an accepted ' +
        'final assignment: 1 more module, missing DHR-INTRO, final assignment not accepted (awaiting review).',
    ]);
  });

  it('explains a completion', () => {
    expect(custom.decide(learner(FULL, 'accepted')).explanation.at(-1)).toBe(
      'Completion: at least 4 modules attended including DHR-INTRO, final assignment accepted.',
    );
  });

  it('explains a learner with nothing yet, listing every gap', () => {
    expect(custom.decide(learner({ 'DHR-PRIVACY': 30 })).explanation).toEqual([
      "No module attended (present or late at one of its sessions for at least 80% of the session's minutes).",
      'Not attended: DHR-INTRO, DHR-INCLUSION, DHR-AUTONOMY, DHR-TRANSPARENCY, DHR-PARTICIPATION, DHR-PRIVACY.',
      'DHR-PRIVACY: 30 of 90 minutes, below 80%.',
      'No certificate: 2 more modules for Attendance; Completion needs at least 4 modules including DHR-INTRO and an ' +
        'accepted final assignment: 4 more modules, missing DHR-INTRO, final assignment not accepted (none handed in).',
    ]);
  });

  it('lets self-paced modules count when lessons and check are done', () => {
    const facts = learner({ 'DHR-INTRO': 90 });
    facts.modules[1].selfPaced = { lessonsTotal: 5, lessonsDone: 5, checkPassed: true };
    facts.modules[2].selfPaced = { lessonsTotal: 5, lessonsDone: 3, checkPassed: false };
    const decision = custom.decide(facts);
    expect(decision.attendedModules).toEqual(['DHR-INTRO', 'DHR-INCLUSION']);
    expect(decision.explanation).toContain('DHR-AUTONOMY: self-paced, 3 of 5 lessons done, knowledge check not passed.');
  });
});

describe('other condition vocabulary', () => {
  const base = {
    format: 'academy.rule-set/1',
    id: 'vocabulary',
    version: 1,
    title: 'Vocabulary',
    description: 'Exercises the conditions.',
    moduleAttended: { statuses: ['present'] },
  } as const;
  const present = (codes: string[]): LearnerFacts => ({
    modules: ['A1', 'B1', 'C1', 'D1'].map((code) => ({
      code,
      sessions: codes.includes(code) ? [{ status: 'present' as const, minutes: null }] : [],
    })),
  });

  it('counts only the listed modules', () => {
    const set = compileRuleSet({
      ...base,
      moduleAttended: { statuses: ['present'] },
      awards: [{ kind: 'completion', scope: 'programme', when: { modules: ['B1', 'C1', 'D1'], minModules: 2 } }],
    });
    expect(set.decide(present(['A1', 'B1'])).awards).toEqual([]);
    expect(set.decide(present(['A1', 'B1'])).explanation.at(-1)).toBe('No certificate: 1 more module for Completion.');
    expect(set.decide(present(['B1', 'D1'])).awards).toEqual([{ kind: 'completion', scope: 'programme' }]);
    expect(set.decide(present(['B1', 'D1'])).explanation.at(-1)).toBe(
      'Completion: at least 2 of the modules B1, C1, D1 attended.',
    );
  });

  it('maxModules caps a lower award; the higher one still wins', () => {
    const set = compileRuleSet({
      ...base,
      moduleAttended: { statuses: ['present'] },
      awards: [
        { kind: 'attendance', scope: 'programme', when: { minModules: 1, maxModules: 1 } },
        { kind: 'completion', scope: 'programme', when: { requiredModules: ['A1', 'B1'] } },
      ],
    });
    expect(set.decide(present(['C1'])).awards).toEqual([{ kind: 'attendance', scope: 'programme' }]);
    expect(set.decide(present(['C1', 'D1'])).awards).toEqual([]);
    expect(set.decide(present(['A1', 'B1'])).awards).toEqual([{ kind: 'completion', scope: 'programme' }]);
    expect(set.decide(present(['C1', 'D1'])).explanation.at(-1)).toBe(
      'No certificate: Attendance needs exactly 1 module: 2 modules attended, more than 1; ' +
        'Completion needs modules A1 and B1: missing A1 and B1.',
    );
  });

  it('per-module awards can be limited to some modules and ask for submitted evidence', () => {
    const set = compileRuleSet({
      ...base,
      moduleAttended: { statuses: ['present'] },
      awards: [{ kind: 'completion', scope: 'each-module', when: { modules: ['A1'], attended: true, submittedEvidence: ['any'] } }],
    });
    const facts = present(['A1', 'B1']);
    expect(set.decide(facts).awards).toEqual([]);
    facts.modules[0].evidence = [{ kind: 'reflection', status: 'submitted' }];
    facts.modules[1].evidence = [{ kind: 'reflection', status: 'submitted' }];
    expect(set.decide(facts).awards).toEqual([{ kind: 'completion', scope: 'A1' }]);
    facts.modules[0].evidence = [{ kind: 'reflection', status: 'returned' }];
    expect(set.decide(facts).explanation.at(-1)).toBe(
      'No certificate for A1: Completion needs attendance and submitted evidence of any kind: evidence returned, to be handed in again.',
    );
  });

  it('awards at most one certificate per scope and track, even with alternatives', () => {
    const set = compileRuleSet({
      ...base,
      moduleAttended: { statuses: ['present'] },
      awards: [
        { kind: 'attendance', scope: 'programme', when: { minModules: 1 } },
        { kind: 'completion', scope: 'programme', when: { minModules: 3 } },
        { kind: 'completion', scope: 'programme', when: { requiredModules: ['D1'], acceptedEvidence: ['any'] } },
      ],
    });
    const facts = { ...present(['A1', 'B1', 'C1', 'D1']), programmeEvidence: [{ kind: 'essay', status: 'accepted' as const }] };
    expect(set.decide(facts).awards).toEqual([{ kind: 'completion', scope: 'programme' }]);
  });
});
