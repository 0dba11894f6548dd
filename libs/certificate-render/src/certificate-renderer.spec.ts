import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CertificateRenderer,
  CertificateTemplateError,
  defaultTemplatesDir,
  type CertificateDocument,
  type CertificateKind,
} from './index.js';
import { decodeQr, pdfFonts, pdfImages, pdfInfo, pdfText as extractText, renderPage } from '../../../test/support/pdf.js';

const URL = 'https://academy.example.org/verify/K7QP-M3XW-94TD';

function certificate(overrides: Partial<CertificateDocument> = {}): CertificateDocument {
  return {
    kind: 'completion',
    language: 'en',
    holderName: 'Aoife Byrne',
    programmeTitle: 'Digital Human Rights for Civil Servants',
    cityName: 'Tirana',
    issuer: 'Tirana Municipality',
    modules: [
      { code: 'DHR-INTRO', title: 'Human rights in the digital public service' },
      { code: 'DHR-PRIVACY', title: 'Privacy and personal data protection' },
      { code: 'DHR-INCLUSION', title: 'Digital inclusion and accessibility' },
    ],
    periodStart: '2025-03-03',
    periodEnd: '2025-04-14',
    issuedAt: new Date(Date.UTC(2025, 3, 30, 9, 30)),
    verificationCode: 'K7QP-M3XW-94TD',
    verificationUrl: URL,
    ...overrides,
  };
}

let work: string;
let renderer: CertificateRenderer;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'certificate-render-'));
  renderer = new CertificateRenderer({ templatesDir: defaultTemplatesDir() });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The page text as a PDF reader extracts it, with line breaks and runs of spaces folded. */
async function pdfText(pdf: Buffer): Promise<string> {
  return (await extractText(pdf)).replace(/\s+/g, ' ');
}

