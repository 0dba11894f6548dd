import { DomainError, type DomainErrorCode } from '@academy/common';

/**
 * Refusals of the services in the viewer's words. The services word their refusals in English
 * (the API answers with those words, unchanged); a page names the refusals it knows — by the
 * error's kind and, where one kind covers several refusals, by the stable start of its words —
 * and says each with a catalogue sentence. A refusal it does not know keeps a general sentence
 * and the service's English beside it (`detail`, shown with lang="en").
 */
export interface Words {
  key: string;
  values?: Record<string, string>;
  /** The service's own English, shown beside only where no catalogue sentence says it all. */
  detail?: string;
}

/** A message of a service known by its words: the stable start (or whole) of its English, and the sentence that says it. */
export interface KnownWords {
  /** Which message; its groups become the sentence's values in this order. */
  when?: RegExp;
  names?: string[];
  key: string;
  /** Keep the service's words beside: they carry what the sentence cannot (which column, which value). */
  keepDetail?: boolean;
}

export interface KnownRefusal extends KnownWords {
  code: DomainErrorCode;
}

function match(message: string, known: (KnownWords & { code?: DomainErrorCode })[], code?: DomainErrorCode): Words | undefined {
  for (const k of known) {
    if (code !== undefined && k.code !== code) continue;
    const m = k.when ? k.when.exec(message) : [message];
    if (!m) continue;
    const values = Object.fromEntries((k.names ?? []).map((n, i) => [n, m[i + 1] ?? '']));
    return { key: k.key, ...(k.names ? { values } : {}), ...(k.keepDetail ? { detail: message } : {}) };
  }
  return undefined;
}

/** A service's message (not an error) as words: a known message's sentence, else `fallback` with the English beside. */
export function messageWords(message: string, known: KnownWords[], fallback: string): Words {
  return match(message, known) ?? { key: fallback, detail: message };
}

/** A domain error as words: a known refusal's sentence, else `fallback` with the English beside. Not a domain error: thrown on. */
export function refusalWords(e: unknown, known: KnownRefusal[], fallback: string): Words {
  if (!(e instanceof DomainError)) throw e;
  return match(e.message, known, e.code) ?? { key: fallback, detail: e.message };
}

/** The refusals of a whole uploaded file the attendance and people imports share (the file reader of libs/attendance-csv). */
export const FILE_REFUSALS: KnownRefusal[] = [
  { code: 'invalid', when: /^file: the file is empty$/, key: 'refusals.file.empty' },
  { code: 'invalid', when: /^file: the header names the column "(\w+)" more than once$/, names: ['column'], key: 'refusals.file.repeatedColumn' },
  // With a hint on the separator in brackets, the reader's words are kept beside.
  { code: 'invalid', when: /^file: the header is missing the required columns? ([\w, ]+?) \(/, names: ['columns'], key: 'refusals.file.missingColumns', keepDetail: true },
  { code: 'invalid', when: /^file: the header is missing the required columns? ([\w, ]+?); /, names: ['columns'], key: 'refusals.file.missingColumns' },
  { code: 'invalid', when: /^file: the file cannot be read as text: /, key: 'refusals.file.notText', keepDetail: true },
  { code: 'invalid', when: /^file: the header cannot be read/, key: 'refusals.file.headerUnreadable' },
];

/** What the attendance and people imports say of one line, by the stable start of each part. */
const LINE: KnownRefusal[] = [
  { code: 'invalid', when: /^duplicate of line (\d+)/, names: ['line'], key: 'refusals.line.duplicate' },
  { code: 'invalid', when: /^repeats line (\d+); counted once$/, names: ['line'], key: 'refusals.line.repeats' },
  { code: 'invalid', when: /^expected (\d+) fields, found (\d+)$/, names: ['expected', 'found'], key: 'refusals.line.fieldCount' },
  { code: 'invalid', when: /nothing from this line on was imported$/, key: 'refusals.line.unreadable' },
  { code: 'invalid', when: /^email: (\S+) belongs to a person of another city$/, names: ['email'], key: 'refusals.line.otherCity' },
  { code: 'invalid', when: /^email: (\S+) is already registered$/, names: ['email'], key: 'refusals.line.taken' },
  { code: 'invalid', when: /^email: (.*) is not a valid e-mail address$/, names: ['value'], key: 'refusals.line.email' },
  { code: 'invalid', when: /^name: required to create the new learner (\S+)$/, names: ['email'], key: 'refusals.line.nameForNew' },
  { code: 'invalid', when: /^module: (.*) is not a module of this programme$/, names: ['value'], key: 'refusals.line.module' },
  { code: 'invalid', when: /^session: (\S+) is not a session of module (\S+) in this programme$/, names: ['session', 'module'], key: 'refusals.line.sessionOfModule' },
  { code: 'invalid', when: /^session: (\S+) has (\d+) sessions on (\S+); name the session by its id$/, names: ['module', 'n', 'date'], key: 'refusals.line.sessionAmbiguous' },
  { code: 'invalid', when: /^session: (.*) is not a real date$/, names: ['value'], key: 'refusals.line.sessionDate' },
  { code: 'invalid', when: /^session: (.*) is neither a date/, names: ['value'], key: 'refusals.line.sessionValue' },
  { code: 'invalid', when: /^status: (.*) is not one of/, names: ['value'], key: 'refusals.line.status' },
  { code: 'invalid', when: /^(\w+): a value is required$/, names: ['column'], key: 'refusals.line.required' },
  { code: 'invalid', when: /kept the manual record/, key: 'refusals.line.keptManual', keepDetail: true },
  // Any other problem of a column ("column: …", or the DTO check's "column must …"): the column named, the check's own words beside.
  { code: 'invalid', when: /^(\w+): /, names: ['column'], key: 'refusals.line.column', keepDetail: true },
  { code: 'invalid', when: /^(\w+) (?:must|should) /, names: ['column'], key: 'refusals.line.column', keepDetail: true },
];

/** One line's problems (parts joined by "; "), each as words; a part that continues the one before stays with it. */
export function lineWords(message: string): Words[] {
  const parts: string[] = [];
  for (const part of message.split('; ')) {
    const starts = /^(\w+: |\w+ (?:must|should) |duplicate of line|repeats line|expected \d+ fields|a quoted field|the record cannot)/.test(part) || !parts.length;
    if (starts) parts.push(part);
    else parts[parts.length - 1] = `${parts[parts.length - 1]}; ${part}`;
  }
  return parts.map((p) => match(p, LINE) ?? { key: 'refusals.line.other', detail: p });
}
