/**
 * Tables of this room: `programmes` (one delivery of some modules to one cohort of one
 * city, decided by one rule set), `programme_modules` (which modules, in which order, with
 * the selection criteria of each) and `enrolments` (who, in which modules — `selected_modules`
 * are those a selection gave; the revision is bumped on every change of a learner's facts, so
 * each change gets its own evaluation job; `decision_due` says a closed programme still owes
 * the learner a decision at that revision). Their SQL is in migrations/.
 */
export const PROGRAMME_TABLES = ['programmes', 'programme_modules', 'enrolments'] as const;

export const DELIVERY_MODES = ['online', 'in-person', 'hybrid', 'self-paced'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export type ProgrammeStatus = 'open' | 'closed';