describe('CertificateRenderer', () => {
  it('finds the repository certificates folder', () => {
    const dir = defaultTemplatesDir();
    expect(dir).toMatch(/[/\\]certificates$/);
    expect(existsSync(join(dir, 'completion.en.hbs'))).toBe(true);
  });

  it.each<[CertificateKind, string[]]>([
    ['completion', ['en', 'sq']],
    ['attendance', ['en', 'sq']],
    ['trainer', ['en', 'sq']],
  ])('offers the %s certificate in %j', (kind, languages) => {
    expect(renderer.languages(kind).sort()).toEqual(languages);
  });

  it.each<[CertificateKind, string, string]>([
    ['completion', 'en', 'Certificate of Completion'],
    ['completion', 'sq', 'Certifikatë Përfundimi'],
    ['attendance', 'en', 'Certificate of Attendance'],
    ['attendance', 'sq', 'Certifikatë Pjesëmarrjeje'],
    ['trainer', 'en', 'Trainer Certificate'],
    ['trainer', 'sq', 'Certifikatë Trajneri'],
  ])('renders a valid %s PDF in %s', async (kind, language, title) => {
    const { pdf, sha256 } = await renderer.renderPdf(certificate({ kind, language }));

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const text = await pdfText(pdf);
    expect(text).toContain(title);
    expect(text).toContain('Aoife Byrne');
    expect(text).toContain('DHR-PRIVACY');
    expect(text).toContain('K7QP-M3XW-94TD');
    expect(text).toContain(URL);
  });

  it('prints the Albanian completion certificate with ë and ç intact', async () => {
    const { pdf } = await renderer.renderPdf(certificate({ language: 'sq', holderName: 'Ëndrra Çela' }));
    const text = await pdfText(pdf);
    expect(text).toContain('Ëndrra Çela');
    expect(text).toContain('Certifikatë Përfundimi');
    expect(text).toContain('Lëshuar nga Tirana Municipality më 30 prill 2025.');
    expect(text).toContain('(3 mars – 14 prill 2025)');
  });

  it.each([
    ['Cyrillic', 'Стефка Петрова'],
    ['Greek', 'Γεώργιος Παπαδόπουλος'],
    ['Irish', 'Siobhán Ní Bhriain'],
  ])('prints a %s name correctly', async (_script, holderName) => {
    const { pdf } = await renderer.renderPdf(certificate({ holderName }));
    expect(await pdfText(pdf)).toContain(holderName);
  });

  it('draws a QR code that decodes to the verification URL, and the page renders without font errors', async () => {
    const { pdf } = await renderer.renderPdf(certificate());
    const page = await renderPage(pdf, { dpi: 150 });
    expect(page.warnings).toEqual([]);
    expect(decodeQr(page)).toBe(URL);
  });

  it('draws the QR code as vector paths, not as an image', async () => {
    const { pdf } = await renderer.renderPdf(certificate());
    expect(await pdfImages(pdf)).toEqual([]);
  });

  it('embeds subsets of DejaVu Sans and no other font', async () => {
    const { pdf } = await renderer.renderPdf(certificate());
    const fonts = await pdfFonts(pdf);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+DejaVuSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('sets title, author, language and creation date, and is byte-for-byte repeatable', async () => {
    const doc = certificate({ language: 'sq', holderName: 'Ëndrra Çela' });
    const first = await renderer.renderPdf(doc);
    const second = await renderer.renderPdf(doc);
    const other = await renderer.renderPdf({ ...doc, holderName: 'Arbër Hoxha' });

    expect(second.sha256).toBe(first.sha256);
    expect(other.sha256).not.toBe(first.sha256);
    const info = await pdfInfo(first.pdf);
    expect(info.Title).toBe('Certifikatë Përfundimi — Ëndrra Çela');
    expect(info.Author).toBe('Tirana Municipality');
    expect(info.CreationDate).toBe('2025-04-30T09:30:00Z');
    expect(info.Pages).toBe('1');
    expect(first.pdf.toString('latin1')).toContain('/Lang (sq)');
  });

  it('keeps a long module list on one page', async () => {
    const modules = Array.from({ length: 24 }, (_, i) => ({ code: `DHR-${100 + i}`, title: `Module number ${i + 1} on rights online` }));
    const { pdf } = await renderer.renderPdf(certificate({ modules }));
    expect((await pdfInfo(pdf)).Pages).toBe('1');
    const text = await pdfText(pdf);
    expect(text).toContain('DHR-100');
    expect(text).toContain('DHR-123');
  });

  it.each([
    ['sq', 'sq'],
    ['sq-AL', 'sq'],
    ['SQ', 'sq'],
    ['en-IE', 'en'],
    ['fr', 'en'],
    ['xx-Latn', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ])('resolves the preferred language %j to %j', (preferred, expected) => {
    expect(renderer.resolveLanguage('attendance', preferred)).toBe(expected);
  });

  it.each<[CertificateKind, string, string, string]>([
    ['completion', 'en', 'has successfully completed the module “Walking debate” (DUB-YOUTH) of the programme “Digital Human Rights for Civil Servants”', 'including the following modules'],
    ['completion', 'sq', 'ka përfunduar me sukses modulin „Walking debate“ (DUB-YOUTH) të programit „Digital Human Rights for Civil Servants“', 'duke ndjekur modulet'],
    ['attendance', 'en', 'attended the module “Walking debate” (DUB-YOUTH) of the programme “Digital Human Rights for Civil Servants”', 'took part in the programme'],
    ['attendance', 'sq', 'ka ndjekur modulin „Walking debate“ (DUB-YOUTH) të programit „Digital Human Rights for Civil Servants“', 'ka marrë pjesë në programin'],
  ])('words a %s certificate of one module (%s) as one', async (kind, language, words, notWords) => {
    const module = { code: 'DUB-YOUTH', title: 'Walking debate' };
    const { pdf } = await renderer.renderPdf(certificate({ kind, language, module, modules: [module] }));
    const text = await pdfText(pdf);
    expect(text).toContain(words);
    expect(text).not.toContain(notWords);
  });

  it('lists untranslated texts in the PDF Keywords, and sets none when there are none', async () => {
    const marked = await renderer.renderPdf(certificate({
      language: 'sq', untranslated: [{ what: 'programme title', text: 'Digital Human Rights for Civil Servants', language: 'en' }, { what: 'issuer', text: 'T', language: null }],
    }));
    expect((await pdfInfo(marked.pdf)).Keywords).toBe('untranslated: programme title (shown in en); issuer (shown as given)');
    expect((await pdfInfo((await renderer.renderPdf(certificate())).pdf)).Keywords).toBeUndefined();
  });

  it('falls back to English when rendering an unknown language', async () => {
    const { pdf } = await renderer.renderPdf(certificate({ language: 'de' }));
    expect(await pdfText(pdf)).toContain('Certificate of Completion');
  });

  describe('renderHtml', () => {
    it('escapes markup in a name and shows the name, code and link', () => {
      const html = renderer.renderHtml(certificate({ language: 'sq', holderName: '<script>alert("x")</script> Ana & Çela' }));
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ana &amp; Çela');
      expect(html).toContain('<html lang="sq">');
      expect(html).toContain('<h1 id="certificate-title">Certifikatë Përfundimi</h1>');
      expect(html).toContain('K7QP-M3XW-94TD');
      expect(html).toContain(`<a href="${URL}">${URL}</a>`);
      expect(html).toMatch(/<svg [^>]*role="img"/);
      expect(html).toContain('<li>DHR-INTRO – Human rights in the digital public service</li>');
    });

    it('does not let line breaks in the data add blocks', () => {
      const html = renderer.renderHtml(certificate({ holderName: 'Ana\ntitle: Forged\r\nname: Someone' }));
      expect(html.match(/<h1|<h2/g)).toHaveLength(1);
      expect(html).toContain('<p class="holder">Ana title: Forged name: Someone</p>');
    });

    it('marks text shown in another language with its lang, escaped', () => {
      const html = renderer.renderHtml(certificate({
        language: 'sq', programmeTitle: 'Open data <for> planners',
        untranslated: [{ what: 'programme title', text: 'Open data <for> planners', language: 'en' }, { what: 'X', text: 'Tirana', language: null }],
      }));
      expect(html).toContain('<span lang="en" class="untranslated" title="not yet translated: shown in en">Open data &lt;for&gt; planners</span>');
      expect(html).toContain('<span lang="" class="untranslated" title="not yet translated: shown as given">Tirana</span>');
    });

    it('refuses a verification URL that is not http(s)', () => {
      expect(() => renderer.renderHtml(certificate({ verificationUrl: 'javascript:alert(1)' }))).toThrow(/http or https/);
    });
  });

  it.each([
    ['an impossible period date', { periodStart: '2025-02-30' }, /not a valid ISO calendar date/],
    ['a relative verification URL', { verificationUrl: '/verify/K7QP' }, /not an absolute URL/],
    ['an invalid issue date', { issuedAt: new Date('nope') }, /issuedAt/],
    ['an empty name', { holderName: '  ' }, /holderName/],
  ])('rejects %s', async (_case, overrides, message) => {
    await expect(renderer.renderPdf(certificate(overrides))).rejects.toThrow(message);
  });
});

describe('templates folder', () => {
  /** A templates folder with the English templates plus extra files. */
  function templatesWith(extra: Record<string, string>): string {
    const dir = mkdtempSync(join(work, 'templates-'));
    for (const kind of ['completion', 'attendance', 'trainer']) {
      copyFileSync(join(defaultTemplatesDir(), `${kind}.en.hbs`), join(dir, `${kind}.en.hbs`));
    }
    for (const [name, source] of Object.entries(extra)) writeFileSync(join(dir, name), source);
    return dir;
  }

  it('picks up a new language from a dropped-in file', async () => {
    const dir = templatesWith({
      'completion.fr.hbs': [
        'title: Certificat de réussite',
        'text: Nous certifions que',
        'name: {{holderName}}',
        'text: a suivi le programme « {{programmeTitle}} » ({{period}}).',
        'text: Délivré par {{issuer}} le {{issuedAt}}.',
        'verify: Code de vérification : {{verificationCode}}',
        'verify: {{verificationUrl}}',
      ].join('\n'),
    });
    const french = new CertificateRenderer({ templatesDir: dir });
    expect(french.languages('completion').sort()).toEqual(['en', 'fr']);
    expect(french.resolveLanguage('completion', 'fr-BE')).toBe('fr');
    expect(french.resolveLanguage('trainer', 'fr')).toBe('en');
    const text = await pdfText((await french.renderPdf(certificate({ language: 'fr', holderName: 'Zoé Lefèvre' }))).pdf);
    expect(text).toContain('Certificat de réussite');
    expect(text).toContain('Zoé Lefèvre');
    expect(text).toContain('le 30 avril 2025');
  });

  it('rejects an unknown block type, naming the template file and line', () => {
    const dir = templatesWith({
      'completion.fr.hbs': ['{{!-- French --}}', 'title: Certificat', 'titel: {{holderName}}', 'verify: {{verificationCode}} {{verificationUrl}}'].join('\n'),
    });
    const file = join(dir, 'completion.fr.hbs');
    expect(() => new CertificateRenderer({ templatesDir: dir })).toThrow(CertificateTemplateError);
    expect(() => new CertificateRenderer({ templatesDir: dir })).toThrow(`${file}:3: unknown block type "titel"`);
  });

  it.each([
    ['a misspelt variable', 'name: {{holdrName}}', /completion\.fr\.hbs: "holdrName" not defined/],
    ['a Handlebars syntax error', 'name: {{#if holderName}}x', /completion\.fr\.hbs: Parse error/],
    ['text without a block type', 'title: T\nHello {{holderName}}', /completion\.fr\.hbs:2: expected "type: text"/],
    ['no verification URL', 'title: T\nverify: {{verificationCode}}', /completion\.fr\.hbs: no "verify:" line prints \{\{verificationUrl\}\}/],
  ])('rejects a template with %s', (_case, source, message) => {
    const dir = templatesWith({ 'completion.fr.hbs': source });
    expect(() => new CertificateRenderer({ templatesDir: dir })).toThrow(message);
  });

  it.each([
    ['an unknown kind', 'diploma.en.hbs', /unknown certificate kind "diploma"/],
    ['a file name without a language', 'completion.hbs', /named <kind>\.<language>\.hbs/],
  ])('rejects %s', (_case, name, message) => {
    const dir = templatesWith({ [name]: 'title: x' });
    expect(() => new CertificateRenderer({ templatesDir: dir })).toThrow(message);
  });

  it('requires an English template for every kind', () => {
    const dir = templatesWith({});
    rmSync(join(dir, 'trainer.en.hbs'));
    expect(() => new CertificateRenderer({ templatesDir: dir })).toThrow(/trainer\.en\.hbs: missing/);
  });

  it('reads each template file once, when constructed', async () => {
    const dir = templatesWith({});
    const once = new CertificateRenderer({ templatesDir: dir });
    writeFileSync(join(dir, 'completion.en.hbs'), 'title: Changed after loading');
    const { pdf } = await once.renderPdf(certificate());
    expect(await pdfText(pdf)).toContain('Certificate of Completion');
    expect(readFileSync(join(dir, 'completion.en.hbs'), 'utf8')).toContain('Changed');
  });
});
