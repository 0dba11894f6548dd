import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

import { AttendanceCsvFormatError } from './format-error.js';

/** Encodings an attendance file is read in. */
export type AttendanceCsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Said whenever a file is refused for its encoding. */
export const SAVE_AS_UTF8_HINT =
  'save it as "CSV UTF-8" (Excel: File › Save As › CSV UTF-8 (Comma delimited); ' +
  'LibreOffice: Save As › Text CSV with character set Unicode (UTF-8))';

/** Bytes looked at for the share of control characters. */
const SNIFF_BYTES = 65536;

/** Windows-1252 leaves these bytes undefined; no text in that encoding contains them. */
const UNDEFINED_IN_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/**
 * Non-ASCII punctuation that can stand between two letters in Western European text
 * (O’Brien, l·l, no-break and soft hyphens, dashes, quotes). Any other non-ASCII symbol
 * there (³, ¹, ¿, £) is what Central European text looks like when its Windows-1250 bytes
 * are read as Windows-1252.
 */
const INNER_PUNCTUATION = new Set(
  [...'\u2018\u2019\u201a\u201c\u201d\u201e\u00b4\u00b7\u00a0\u00ad\u2013\u2014\u2026\u2022'].map((c) => c.charCodeAt(0)),
);

/** A word of at least this many letters, none of them ASCII, is not Latin text. */
const NON_LATIN_WORD_LENGTH = 4;

const LETTER = /\p{L}/u;

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isLetter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0x80 && LETTER.test(String.fromCharCode(code)));
}

/** `bytes` as UTF-8, with the encoding it was found in. UTF-8 input is returned as it is. */
export interface DecodedFile {
  utf8: Buffer;
  encoding: AttendanceCsvEncoding;
}

/**
 * Finds out how an uploaded file is encoded, from its bytes alone, and returns it as UTF-8:
 *
 * - a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
 * - without one, a file that is valid UTF-8 is UTF-8 (plain ASCII included);
 * - otherwise it is Windows-1252 (what Excel on Windows writes as "CSV") only when every
 *   byte is defined there and the text reads as Latin script: accented letters inside words
 *   of ASCII letters (Ëndrra, Çela, Siobhán), not long runs of them (Cyrillic or Greek
 *   bytes) nor symbols inside words (Central European bytes).
 *
 * Anything else — UTF-16 without a mark, a spreadsheet workbook, a PDF, another legacy
 * code page — is refused with an `AttendanceCsvFormatError` that says how to save the file.
 */
export function decodeAttendanceFile(bytes: Buffer): DecodedFile {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    if (!isUtf8(bytes)) refuse('it starts with a UTF-8 byte-order mark but is not valid UTF-8');
    refuseBinary(bytes);
    return { utf8: bytes, encoding: 'utf-8' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      refuse(`it starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`);
    }
    const utf8 = Buffer.from(text, 'utf8');
    refuseBinary(utf8);
    return { utf8, encoding };
  }
  if (bytes.indexOf(0) !== -1) {
    refuse('it contains NUL bytes, as UTF-16 text without a byte-order mark or a binary file (a workbook, a PDF) does');
  }
  if (isUtf8(bytes)) {
    refuseBinary(bytes);
    return { utf8: bytes, encoding: 'utf-8' };
  }
  return { utf8: Buffer.from(readAsWindows1252(bytes), 'utf8'), encoding: 'windows-1252' };
}

function refuse(why: string): never {
  throw new AttendanceCsvFormatError(`the file cannot be read as text: ${why}; ${SAVE_AS_UTF8_HINT}`);
}

/** Control characters other than tab and line breaks do not occur in CSV text. */
function refuseBinary(bytes: Uint8Array): void {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  if (controls > 0 && controls >= end * 0.01) refuse('it contains control characters, as a binary file does');
}

/** Decodes Windows-1252 once the bytes give evidence of being Latin text in it; refuses otherwise. */
function readAsWindows1252(bytes: Buffer): string {
  refuseBinary(bytes);
  let undefinedAt = -1;
  for (const byte of UNDEFINED_IN_1252) {
    const at = bytes.indexOf(byte);
    if (at !== -1 && (undefinedAt === -1 || at < undefinedAt)) undefinedAt = at;
  }
  if (undefinedAt !== -1) {
    const byte = bytes[undefinedAt]!.toString(16);
    refuse(`it is not UTF-8 and byte 0x${byte} on line ${lineAt(bytes, undefinedAt)} does not exist in Windows-1252`);
  }
  // Not TextDecoder: Node 20.18.3 and later decode 'windows-1252' as Latin-1, so 0x80–0x9F
  // (€, ’, “, –, œ, Š…) would come out as invisible control characters.
  const text = iconv.decode(bytes, 'windows-1252');
  const implausible = firstImplausibleWord(text);
  if (implausible !== null) {
    refuse(
      `it is not UTF-8, and read as Windows-1252 line ${implausible.line} says "${implausible.word}", ` +
        'which looks like another encoding (Cyrillic, Greek or Central European)',
    );
  }
  return text;
}

/** 1-based line of a byte offset; a line ends at LF, CRLF or a lone CR. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/**
 * The first word that Windows-1252 Latin text would not contain: four or more letters none
 * of which is ASCII, or a non-ASCII symbol between two letters. Null when there is none.
 */
function firstImplausibleWord(text: string): { line: number; word: string } | null {
  let line = 1;
  let wordStart = 0;
  let letters = 0;
  let asciiLetters = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isLetter(code)) {
      if (letters === 0) wordStart = i;
      letters++;
      if (isAsciiLetter(code)) asciiLetters++;
      continue;
    }
    if (letters >= NON_LATIN_WORD_LENGTH && asciiLetters === 0) return { line, word: text.slice(wordStart, i) };
    if (code >= 0x80 && letters > 0 && !INNER_PUNCTUATION.has(code) && isLetter(text.charCodeAt(i + 1))) {
      let end = i + 1;
      while (end < text.length && isLetter(text.charCodeAt(end))) end++;
      return { line, word: text.slice(wordStart, end) };
    }
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
    letters = 0;
    asciiLetters = 0;
  }
  return null;
}
