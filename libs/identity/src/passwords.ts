import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

/** Argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * A hash of a random password nobody knows, made once per process with the same parameters
 * as real ones. Checking a login for an unknown e-mail, or for an account without a password
 * (invited, deactivated), against it costs what checking a real one costs, so the time of the
 * answer does not tell whether the e-mail has an account.
 */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash(randomBytes(32).toString('base64url')));

/** Makes the dummy hash ahead of the first login, so that login is not the slower one. */
export async function prepareDummyHash(): Promise<void> {
  await dummy();
}

/**
 * Whether `password` matches `hashed`; with no hash (no such account, or none that may log in)
 * the password is still checked, against the dummy hash, and the answer is false.
 */
export async function verifyPassword(hashed: string | null | undefined, password: string): Promise<boolean> {
  try {
    const matches = await verify(hashed || (await dummy()), password);
    return Boolean(hashed) && matches;
  } catch {
    return false;
  }
}

/** An invitation token and the hash kept in the database (the token itself is only mailed). */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
