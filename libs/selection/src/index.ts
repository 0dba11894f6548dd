export type { Applicant, Criterion, CriterionReport, SelectionResult } from './types.js';
export { promoteFromWaitingList, selectApplicants } from './select-applicants.js';
export { SeededRandom } from './prng.js';
