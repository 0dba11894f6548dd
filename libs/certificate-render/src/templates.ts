/**
 * Loads the certificate templates (`<kind>.<language>.hbs`) from a folder,
 * compiles each one once, and renders a certificate into blocks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { formatDate, formatDateRange, isoDay } from './dates.js';
import { MarkupError, parseBlocks, type Block } from './markup.js';
import { CERTIFICATE_KINDS, type CertificateDocument, type CertificateKind } from './types.js';

/** The fallback language; every kind must have a template in it. */
export const FALLBACK_LANGUAGE = 'en';

const FILE_NAME = /^([a-z]+)\.([a-z]{2,3})\.hbs$/;

/** A template that cannot be loaded or produces bad markup. */
export class CertificateTemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CertificateTemplateError';
  }
}

/**
 * The variables a template sees (documented in certificates/README.md): the document's
 * own fields, with dates formatted for the template's language and a few derived ones.
 */
export interface TemplateContext
  extends Pick<CertificateDocument, 'kind' | 'language' | 'holderName' | 'programmeTitle' | 'cityName' | 'issuer' | 'modules' | 'verificationCode' | 'verificationUrl'> {
  moduleCount: number;
  /** The module of a certificate of one module, else null: `{{#if module}}…{{else}}…{{/if}}`. */
  module: { code: string; title: string } | null;
  periodStart: string;
  periodEnd: string;
  period: string;
  periodStartIso: string;
  periodEndIso: string;
  issuedAt: string;
  issuedAtIso: string;
}

/** Line breaks and control characters in data would break the line-oriented markup. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t\v\f\u0085\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

export function templateContext(doc: CertificateDocument, language: string): TemplateContext {
  const start = doc.periodStart ?? '';
  const end = doc.periodEnd ?? '';
  return {
    kind: doc.kind,
    language,
    holderName: oneLine(doc.holderName),
    programmeTitle: oneLine(doc.programmeTitle),
    cityName: oneLine(doc.cityName),
    issuer: oneLine(doc.issuer),
    modules: doc.modules.map((m) => ({ code: oneLine(m.code), title: oneLine(m.title) })),
    moduleCount: doc.modules.length,
    module: doc.module ? { code: oneLine(doc.module.code), title: oneLine(doc.module.title) } : null,
    periodStart: formatDate(start, language),
    periodEnd: formatDate(end, language),
    period: formatDateRange(start, end, language),
    periodStartIso: start,
    periodEndIso: end,
    issuedAt: formatDate(doc.issuedAt, language),
    issuedAtIso: isoDay(doc.issuedAt),
    verificationCode: oneLine(doc.verificationCode),
    verificationUrl: oneLine(doc.verificationUrl),
  };
}

interface HelperOptions {
  data: { language: string };
  hash: Record<string, unknown>;
}

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // {{formatDate issuedAtIso}} or {{formatDate periodStartIso "short"}}
  env.registerHelper('formatDate', (value: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const style = typeof rest[0] === 'string' ? rest[0] : 'long';
    return formatDate(value as string | Date | undefined, options.data.language, style);
  });
  // {{formatDateRange periodStartIso periodEndIso}} or with a style as third argument
  env.registerHelper('formatDateRange', (start: unknown, end: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const style = typeof rest[0] === 'string' ? rest[0] : 'long';
    return formatDateRange(start as string | undefined, end as string | undefined, options.data.language, style);
  });
  return env;
}

/** A full and a minimal certificate used to check every template at load time. */
const SAMPLES: CertificateDocument[] = [
  {
    kind: 'completion',
    language: 'en',
    holderName: 'Sample Holder',
    programmeTitle: 'Sample Programme',
    cityName: 'Sample City',
    issuer: 'Sample Council',
    modules: [
      { code: 'M-1', title: 'First module' },
      { code: 'M-2', title: 'Second module' },
    ],
    periodStart: '2025-03-03',
    periodEnd: '2025-04-14',
    issuedAt: new Date(Date.UTC(2025, 3, 30)),
    verificationCode: 'AAAA-BBBB-CCCC',
    verificationUrl: 'https://example.org/verify/AAAA-BBBB-CCCC',
  },
  {
    kind: 'completion',
    language: 'en',
    holderName: 'X',
    programmeTitle: 'P',
    cityName: 'C',
    issuer: 'I',
    modules: [],
    issuedAt: new Date(0),
    verificationCode: 'ZZZZ-YYYY-XXXX',
    verificationUrl: 'https://example.org/v/ZZZZ-YYYY-XXXX',
  },
  {
    kind: 'completion',
    language: 'en',
    holderName: 'Module Holder',
    programmeTitle: 'Sample Programme',
    cityName: 'Sample City',
    issuer: 'Sample Council',
    modules: [{ code: 'M-1', title: 'First module' }],
    module: { code: 'M-1', title: 'First module' },
    issuedAt: new Date(Date.UTC(2025, 3, 30)),
    verificationCode: 'MMMM-NNNN-PPPP',
    verificationUrl: 'https://example.org/verify/MMMM-NNNN-PPPP',
  },
];

