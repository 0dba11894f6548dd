import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseIsoDate } from './dates.js';
import { htmlView } from './html-view.js';
import type { Block } from './markup.js';
import { certificateFonts } from './fonts.js';
import { layoutPdf } from './pdf-layout.js';
import { FALLBACK_LANGUAGE, TemplateSet } from './templates.js';
import { CERTIFICATE_KINDS, type CertificateDocument, type CertificateKind, type RenderedPdf } from './types.js';

/**
 * The repository's `certificates/` folder, found by walking up from this file
 * to the first folder holding a package.json. Works from the sources and from
 * the compiled tree under dist/.
 */
export function defaultTemplatesDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return join(dir, 'certificates');
}

function validate(doc: CertificateDocument): void {
  if (!CERTIFICATE_KINDS.includes(doc.kind)) {
    throw new TypeError(`unknown certificate kind "${doc.kind}"`);
  }
  if (doc.holderName.trim() === '') throw new TypeError('holderName is empty');
  if (!(doc.issuedAt instanceof Date) || Number.isNaN(doc.issuedAt.getTime())) {
    throw new TypeError('issuedAt is not a valid Date');
  }
  for (const field of ['periodStart', 'periodEnd'] as const) {
    const value = doc[field];
    if (value !== undefined) parseIsoDate(value);
  }
  let url: URL;
  try {
    url = new URL(doc.verificationUrl);
  } catch {
    throw new TypeError(`verificationUrl is not an absolute URL: "${doc.verificationUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`verificationUrl must use http or https: "${doc.verificationUrl}"`);
  }
}

/**
 * The PDF's Keywords: which printed texts are not in the certificate's language, e.g.
 * `untranslated: programme title (shown in en); DHR-TOT (shown as given)`. Empty when all are.
 */
function untranslatedKeywords(doc: CertificateDocument): string | undefined {
  const list = doc.untranslated ?? [];
  if (!list.length) return undefined;
  return `untranslated: ${list.map((u) => `${u.what} (${u.language ? `shown in ${u.language}` : 'shown as given'})`).join('; ')}`;
}

/** Renders certificates from the Handlebars templates of one folder. */
export class CertificateRenderer {
  private readonly templates: TemplateSet;

  /** Loads and compiles every template in templatesDir once (files named `<kind>.<language>.hbs`). */
  constructor(options: { templatesDir: string }) {
    this.templates = new TemplateSet(options.templatesDir);
    certificateFonts(); // read and parse the fonts now rather than during the first render
  }

  /** Languages available for a kind. */
  languages(kind: CertificateKind): string[] {
    return this.templates.languages(kind);
  }

  /** The preferred language (its primary subtag, so 'sq-AL' gives 'sq') when a template exists for it, else 'en'. */
  resolveLanguage(kind: CertificateKind, preferred: string | undefined | null): string {
    const primary = preferred?.trim().toLowerCase().split(/[-_]/)[0];
    return primary && this.templates.has(kind, primary) ? primary : FALLBACK_LANGUAGE;
  }

  async renderPdf(doc: CertificateDocument): Promise<RenderedPdf> {
    const { blocks, language, title } = this.prepare(doc);
    const pdf = await layoutPdf({
      blocks,
      language,
      verificationUrl: doc.verificationUrl,
      title,
      author: doc.issuer,
      subject: doc.programmeTitle,
      keywords: untranslatedKeywords(doc),
      createdAt: doc.issuedAt,
    });
    return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
  }

  /**
   * An accessible, self-contained HTML web view of the same certificate (lang attribute set);
   * `styleNonce`: the CSP nonce of the answer that carries it.
   */
  renderHtml(doc: CertificateDocument, options: { styleNonce?: string } = {}): string {
    const { blocks, language, title } = this.prepare(doc);
    return htmlView({
      blocks, language, title, verificationUrl: doc.verificationUrl, foreign: doc.untranslated ?? [], styleNonce: options.styleNonce,
    });
  }

  private prepare(doc: CertificateDocument): { blocks: Block[]; language: string; title: string } {
    validate(doc);
    const language = this.resolveLanguage(doc.kind, doc.language);
    const blocks = this.templates.blocks(doc, language);
    const heading = blocks.find((block) => block.type === 'title');
    const holder = doc.holderName.replace(/\s+/g, ' ').trim();
    const title = heading && 'text' in heading ? `${heading.text} — ${holder}` : holder;
    return { blocks, language, title };
  }
}
