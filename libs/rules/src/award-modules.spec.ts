import { awardModules } from './evaluate.js';
import { dublin2023 } from './dublin-2023.rule-set.js';
import { tirana2023 } from './tirana-2023.rule-set.js';

describe('what a certificate names, and an excused absence in the explanation', () => {
  const decision = { attendedModules: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-TOT'] };
  const trainer = { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 1, modulesDelivered: ['DHR-PRIVACY', 'DHR-INCLUSION'] };

  it.each([
    ['a programme certificate: the modules attended', { kind: 'completion', scope: 'programme' }, ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-TOT']],
    ["a module's certificate: that module", { kind: 'attendance', scope: 'DUB-YOUTH' }, ['DUB-YOUTH']],
    ['a trainer certificate: the modules delivered', { kind: 'trainer', scope: 'programme' }, ['DHR-PRIVACY', 'DHR-INCLUSION']],
  ] as const)('%s', (_case, award, modules) => {
    expect(awardModules(award, decision, { trainer })).toEqual(modules);
  });

  it('names no module on a trainer certificate of someone who delivered none', () => {
    expect(awardModules({ kind: 'trainer', scope: 'programme' }, decision, { trainer: null })).toEqual([]);
  });

  it('says when a missed module was excused, next to a near miss', () => {
    const facts = {
      modules: [
        { code: 'DHR-INTRO', sessions: [{ status: 'excused' as const, minutes: null }] },
        { code: 'DHR-PRIVACY', sessions: [{ status: 'present' as const, minutes: null }] },
        { code: 'DHR-INCLUSION', sessions: [{ status: 'excused' as const, minutes: null }, { status: 'excused' as const, minutes: null }] },
        { code: 'DHR-TRANSPARENCY', sessions: [{ status: 'absent' as const, minutes: null }] },
      ],
    };
    const explanation = tirana2023.decide(facts).explanation;
    expect(explanation).toContain('DHR-INTRO: excused from 1 session, which does not count as attending under this rule set.');
    expect(explanation).toContain('DHR-INCLUSION: excused from 2 sessions, which does not count as attending under this rule set.');
    expect(explanation.some((line) => line.startsWith('DHR-TRANSPARENCY:'))).toBe(false);
    expect(dublin2023.decide({ modules: [{ code: 'DUB-STAFF', sessions: [{ status: 'excused', minutes: null }] }] }).explanation)
      .toContain('DUB-STAFF: excused from 1 session, which does not count as attending under this rule set.');
  });
});
