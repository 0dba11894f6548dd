import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dublin2023Definition } from './definitions/dublin-2023.js';
import { mooc2024Definition } from './definitions/mooc-2024.js';
import { tirana2023Definition } from './definitions/tirana-2023.js';
import { dublin2023, findRuleSet, mooc2024, ruleSetIds, tirana2023, validateRuleSet } from './index.js';
import type { LearnerFacts } from './types.js';

const read = (relative: string): string => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

describe('shipped definitions', () => {
  it.each([
    ['definitions/tirana-2023.json', tirana2023Definition],
    ['definitions/dublin-2023.json', dublin2023Definition],
    ['definitions/mooc-2024.json', mooc2024Definition],
  ])('%s is the same document as its TypeScript module', (file, definition) => {
    const json: unknown = JSON.parse(read(file));
    expect(json).toEqual(definition);
    expect(validateRuleSet(json).ok).toBe(true);
  });

  it('are what the registry serves, compiled', () => {
    expect(ruleSetIds()).toEqual(['tirana-2023', 'dublin-2023', 'mooc-2024']);
    expect(findRuleSet('mooc-2024')).toBe(mooc2024);
    expect(findRuleSet('tirana-2023')).toBe(tirana2023);
    expect(findRuleSet('dublin-2023')).toBe(dublin2023);
    expect(findRuleSet('paris-2030')).toBeUndefined();
    expect(tirana2023).toMatchObject({ id: 'tirana-2023', version: 1, countingStatuses: ['present', 'late'] });
    expect(tirana2023.definition).toEqual(tirana2023Definition);
    expect(dublin2023.definition).toEqual(dublin2023Definition);
  });

  it('every rule set example in libs/rules/README.md is valid', () => {
    const readme = read('../README.md');
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('"format"'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const result = validateRuleSet(JSON.parse(block));
      expect(result.ok ? 'valid' : result.errors).toBe('valid');
    }
  });
});

describe('tirana-2023 as data: facts the old rule set never saw', () => {
  const modules = (...statuses: ('present' | 'absent')[]) =>
    ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'].map((code, i) => ({
      code,
      sessions: statuses[i] ? [{ status: statuses[i], minutes: 5, sessionMinutes: 90 }] : [],
    }));

  it.each<[string, LearnerFacts, string | null]>([
    ['minutes do not matter (no minimum share)', { modules: modules('present', 'present', 'present') }, 'completion'],
    ['evidence does not matter', { modules: modules('present', 'present'), programmeEvidence: [{ kind: 'final-assignment', status: 'accepted' }] }, 'attendance'],
    [
      'a self-paced module counts when lessons and check are done',
      {
        modules: modules('present', 'present').map((m, i) =>
          i === 2 ? { ...m, selfPaced: { lessonsTotal: 4, lessonsDone: 4, checkPassed: true } } : m,
        ),
      },
      'completion',
    ],
    ['trainer facts earn nothing here', { modules: modules('present'), trainer: { totModuleAttended: true, sessionsCoFacilitated: 3, sessionsLed: 3 } }, null],
  ])('%s', (_case, facts, kind) => {
    expect(tirana2023.decide(facts).awards).toEqual(kind ? [{ kind, scope: 'programme' }] : []);
  });

  it('answers moduleAttended with a reason as well', () => {
    expect(tirana2023.moduleAttended({ code: 'DHR-INTRO', sessions: [{ status: 'late', minutes: null }] })).toBe(true);
    expect(tirana2023.moduleAttendance({ code: 'DHR-INTRO', sessions: [{ status: 'excused', minutes: null }] })).toEqual({
      attended: false,
      reason: 'excused',
      notable: false,
    });
  });
});
