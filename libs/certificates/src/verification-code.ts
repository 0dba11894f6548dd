import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so codes read aloud or typed by hand survive. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** 12 symbols = 60 random bits, shown as XXXX-XXXX-XXXX. */
export function newVerificationCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && i % GROUP_LENGTH === 0) out += '-';
    out += ALPHABET[bytes[i] & 31];
  }
  return out;
}

/** Accepts lower case, missing dashes and the usual look-alikes (O→0, I/L→1); null when malformed. */
export function normalizeVerificationCode(input: string): string | null {
  const raw = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (raw.length !== GROUPS * GROUP_LENGTH) return null;
  for (const ch of raw) if (!ALPHABET.includes(ch)) return null;
  return raw.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}
