/** Field separators an attendance file may use: RFC 4180's comma, Excel's semicolon in
 * locales whose decimal mark is a comma, and tab for "Unicode text" exports. */
export type AttendanceCsvDelimiter = ',' | ';' | '\t';

const CANDIDATES: readonly AttendanceCsvDelimiter[] = [',', ';', '\t'];

/** How far into the file the header and the first record are looked for. */
const SNIFF_BYTES = 65536;

export function delimiterName(delimiter: AttendanceCsvDelimiter): string {
  return delimiter === ',' ? 'commas' : delimiter === ';' ? 'semicolons' : 'tabs';
}

/** Splits one line at `delimiter`, leaving delimiters inside double quotes alone. */
function split(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      fields.push(line.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}

function known(fields: string[], columns: ReadonlySet<string>): number {
  let count = 0;
  for (const field of fields) {
    if (columns.has(field.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase())) count++;
  }
  return count;
}

/** A line of nothing but spaces and separators (",,,," as spreadsheets export empty rows). */
function isBlank(line: string): boolean {
  return /^[\s,;]*$/.test(line);
}

export interface DetectedDelimiter {
  delimiter: AttendanceCsvDelimiter;
  /**
   * Set when the header is separated by semicolons or tabs but the first record is not
   * (and has commas): the file is then read with commas, and this says why.
   */
  mismatch?: string;
}

/**
 * Decides the separator from the header line: the candidate that splits it into the most
 * known column names (then into the most fields; comma first on a tie). A semicolon or tab
 * header must be confirmed by the first record containing that separator too; a record of
 * comma-separated values under it means a mixed file, read as the standard comma CSV.
 */
export function detectDelimiter(utf8: Buffer, columns: ReadonlySet<string>): DetectedDelimiter {
  const head = utf8.subarray(0, SNIFF_BYTES).toString('utf8').replace(/^\uFEFF/, '');
  const lines = head.split(/\r\n|\n|\r/);
  let at = lines.findIndex((line) => !isBlank(line));
  if (at === -1) return { delimiter: ',' };
  const header = lines[at]!;
  let best: AttendanceCsvDelimiter = ',';
  let bestKnown = -1;
  let bestFields = 0;
  for (const candidate of CANDIDATES) {
    const fields = split(header, candidate);
    const score = known(fields, columns);
    if (score > bestKnown || (score === bestKnown && fields.length > bestFields)) {
      best = candidate;
      bestKnown = score;
      bestFields = fields.length;
    }
  }
  if (best === ',') return { delimiter: ',' };

  do at++;
  while (at < lines.length && isBlank(lines[at]!));
  // The last line of the sniffed text may be cut short; a whole first record is needed.
  const record = at < lines.length - 1 || utf8.length <= SNIFF_BYTES ? lines[at] : undefined;
  if (record !== undefined && split(record, best).length === 1 && split(record, ',').length > 1) {
    return {
      delimiter: ',',
      mismatch: `the header is separated by ${delimiterName(best)} but the record after it by commas`,
    };
  }
  return { delimiter: best };
}
