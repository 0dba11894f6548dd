export type { Applicant, Criterion, CriterionReport, SelectionResult } from './types.js';
export { promoteFromWaitingList, selectApplicants } from './select-applicants.js';
export { SeededRandom } from './prng.js';
export * from './selection.module.js';
export * from './selection.service.js';
export * from './selection.tables.js';
export { audienceAllows } from './audience.js';
export * from './my-places.service.js';
