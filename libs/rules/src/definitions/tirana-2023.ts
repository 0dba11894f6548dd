/**
 * Tirana 2023 (PROGRAMMES.md §3), as data. The same document ships as tirana-2023.json;
 * a spec keeps the two identical. TypeScript is what the build copies to dist/.
 */
import type { RuleSetDefinition } from '../definition.js';

export const tirana2023Definition: RuleSetDefinition = {
  format: 'academy.rule-set/1',
  id: 'tirana-2023',
  version: 1,
  title: 'Tirana 2023',
  description:
    'A module is attended when the learner was present or late at one of its sessions. ' +
    'At least 3 modules: Certificate of Completion; exactly 2: Certificate of Attendance; otherwise none.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: null, selfPaced: 'all-lessons-and-check' },
  awards: [
    { kind: 'completion', scope: 'programme', when: { minModules: 3 } },
    { kind: 'attendance', scope: 'programme', when: { minModules: 2, maxModules: 2 } },
  ],
  videoConference: { presentShare: 0.75, lateGraceMinutes: 10 },
};