/** The literal start of each source line (before any `{{`), used to point errors at the template. */
function sourceLineFor(source: string, renderedLine: string): number | undefined {
  let best: { line: number; length: number } | undefined;
  source.split('\n').forEach((text, index) => {
    const literal = text.split('{{')[0].trim();
    if (literal !== '' && renderedLine.startsWith(literal) && (!best || literal.length > best.length)) {
      best = { line: index + 1, length: literal.length };
    }
  });
  return best?.line;
}

/** Every certificate must print its verification code and URL under the QR code. */
function requireVerification(file: string, blocks: Block[], sample: CertificateDocument): void {
  const caption = blocks.flatMap((block) => (block.type === 'verify' ? [block.text] : [])).join('\n');
  for (const [label, value] of [
    ['verificationCode', sample.verificationCode],
    ['verificationUrl', sample.verificationUrl],
  ]) {
    if (!caption.includes(value)) {
      throw new CertificateTemplateError(`${file}: no "verify:" line prints {{${label}}}`, file);
    }
  }
}

class CompiledTemplate {
  private readonly render: HandlebarsTemplateDelegate<TemplateContext>;

  constructor(
    readonly file: string,
    private readonly source: string,
    readonly language: string,
    env: typeof Handlebars,
  ) {
    this.render = env.compile<TemplateContext>(source, { noEscape: true, strict: true });
  }

  blocks(doc: CertificateDocument): Block[] {
    const context = templateContext(doc, this.language);
    let markup: string;
    try {
      markup = this.render(context, { data: { language: this.language } });
    } catch (error) {
      throw new CertificateTemplateError(`${this.file}: ${error.message}`, this.file);
    }
    try {
      return parseBlocks(markup);
    } catch (error) {
      if (!(error instanceof MarkupError)) throw error;
      const line = sourceLineFor(this.source, error.lineText);
      const where = line ? `${this.file}:${line}` : `${this.file} (rendered line ${error.line})`;
      throw new CertificateTemplateError(`${where}: ${error.reason}`, this.file, line);
    }
  }
}

/** Every template of a folder, compiled and checked once. */
export class TemplateSet {
  private readonly templates = new Map<CertificateKind, Map<string, CompiledTemplate>>();

  constructor(readonly dir: string) {
    const env = createEnvironment();
    for (const kind of CERTIFICATE_KINDS) this.templates.set(kind, new Map());
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.hbs')) continue;
      const file = join(dir, name);
      const match = FILE_NAME.exec(name);
      if (!match) {
        throw new CertificateTemplateError(`${file}: template files are named <kind>.<language>.hbs, e.g. completion.fr.hbs`, file);
      }
      const [, kind, language] = match;
      const byLanguage = this.templates.get(kind as CertificateKind);
      if (!byLanguage) {
        throw new CertificateTemplateError(`${file}: unknown certificate kind "${kind}" (known: ${CERTIFICATE_KINDS.join(', ')})`, file);
      }
      const template = new CompiledTemplate(file, readFileSync(file, 'utf8'), language, env);
      for (const sample of SAMPLES) {
        const blocks = template.blocks({ ...sample, kind: kind as CertificateKind, language });
        requireVerification(file, blocks, sample);
      }
      byLanguage.set(language, template);
    }
    for (const [kind, byLanguage] of this.templates) {
      if (!byLanguage.has(FALLBACK_LANGUAGE)) {
        throw new CertificateTemplateError(`${join(dir, `${kind}.${FALLBACK_LANGUAGE}.hbs`)}: missing; every kind needs an English template`, dir);
      }
    }
  }

  languages(kind: CertificateKind): string[] {
    return [...(this.templates.get(kind)?.keys() ?? [])];
  }

  has(kind: CertificateKind, language: string): boolean {
    return this.templates.get(kind)?.has(language) ?? false;
  }

  /** Renders the template of that kind and language into blocks. */
  blocks(doc: CertificateDocument, language: string): Block[] {
    const template = this.templates.get(doc.kind)?.get(language);
    if (!template) throw new Error(`no ${doc.kind} certificate template for language "${language}"`);
    return template.blocks(doc);
  }
}
