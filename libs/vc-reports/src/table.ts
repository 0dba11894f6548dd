import { CsvError, parse } from 'csv-parse/sync';

import { meaningOf, MEETING_MEANINGS, sectionOf, type Meaning, type SectionKind } from './headers.js';
import { ReportFormatError, type ReportWarning } from './types.js';

export type Separator = ',' | '\t' | ';';

const SEPARATORS: readonly Separator[] = ['\t', ';', ','];
/** Lines looked at to find the separator. */
const SNIFF_LINES = 40;
/** A header row has at least this many recognised cells. */
const MIN_HEADER_CELLS = 3;

/** One record of the file with the 1-based line it starts on; cells are trimmed. */
export interface Row {
  line: number;
  cells: string[];
}

export interface Column {
  index: number;
  header: string;
}

/** A header row and the records under it, up to the next header or section title. */
export interface Table {
  section: SectionKind | 'other' | null;
  headerLine: number;
  columns: Map<Meaning, Column>;
  rows: Row[];
}

/** A "label ⇥ value" line outside any table, such as Teams' "Start time ⇥ 3/7/23, 10:00 AM". */
export interface LabelledValue {
  line: number;
  section: SectionKind | 'other' | null;
  meaning: Meaning;
  label: string;
  value: string;
}

export interface ReportDocument {
  separator: Separator;
  sections: { line: number; title: string; kind: SectionKind | 'other' }[];
  tables: Table[];
  labelled: LabelledValue[];
  /** Non-blank lines that belong to no table and are no label/value pair. */
  strays: number[];
  /** Problems found while reading headers (unknown or repeated columns). */
  warnings: ReportWarning[];
}

/**
 * Splits the text into records (csv-parse) with the separator detected from the header
 * line, then into sections, tables and labelled values.
 */
export function readDocument(text: string): ReportDocument {
  const separator = detectSeparator(text);
  const doc: ReportDocument = { separator, sections: [], tables: [], labelled: [], strays: [], warnings: [] };
  let section: SectionKind | 'other' | null = null;
  let table: Table | null = null;

  for (const row of tokenize(text, separator)) {
    const { cells, line } = row;
    const filled = countFilled(cells);
    if (filled === 0) continue;

    if (filled === 1) {
      const title = cells.find((c) => c !== '')!;
      const kind = sectionOf(title);
      if (kind) {
        section = kind;
        table = null;
        doc.sections.push({ line, title, kind });
        continue;
      }
    }

    const header = readHeader(row, filled, doc.warnings);
    if (header) {
      table = { section, headerLine: line, columns: header, rows: [] };
      doc.tables.push(table);
      continue;
    }
    if (table) {
      table.rows.push(row);
      continue;
    }

    const meaning = filled >= 2 ? meaningOf(cells[0]!) : null;
    if (meaning && MEETING_MEANINGS.has(meaning)) {
      const value = cells.slice(1).find((c) => c !== '') ?? '';
      doc.labelled.push({ line, section, meaning, label: cells[0]!, value });
    } else {
      doc.strays.push(line);
    }
  }
  return doc;
}

function countFilled(cells: string[]): number {
  let n = 0;
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') n++;
  return n;
}

/**
 * The columns of a header row, or null when the row is data. A header has at least three
 * recognised cells, and recognised cells are at least half of its non-empty ones.
 */
function readHeader(row: Row, filled: number, warnings: ReportWarning[]): Map<Meaning, Column> | null {
  let known = 0;
  for (let i = 0; i < row.cells.length; i++) if (meaningOf(row.cells[i]!)) known++;
  if (known < MIN_HEADER_CELLS || known * 2 < filled) return null;

  const columns = new Map<Meaning, Column>();
  for (let i = 0; i < row.cells.length; i++) {
    const header = row.cells[i]!;
    if (header === '') continue;
    const meaning = meaningOf(header);
    if (!meaning) {
      warnings.push({ line: row.line, message: `column "${header}" was not recognised and is ignored` });
    } else if (meaning === 'ignored') {
      continue;
    } else if (columns.has(meaning)) {
      const first = columns.get(meaning)!.header;
      warnings.push({
        line: row.line,
        message: `column "${header}" means the same as "${first}" (${meaning}); only "${first}" is read`,
      });
    } else {
      columns.set(meaning, { index: i, header });
    }
  }
  return columns;
}

