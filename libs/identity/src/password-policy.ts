import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The rule every password that is set (by an administrator, from an invitation or a reset
 * link, or by the person themselves) must meet: at least 12 characters, not only white
 * space, and not one of the ~49,000 passwords most often found in leaked lists. The list is
 * the one shipped by zxcvbn-ts (`@zxcvbn-ts/language-common`, "passwords-common"), compared
 * without regard to case or surrounding white space.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON: ReadonlySet<string> = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Why this password may not be used, in words that follow the field's name; null when it may. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'must be a string';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (password.trim() === '') return 'must not be only white space';
  if (COMMON.has(password.trim().toLowerCase())) return 'is one of the most common passwords: choose another';
  return null;
}

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.trim().toLowerCase());
}
