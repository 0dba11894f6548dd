/**
 * Cheap, allocation-free checks for single CSV values. They run once per field on files of
 * 100,000+ records, so they scan char codes instead of building Dates or running regexes.
 */

const DOT = 0x2e;
const HYPHEN = 0x2d;

/** ASCII characters allowed in the local part of an address (RFC 5322 atext plus the dot). */
const LOCAL_PART_CHARS = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.") {
  LOCAL_PART_CHARS[ch.charCodeAt(0)] = 1;
}

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Non-ASCII characters accepted in addresses (RFC 6531): anything but the Unicode spaces and controls. */
function isNonAsciiWordChar(c: number): boolean {
  return c > 0xa0 && c !== 0x1680 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000 && c !== 0xfeff;
}

function isLowerAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * A pragmatic address check, `local@domain.tld`: no spaces or quoted local parts, no
 * leading/trailing/double dots, domain labels of letters, digits and inner hyphens
 * (non-ASCII allowed for internationalised domains), a top-level label of at least two
 * characters that is not all digits, at most 254 characters overall.
 * Expects the address lower-cased already.
 */
export function isEmailAddress(s: string): boolean {
  const n = s.length;
  if (n > MAX_EMAIL_LENGTH) return false;
  const at = s.indexOf('@');
  if (at <= 0 || at > MAX_LOCAL_PART_LENGTH || at === n - 1) return false;

  let prev = DOT; // a leading dot is caught like a double dot
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 ? LOCAL_PART_CHARS[c] === 0 : !isNonAsciiWordChar(c)) return false;
    if (c === DOT && prev === DOT) return false;
    prev = c;
  }
  if (prev === DOT) return false;

  let labels = 0;
  let labelStart = at + 1;
  let labelHasNonDigit = false;
  for (let i = at + 1; i <= n; i++) {
    const c = i === n ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      const len = i - labelStart;
      if (len === 0 || len > MAX_LABEL_LENGTH) return false;
      if (s.charCodeAt(labelStart) === HYPHEN || s.charCodeAt(i - 1) === HYPHEN) return false;
      labels++;
      if (i === n && (len < 2 || !labelHasNonDigit)) return false;
      labelStart = i + 1;
      labelHasNonDigit = false;
    } else if (isLowerAlnum(c) || c === HYPHEN) {
      if (!isDigit(c)) labelHasNonDigit = true;
    } else if (isNonAsciiWordChar(c)) {
      labelHasNonDigit = true; // letters of internationalised domain names
    } else {
      return false; // '@', whitespace, punctuation, upper case, control characters
    }
  }
  return labels >= 2;
}

/** Days per month in a common year; February is adjusted for leap years. */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` by shape only (digits and hyphens in the right places). */
export function looksLikeIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== HYPHEN || s.charCodeAt(7) !== HYPHEN) return false;
  for (let i = 0; i < 10; i++) {
    if (i !== 4 && i !== 7 && !isDigit(s.charCodeAt(i))) return false;
  }
  return true;
}

/** A `YYYY-MM-DD` string (already shape-checked) naming a day that exists in the Gregorian calendar. */
export function isRealIsoDate(s: string): boolean {
  const year =
    (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  const month = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
  const day = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month]!;
}

/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` with hex digits of either case (any version). */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== HYPHEN) return false;
    } else if (!(isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) {
      return false;
    }
  }
  return true;
}

/**
 * Parses a whole number of at most `max`, written with ASCII digits only (no sign, no
 * decimals, no exponent). Returns -1 when the text is not such a number.
 */
export function parseBoundedWholeNumber(s: string, max: number): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value <= max ? value : -1;
}

/** Length in Unicode code points, so accented and non-Latin names are measured fairly. */
export function codePointLength(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) {
      count++;
    } else {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      count++;
    }
  }
  return count;
}
