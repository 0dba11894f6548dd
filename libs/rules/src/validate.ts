/**
 * Hand-written validation of the `academy.rule-set/1` JSON form. Strict on purpose: a rule
 * set decides who gets a certificate, so a typo ("minModule") must fail loudly instead of
 * being ignored. Every problem is reported (not only the first), each with the JSON path of
 * the offending value, e.g. `awards[1].when.minModules`; the document itself is `$`.
 */
import {
  ANY_EVIDENCE,
  AWARD_SCOPES,
  RULE_SET_FORMAT,
  SELF_PACED_POLICIES,
  type AwardScope,
  type RuleSetDefinition,
} from './definition.js';
import { ATTENDANCE_STATUSES, CERTIFICATE_KINDS } from './types.js';

export interface RuleSetError {
  path: string;
  message: string;
}

export type RuleSetValidation =
  | { ok: true; ruleSet: RuleSetDefinition }
  | { ok: false; errors: RuleSetError[] };

/** Lower-case slug, as programmes name their rule set. */
const RULE_SET_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Catalogue module codes: upper case, digits and dashes (DHR-INTRO, DUB-STAFF). */
const MODULE_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
/** Same rule as the `kind` column of stored submissions. */
const EVIDENCE_KIND = /^[a-z][a-z-]{1,39}$/;

const ROOT_KEYS = ['format', 'id', 'version', 'title', 'description', 'moduleAttended', 'totModules', 'awards', 'videoConference'];
const ROOT_REQUIRED = ['format', 'id', 'version', 'title', 'description', 'moduleAttended', 'awards'];
const MODULE_ATTENDED_KEYS = ['statuses', 'minShareOfMinutes', 'selfPaced'];
const VIDEO_KEYS = ['presentShare', 'lateGraceMinutes'];
const AWARD_KEYS = ['kind', 'scope', 'when'];

/** Which condition keys each scope understands. */
const CONDITIONS: Record<AwardScope, readonly string[]> = {
  programme: [
    'modules', 'minModules', 'maxModules', 'requiredModules',
    'acceptedEvidence', 'submittedEvidence',
    'totModuleAttended', 'minCoFacilitated', 'minLed',
  ],
  'each-module': ['modules', 'attended', 'acceptedEvidence', 'submittedEvidence'],
};
const ALL_CONDITIONS = [...new Set(Object.values(CONDITIONS).flat())];

type Json = Record<string, unknown>;

class Report {
  readonly errors: RuleSetError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path: path || '$', message });
  }
}

function child(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : null;
  if (safe === null) return `${path || '$'}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

function at(path: string, index: number): string {
  return `${path || '$'}[${index}]`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(r: Report, value: unknown, path: string): Json | undefined {
  if (isObject(value)) return value;
  r.add(path, `must be an object (got ${describe(value)})`);
  return undefined;
}

/** Reports unknown keys and missing required ones. */
function keys(r: Report, value: Json, path: string, allowed: readonly string[], required: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) r.add(child(path, key), `unknown key (allowed here: ${allowed.join(', ')})`);
  }
  for (const key of required) {
    if (value[key] === undefined) r.add(child(path, key), 'is required');
  }
}

function string(r: Report, value: unknown, path: string, opts: { pattern?: RegExp; hint?: string; max?: number } = {}): string | undefined {
  if (typeof value !== 'string') {
    r.add(path, `must be a string (got ${describe(value)})`);
    return undefined;
  }
  if (value.trim() === '') {
    r.add(path, 'must not be empty');
    return undefined;
  }
  if (opts.max !== undefined && value.length > opts.max) {
    r.add(path, `must be at most ${opts.max} characters (got ${value.length})`);
    return undefined;
  }
  if (opts.pattern && !opts.pattern.test(value)) {
    r.add(path, `${JSON.stringify(value)} is not ${opts.hint}`);
    return undefined;
  }
  return value;
}

function number(r: Report, value: unknown, path: string): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    r.add(path, `must be a number (got ${describe(value)})`);
    return undefined;
  }
  return value;
}

function count(r: Report, value: unknown, path: string, min = 0): number | undefined {
  const n = number(r, value, path);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n)) {
    r.add(path, `must be a whole number (got ${n})`);
    return undefined;
  }
  if (n < min) {
    r.add(path, min === 0 ? `must not be negative (got ${n})` : `must be at least ${min} (got ${n})`);
    return undefined;
  }
  return n;
}

function share(r: Report, value: unknown, path: string): number | undefined {
  const n = number(r, value, path);
  if (n === undefined) return undefined;
  if (n < 0 || n > 1) {
    r.add(path, `must be a share between 0 and 1 (got ${n}; write 80% as 0.8)`);
    return undefined;
  }
  return n;
}

function oneOf<T extends string>(r: Report, value: unknown, path: string, allowed: readonly T[]): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  r.add(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${describe(value)})`);
  return undefined;
}

