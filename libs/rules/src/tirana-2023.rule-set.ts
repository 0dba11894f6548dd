import type { Decision, LearnerFacts, ModuleRecord, RuleSet } from './types.js';

const COMPLETION_MIN_MODULES = 3;
const ATTENDANCE_MODULES = 2;
const COUNTING = ['present', 'late'] as const;

function moduleAttended(module: ModuleRecord): boolean {
  return module.sessions.some((s) => (COUNTING as readonly string[]).includes(s.status));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Tirana 2023: a module counts when the learner was present or late at any of its
 * sessions; three or more modules earn a Certificate of Completion, exactly two a
 * Certificate of Attendance, fewer earn nothing. No module is mandatory.
 */
export const tirana2023: RuleSet = {
  id: 'tirana-2023',
  title: 'Tirana 2023',
  description:
    'A module is attended when the learner was present or late at one of its sessions. ' +
    'At least 3 modules: Certificate of Completion; exactly 2: Certificate of Attendance; otherwise none.',
  countingStatuses: COUNTING,
  moduleAttended,
  decide(facts: LearnerFacts): Decision {
    const attended = facts.modules.filter(moduleAttended).map((m) => m.code);
    const missing = facts.modules.filter((m) => !moduleAttended(m)).map((m) => m.code);
    const n = attended.length;
    const explanation = [
      n === 0
        ? 'No module attended (present or late at one of its sessions).'
        : `Attended ${plural(n, 'module')}: ${attended.join(', ')}.`,
    ];
    if (missing.length) explanation.push(`Not attended: ${missing.join(', ')}.`);
    const awards: Decision['awards'] = [];
    if (n >= COMPLETION_MIN_MODULES) {
      awards.push({ kind: 'completion', scope: 'programme' });
      explanation.push(`Completion: at least ${COMPLETION_MIN_MODULES} modules attended.`);
    } else if (n === ATTENDANCE_MODULES) {
      awards.push({ kind: 'attendance', scope: 'programme' });
      explanation.push(
        `Attendance: exactly ${ATTENDANCE_MODULES} modules attended; ` +
          `${COMPLETION_MIN_MODULES - n} more for Completion.`,
      );
    } else {
      explanation.push(
        `No certificate: ${ATTENDANCE_MODULES - n} more ${n === 1 ? 'module' : 'modules'} for Attendance, ` +
          `${COMPLETION_MIN_MODULES - n} more for Completion.`,
      );
    }
    return { ruleSet: 'tirana-2023', awards, attendedModules: attended, missingModules: missing, explanation };
  },
};
