/**
 * Dublin 2023: per-module Attendance and Completion certificates, and a Trainer
 * certificate for digital rights champions. Rules: definitions/dublin-2023.ts (data).
 */
import { compileRuleSet } from './compile.js';
import { dublin2023Definition } from './definitions/dublin-2023.js';

export const dublin2023 = compileRuleSet(dublin2023Definition);
