/** A form field as text: trimmed, at most `max` characters; '' when it is absent or not a string. */
export const text = (v: unknown, max = Infinity): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** A field that may be sent several times (checkboxes, a multiple select): its string values. */
export const many = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
