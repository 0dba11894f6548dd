/**
 * Tirana 2023: a module counts when the learner was present or late at any of its
 * sessions; three or more modules earn a Certificate of Completion, exactly two a
 * Certificate of Attendance, fewer earn nothing. No module is mandatory.
 * The rules themselves live in definitions/tirana-2023.ts (data); this is the compiled set.
 */
import { compileRuleSet } from './compile.js';
import { tirana2023Definition } from './definitions/tirana-2023.js';

export const tirana2023 = compileRuleSet(tirana2023Definition);
