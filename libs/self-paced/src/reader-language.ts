import { type Actor, inLanguage, type LanguageVersions, type Queryable } from '@academy/common';

/** The language a reader asked for (or has), and the fallback: their city's default language. */
export interface ReaderLanguage {
  /** `?lang=`, else the reader's own language, else the city's default. */
  requested: string;
  fallback: string;
}

/** As the catalogue answers materials: the language asked for, else the reader's own, else the city's default. */
export async function readerLanguage(q: Queryable, actor: Actor, asked?: string): Promise<ReaderLanguage> {
  const [row] = await q.query(
    `SELECT u.language, c.default_language FROM users u JOIN cities c ON c.id = u.city_id WHERE u.id = $1`,
    [actor.id],
  );
  const fallback: string = row?.default_language ?? 'en';
  return { requested: asked ?? row?.language ?? fallback, fallback };
}

/**
 * A text in the reader's language: its version in the language requested, else in the city's
 * default language, else English, else as first given (`language: null`).
 */
export function localised(versions: LanguageVersions | null | undefined, reader: ReaderLanguage, plain: string) {
  return inLanguage(versions, reader.requested, reader.fallback, plain);
}

/** What a response says about its language, so a page can show "shown in …" when it fell back. */
export interface LanguageNote {
  /** The language the texts are in (null: the text as first given, language not recorded). */
  language: string | null;
  /** The language that was asked for (or the reader's own). */
  requestedLanguage: string;
  /** True when the texts are known to be in another language than the one requested. */
  languageFallback: boolean;
}

export function languageNote(language: string | null, reader: ReaderLanguage): LanguageNote {
  const primary = reader.requested.toLowerCase().split(/[-_]/)[0];
  return { language, requestedLanguage: reader.requested, languageFallback: language !== null && language !== primary && language !== reader.requested };
}