function literalTrue(r: Report, value: unknown, path: string): void {
  if (value !== true) r.add(path, `must be true (got ${describe(value)}); leave it out when it does not apply`);
}

/** A non-empty array without duplicates; `item` validates and returns each entry. */
function list<T>(
  r: Report,
  value: unknown,
  path: string,
  item: (value: unknown, path: string) => T | undefined,
  key: (item: T) => string = (i) => JSON.stringify(i),
): T[] | undefined {
  if (!Array.isArray(value)) {
    r.add(path, `must be an array (got ${describe(value)})`);
    return undefined;
  }
  if (value.length === 0) {
    r.add(path, 'must not be empty');
    return undefined;
  }
  const out: T[] = [];
  const seen = new Set<string>();
  let valid = true;
  value.forEach((entry, i) => {
    const parsed = item(entry, at(path, i));
    if (parsed === undefined) {
      valid = false;
      return;
    }
    const k = key(parsed);
    if (seen.has(k)) {
      r.add(at(path, i), `${describe(entry)} is listed twice`);
      valid = false;
      return;
    }
    seen.add(k);
    out.push(parsed);
  });
  return valid ? out : undefined;
}

function moduleCodes(r: Report, value: unknown, path: string): string[] | undefined {
  return list(r, value, path, (v, p) => string(r, v, p, { pattern: MODULE_CODE, hint: 'a module code (upper case, e.g. "DHR-INTRO")' }));
}

function evidenceKind(r: Report, value: unknown, path: string, allowAny: boolean): string | undefined {
  const kind = string(r, value, path, {
    pattern: EVIDENCE_KIND,
    hint: 'an evidence kind (lower case letters and dashes, e.g. "final-assignment")',
  });
  if (kind === ANY_EVIDENCE && !allowAny) {
    r.add(path, `"any" cannot be one of several choices; use it on its own`);
    return undefined;
  }
  return kind;
}

function evidenceRequirements(r: Report, value: unknown, path: string): unknown[] | undefined {
  return list<unknown>(r, value, path, (v, p) => {
    if (typeof v === 'string') return evidenceKind(r, v, p, true);
    if (!isObject(v)) {
      r.add(p, `must be an evidence kind, "any", or { "oneOf": [kinds] } (got ${describe(v)})`);
      return undefined;
    }
    keys(r, v, p, ['oneOf'], ['oneOf']);
    if (v.oneOf === undefined) return undefined;
    const kinds = list(r, v.oneOf, child(p, 'oneOf'), (k, kp) => evidenceKind(r, k, kp, false));
    if (kinds && kinds.length < 2) {
      r.add(child(p, 'oneOf'), 'must offer at least two kinds (write a single kind as a plain string)');
      return undefined;
    }
    return kinds ? { oneOf: kinds } : undefined;
  });
}

function validateCondition(r: Report, value: unknown, path: string, scope: AwardScope | undefined): void {
  const when = object(r, value, path);
  if (!when) return;
  const allowed = scope ? CONDITIONS[scope] : ALL_CONDITIONS;
  for (const key of Object.keys(when)) {
    if (!ALL_CONDITIONS.includes(key)) {
      const known = scope ? `allowed with scope "${scope}"` : 'known conditions';
      r.add(child(path, key), `unknown condition (${known}: ${allowed.join(', ')})`);
    } else if (!allowed.includes(key)) {
      const where = AWARD_SCOPES.filter((s) => CONDITIONS[s].includes(key));
      r.add(child(path, key), `is not allowed with scope "${scope}" (only with ${where.map((s) => `"${s}"`).join(', ')})`);
    }
  }
  const has = (key: string) => when[key] !== undefined && allowed.includes(key);

  const modules = has('modules') ? moduleCodes(r, when.modules, child(path, 'modules')) : undefined;
  const required = has('requiredModules') ? moduleCodes(r, when.requiredModules, child(path, 'requiredModules')) : undefined;
  const min = has('minModules') ? count(r, when.minModules, child(path, 'minModules')) : undefined;
  const max = has('maxModules') ? count(r, when.maxModules, child(path, 'maxModules')) : undefined;
  if (has('minCoFacilitated')) count(r, when.minCoFacilitated, child(path, 'minCoFacilitated'));
  if (has('minLed')) count(r, when.minLed, child(path, 'minLed'));
  if (has('attended')) literalTrue(r, when.attended, child(path, 'attended'));
  if (has('totModuleAttended')) literalTrue(r, when.totModuleAttended, child(path, 'totModuleAttended'));
  if (has('acceptedEvidence')) evidenceRequirements(r, when.acceptedEvidence, child(path, 'acceptedEvidence'));
  if (has('submittedEvidence')) evidenceRequirements(r, when.submittedEvidence, child(path, 'submittedEvidence'));

  // Conditions that contradict each other can never be met: better said now than never awarded.
  if (min !== undefined && max !== undefined && max < min) {
    r.add(child(path, 'maxModules'), `must not be below minModules (${min}) (got ${max})`);
  }
  if (modules && min !== undefined && min > modules.length) {
    r.add(child(path, 'minModules'), `can never be met: when.modules lists only ${modules.length} (got ${min})`);
  }
  if (modules && required) {
    required.forEach((code, i) => {
      if (!modules.includes(code)) r.add(at(child(path, 'requiredModules'), i), `"${code}" is not among when.modules`);
    });
  }
  if (required && max !== undefined && required.length > max) {
    r.add(child(path, 'requiredModules'), `names ${required.length} modules but maxModules is ${max}`);
  }
  if (!Object.keys(when).some((k) => k !== 'modules')) {
    r.add(path, 'states no condition: the award would go to everyone (for example add "minModules" or "attended")');
  }
}

