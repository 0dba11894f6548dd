/**
 * The priority criteria a programme module declares for selecting applicants when a session
 * of it is oversubscribed (column `programme_modules.selection_criteria`), e.g. Dublin's
 * youth debate: `[{"attribute":"gender","value":"female","minShare":0.5,"label":"girls"},
 * {"attribute":"deis","value":true,"minShare":0.5,"label":"students of DEIS schools"}]`.
 * Pure: the shape, the attributes a selection can read, and the checks.
 */
export interface SelectionCriterion {
  /** One of SELECTION_ATTRIBUTES. */
  attribute: string;
  value: string | boolean;
  /** Share of the places, 0 to 1, that should go to applicants with this value. */
  minShare: number;
  /** How the report names it: "girls". */
  label: string;
}

/**
 * The applicant attributes a criterion can name, and the type of their value: `gender` is
 * the self-described gender (kept only with consent), `deis` whether the learner's school
 * is a DEIS school.
 */
export const SELECTION_ATTRIBUTES = { gender: 'string', deis: 'boolean' } as const;

export const MAX_CRITERIA = 10;

const KEYS = new Set(['attribute', 'value', 'minShare', 'label']);
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Every problem of a list of criteria, each naming its field (`selectionCriteria[1].minShare: …`). */
export function selectionCriteriaProblems(value: unknown, field = 'selectionCriteria'): string[] {
  if (!Array.isArray(value)) return [`${field}: must be a list of criteria`];
  if (value.length > MAX_CRITERIA) return [`${field}: at most ${MAX_CRITERIA} criteria`];
  const problems: string[] = [];
  const labels = new Set<string>();
  value.forEach((c: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      problems.push(`${at}: must be an object {attribute, value, minShare, label}`);
      return;
    }
    const x = c as Record<string, unknown>;
    for (const key of Object.keys(x)) if (!KEYS.has(key)) problems.push(`${at}.${key}: is not a field of a criterion`);
    const type = SELECTION_ATTRIBUTES[x.attribute as keyof typeof SELECTION_ATTRIBUTES];
    if (!type) {
      problems.push(`${at}.attribute: must be one of ${Object.keys(SELECTION_ATTRIBUTES).map((a) => `"${a}"`).join(', ')}`);
    } else if (type === 'boolean' && typeof x.value !== 'boolean') {
      problems.push(`${at}.value: must be true or false for "${x.attribute}"`);
    } else if (type === 'string' && (typeof x.value !== 'string' || x.value.trim() === '' || x.value.length > 50 || CONTROL.test(x.value))) {
      problems.push(`${at}.value: must be a text of 1 to 50 characters for "${x.attribute}"`);
    }
    if (typeof x.minShare !== 'number' || !Number.isFinite(x.minShare) || x.minShare <= 0 || x.minShare > 1) {
      problems.push(`${at}.minShare: must be a share above 0 and at most 1 (0.5 = half the places)`);
    }
    if (typeof x.label !== 'string' || x.label.trim() === '' || x.label.length > 100 || CONTROL.test(x.label)) {
      problems.push(`${at}.label: must be a text of 1 to 100 characters, without control characters`);
    } else if (labels.has(x.label)) {
      problems.push(`${at}.label: "${x.label}" is used by another criterion`);
    } else labels.add(x.label);
  });
  return problems;
}
