/**
 * MOOC 2024 (PROGRAMMES.md §5), as data: the self-paced programme of the introduction and two
 * deep dives. The same document ships as mooc-2024.json; a spec keeps the two identical.
 */
import type { RuleSetDefinition } from '../definition.js';

export const mooc2024Definition: RuleSetDefinition = {
  format: 'academy.rule-set/1',
  id: 'mooc-2024',
  version: 1,
  title: 'MOOC 2024',
  description:
    'A self-paced module is attended when every lesson is done and its knowledge check passed ' +
    '(a live session of the module counts too). All 3 modules: Certificate of Completion; ' +
    '1 or 2: Certificate of Attendance.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: null, selfPaced: 'all-lessons-and-check' },
  awards: [
    { kind: 'completion', scope: 'programme', when: { minModules: 3 } },
    { kind: 'attendance', scope: 'programme', when: { minModules: 1, maxModules: 2 } },
  ],
};