function validateAward(r: Report, value: unknown, path: string): void {
  const award = object(r, value, path);
  if (!award) return;
  keys(r, award, path, AWARD_KEYS, AWARD_KEYS);
  if (award.kind !== undefined) oneOf(r, award.kind, child(path, 'kind'), CERTIFICATE_KINDS);
  const scope = award.scope !== undefined ? oneOf(r, award.scope, child(path, 'scope'), AWARD_SCOPES) : undefined;
  if (award.when !== undefined) validateCondition(r, award.when, child(path, 'when'), scope);
}

/**
 * Checks that `json` is a rule set in the `academy.rule-set/1` form. On success returns a
 * copy of it, typed; otherwise every error found, each naming the JSON path at fault.
 */
export function validateRuleSet(json: unknown): RuleSetValidation {
  const r = new Report();
  const root = object(r, json, '');
  if (root) {
    keys(r, root, '', ROOT_KEYS, ROOT_REQUIRED);
    if (root.format !== undefined && root.format !== RULE_SET_FORMAT) {
      r.add('format', `must be "${RULE_SET_FORMAT}" (got ${describe(root.format)})`);
    }
    if (root.id !== undefined) {
      string(r, root.id, 'id', { pattern: RULE_SET_ID, hint: 'a lower-case slug such as "tirana-2023"', max: 100 });
    }
    if (root.version !== undefined) count(r, root.version, 'version', 1);
    if (root.title !== undefined) string(r, root.title, 'title', { max: 200 });
    if (root.description !== undefined) string(r, root.description, 'description', { max: 4000 });

    if (root.moduleAttended !== undefined) {
      const m = object(r, root.moduleAttended, 'moduleAttended');
      if (m) {
        keys(r, m, 'moduleAttended', MODULE_ATTENDED_KEYS, ['statuses']);
        if (m.statuses !== undefined) {
          list(r, m.statuses, 'moduleAttended.statuses', (v, p) => oneOf(r, v, p, ATTENDANCE_STATUSES));
        }
        if (m.minShareOfMinutes !== undefined && m.minShareOfMinutes !== null) {
          share(r, m.minShareOfMinutes, 'moduleAttended.minShareOfMinutes');
        }
        if (m.selfPaced !== undefined) oneOf(r, m.selfPaced, 'moduleAttended.selfPaced', SELF_PACED_POLICIES);
      }
    }

    if (root.totModules !== undefined) moduleCodes(r, root.totModules, 'totModules');

    if (root.awards !== undefined) {
      if (!Array.isArray(root.awards)) {
        r.add('awards', `must be an array (got ${describe(root.awards)})`);
      } else if (root.awards.length === 0) {
        r.add('awards', 'must hold at least one award');
      } else {
        root.awards.forEach((award, i) => validateAward(r, award, at('awards', i)));
      }
    }

    if (root.videoConference !== undefined) {
      const v = object(r, root.videoConference, 'videoConference');
      if (v) {
        keys(r, v, 'videoConference', VIDEO_KEYS, VIDEO_KEYS);
        if (v.presentShare !== undefined) share(r, v.presentShare, 'videoConference.presentShare');
        if (v.lateGraceMinutes !== undefined) {
          const grace = number(r, v.lateGraceMinutes, 'videoConference.lateGraceMinutes');
          if (grace !== undefined && grace < 0) {
            r.add('videoConference.lateGraceMinutes', `must not be negative (got ${grace})`);
          }
        }
      }
    }
  }
  if (r.errors.length) return { ok: false, errors: r.errors };
  return { ok: true, ruleSet: structuredClone(root) as unknown as RuleSetDefinition };
}

/** Thrown by `compileRuleSet` when handed a definition that does not validate. */
export class RuleSetValidationError extends Error {
  constructor(readonly errors: RuleSetError[]) {
    super(`invalid rule set: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'RuleSetValidationError';
  }
}
