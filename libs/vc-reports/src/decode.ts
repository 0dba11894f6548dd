import { ReportFormatError } from './types.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many leading bytes are looked at to guess a BOM-less UTF-16 file. */
const SNIFF_BYTES = 4096;

/**
 * Picks the encoding: a BOM decides; without one, a file whose every other byte is mostly
 * NUL is UTF-16 (NULs at odd offsets: little-endian, at even offsets: big-endian), anything
 * else is read as UTF-8.
 */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  const end = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = end / 2;
  // Mostly-ASCII UTF-16 text has a NUL in nearly every code unit; 40 % leaves room for
  // names in other scripts while no UTF-8 text comes close.
  if (pairs > 0 && oddNuls > pairs * 0.4 && evenNuls < pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs > 0 && evenNuls > pairs * 0.4 && oddNuls < pairs * 0.1) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Turns the uploaded bytes into text with `\n` line breaks. Invalid UTF-8 is read as
 * Windows-1252, which is what spreadsheet programs on Windows write when they do not write UTF-8.
 * Throws `ReportFormatError` for an empty or binary file.
 */
export function decodeReport(input: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(input);
  let body = input.subarray(bomLength);
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder('windows-1252').decode(body);
    }
  } else {
    if (body.length % 2 === 1) body = body.subarray(0, body.length - 1);
    text = new TextDecoder(encoding).decode(body);
  }
  // A BOM-less UTF-8 file may still start with an encoded BOM after a re-save.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  if (text.trim() === '') throw new ReportFormatError('The file is empty: expected a Zoom or Teams attendance report.');
  if (looksBinary(text)) {
    throw new ReportFormatError(
      'The file is not text: expected a Zoom or Teams attendance report saved as CSV (not a spreadsheet or PDF).',
    );
  }
  return text.replace(/\r\n?/g, '\n');
}

/** Control characters other than tab and line breaks do not occur in CSV exports. */
function looksBinary(text: string): boolean {
  const sample = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return control > 0 && control >= sample.length * 0.01;
}
