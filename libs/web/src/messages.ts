import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { messagesDir } from './paths.js';

export type Catalogue = { [key: string]: string | Catalogue };

export interface LanguageChoice {
  code: string;
  /** The language's name in itself ("Shqip"), from its catalogue's `language.name`. */
  name: string;
  /** The locale dates and numbers are written in (`en-GB`), from `language.locale`; else the code. */
  locale: string;
}

/** Every catalogue file in `dir`: language code → nested messages. */
export function loadCatalogues(dir: string = messagesDir()): Record<string, Catalogue> {
  const out: Record<string, Catalogue> = {};
  for (const file of readdirSync(dir).filter((f) => /^[a-z]{2,3}\.json$/.test(f)).sort()) {
    out[file.slice(0, -5)] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return out;
}

/** The dotted keys of a catalogue: `signIn.title`, … */
export function keysOf(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`),
  );
}

/**
 * `t`, remembering what it gave for keys asked without values (most of a page's words): the
 * catalogues do not change while the process runs, so such a key always reads the same.
 */
function remembering(t: TFunction): TFunction {
  const plain = new Map<string, string>();
  return ((key: string, values?: Record<string, unknown>) => {
    if (typeof key !== 'string' || (values && Object.keys(values).length)) return t(key, values as never);
    let text = plain.get(key);
    if (text === undefined) plain.set(key, (text = t(key)));
    return text;
  }) as unknown as TFunction;
}

/**
 * The message catalogues through i18next: a language is a JSON file in libs/web/messages,
 * found at start-up, so adding one needs no code. English is the fallback for a key a
 * catalogue lacks (a unit test keeps every catalogue complete).
 */
export class Messages {
  readonly languages: LanguageChoice[];
  private readonly i18n: i18n;
  /** Per language, its fixed translator (see remembering). */
  private readonly translators: Map<string, TFunction>;

  constructor(catalogues: Record<string, Catalogue> = loadCatalogues()) {
    const codes = Object.keys(catalogues);
    if (!codes.includes('en')) throw new Error('the English message catalogue (en.json) is missing');
    this.languages = codes.map((code) => {
      const about = (catalogues[code].language ?? {}) as Catalogue;
      return { code, name: String(about.name ?? code), locale: String(about.locale ?? code) };
    });
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      showSupportNotice: false,
      resources: Object.fromEntries(codes.map((c) => [c, { translation: catalogues[c] }])),
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: codes,
      // Handlebars escapes what a helper returns; escaping here too would show &amp; on the page.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    this.translators = new Map(codes.map((c) => [c, remembering(this.i18n.getFixedT(c))]));
  }

  get codes(): string[] {
    return this.languages.map((l) => l.code);
  }

  supports(code: string | null | undefined): code is string {
    return !!code && this.codes.includes(code);
  }

  /** The first of `candidates` we have a catalogue for (primary subtag: `sq-AL` → `sq`), else English. */
  pick(...candidates: Array<string | null | undefined>): string {
    for (const c of candidates) {
      const primary = c?.trim().toLowerCase().split(/[-_]/)[0];
      if (this.supports(primary)) return primary;
    }
    return 'en';
  }

  translator(language: string): TFunction {
    return this.translators.get(this.pick(language))!;
  }

  /** One section of a language's catalogue as it is (e.g. `explain`, the phrases another library words with); English's if the language lacks it. */
  section(language: string, key: string): Catalogue {
    const own = this.i18n.getResourceBundle(this.pick(language), 'translation')?.[key];
    return (own ?? this.i18n.getResourceBundle('en', 'translation')?.[key] ?? {}) as Catalogue;
  }

  /** The locale a language writes dates and numbers in. */
  localeOf(language: string): string {
    const code = this.pick(language);
    return this.languages.find((l) => l.code === code)?.locale ?? code;
  }

  has(language: string, key: string): boolean {
    return this.i18n.exists(key, { lng: language, fallbackLng: false });
  }
}
