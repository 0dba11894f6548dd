/**
 * MOOC 2024: a self-paced module counts once its lessons are done and its knowledge check is
 * passed; all three modules earn a Certificate of Completion, one or two a Certificate of
 * Attendance. The rules live in definitions/mooc-2024.ts (data); this is the compiled set.
 */
import { compileRuleSet } from './compile.js';
import { mooc2024Definition } from './definitions/mooc-2024.js';

export const mooc2024 = compileRuleSet(mooc2024Definition);
