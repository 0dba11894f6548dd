/**
 * Dublin 2023 (PROGRAMMES.md §4), as data. The same document ships as dublin-2023.json;
 * a spec keeps the two identical. TypeScript is what the build copies to dist/.
 */
import type { RuleSetDefinition } from '../definition.js';

export const dublin2023Definition: RuleSetDefinition = {
  format: 'academy.rule-set/1',
  id: 'dublin-2023',
  version: 1,
  title: 'Dublin 2023',
  description:
    'Each module stands on its own. Present or late at one of its sessions: Certificate of Attendance for ' +
    'that module. Attended and its evaluation or reflection (the policy exercise, the zine, the written ' +
    'reflection) accepted by the trainer: Certificate of Completion for that module. Trainer certificate: ' +
    'the train-the-trainer module done, at least one session co-facilitated and at least one led.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: null, selfPaced: 'all-lessons-and-check' },
  totModules: ['DHR-TOT'],
  awards: [
    { kind: 'attendance', scope: 'each-module', when: { attended: true } },
    {
      kind: 'completion',
      scope: 'each-module',
      when: { attended: true, acceptedEvidence: [{ oneOf: ['evaluation', 'reflection', 'zine', 'policy-exercise'] }] },
    },
    { kind: 'trainer', scope: 'programme', when: { totModuleAttended: true, minCoFacilitated: 1, minLed: 1 } },
  ],
  videoConference: { presentShare: 0.75, lateGraceMinutes: 10 },
};