const TOKENIZER_OPTIONS = {
  record_delimiter: '\n',
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  trim: true,
} as const;

/**
 * Records with their starting line; the text has `\n` line breaks only.
 *
 * csv-parse builds an error object for every record whose field count differs from the
 * first one, even when told to accept it; with report sections of different widths that
 * is most of the time spent. So the text is cut into runs of records of equal width and
 * each run is tokenized on its own. Should the cut be wrong (a quote read differently),
 * the whole text is tokenized in one go instead.
 */
function tokenize(text: string, separator: Separator): Row[] {
  const rows: Row[] = [];
  try {
    for (const run of equalWidthRuns(text, separator)) {
      addRows(rows, tokenizeRun(text.slice(run.start, run.end), separator), run.line);
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    rows.length = 0;
    try {
      addRows(rows, tokenizeRun(text, separator), 1);
    } catch (whole) {
      if (!(whole instanceof CsvError)) throw whole;
      const line = (whole as CsvError & { lines?: number }).lines;
      throw new ReportFormatError(
        `The file could not be read as a ${separatorName(separator)}-separated report` +
          `${line ? ` (line ${line})` : ''}: ${whole.message}`,
      );
    }
  }
  return rows;
}

function tokenizeRun(text: string, separator: Separator): string[][] {
  return parse(text, { ...TOKENIZER_OPTIONS, delimiter: separator }) as string[][];
}

function addRows(rows: Row[], records: string[][], firstLine: number): void {
  let line = firstLine;
  for (const cells of records) {
    rows.push({ line, cells });
    line++;
    // A quoted value may span lines.
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) line++;
    }
  }
}

interface Run {
  start: number;
  end: number;
  /** Line of the first record. */
  line: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Consecutive records with the same number of fields, found with a quote-aware scan. */
function equalWidthRuns(text: string, separator: Separator): Run[] {
  const sep = separator.charCodeAt(0);
  const runs: Run[] = [];
  let run: Run = { start: 0, end: 0, line: 1 };
  let runWidth = -1;
  let recordStart = 0;
  let recordLine = 1;
  let line = 1;
  let width = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      } else if (c === LF) line++;
      continue;
    }
    if (c === sep) {
      width++;
      fieldStart = true;
    } else if (c === LF) {
      line++;
      if (width !== runWidth) {
        if (recordStart > run.start) runs.push({ ...run, end: recordStart });
        run = { start: recordStart, end: 0, line: recordLine };
        runWidth = width;
      }
      recordStart = i + 1;
      recordLine = line;
      width = 1;
      fieldStart = true;
    } else if (fieldStart && c === QUOTE) {
      quoted = true;
      fieldStart = false;
    } else if (c !== SPACE && c !== TAB) {
      fieldStart = false;
    }
  }
  if (recordStart < text.length && width !== runWidth) {
    if (recordStart > run.start) runs.push({ ...run, end: recordStart });
    run = { start: recordStart, end: 0, line: recordLine };
  }
  runs.push({ ...run, end: text.length });
  return runs;
}

export function separatorName(separator: Separator): string {
  return separator === '\t' ? 'tab' : separator === ';' ? 'semicolon' : 'comma';
}

/**
 * The separator that makes a line split into the most recognised column headers; without
 * any header-like line, the one occurring most often in the first non-blank line.
 */
export function detectSeparator(text: string): Separator {
  let best: Separator | null = null;
  let bestScore = 1;
  let firstLine: string | null = null;
  let start = 0;
  for (let n = 0; n < SNIFF_LINES && start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    n++;
    firstLine ??= line;
    for (const separator of SEPARATORS) {
      if (!line.includes(separator)) continue;
      let score = 0;
      for (const cell of splitLine(line, separator)) if (meaningOf(cell.trim())) score++;
      if (score > bestScore) {
        best = separator;
        bestScore = score;
      }
    }
  }
  if (best) return best;

  let most = 0;
  best = ',';
  for (const separator of SEPARATORS) {
    const count = firstLine ? firstLine.split(separator).length - 1 : 0;
    if (count > most) {
      most = count;
      best = separator;
    }
  }
  return best;
}

/** A quick split of one line honouring double quotes, for separator detection only. */
function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}
