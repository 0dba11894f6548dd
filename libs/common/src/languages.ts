/**
 * Texts kept in several languages, as objects of language code → text
 * (`{ "en": "Tirana Municipality", "sq": "Bashkia e Tiranës" }`), and how one is picked.
 */
export type LanguageVersions = Record<string, string>;

/** A text and the language it is really in; null when it is the text as first given, language unknown. */
export interface InLanguage {
  text: string;
  language: string | null;
}

/** A language code as the academy stores them: `en`, `sq`, `ga` (ISO 639, lower case). */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/**
 * The version of a text for `language` (or its primary subtag: `sq-AL` finds `sq`); else the
 * version in `fallback` (the city's default language); else the English one; else any other
 * version (in code order); else `plain`, the text as first given. The answer says which
 * language was used, so a caller can mark a fallback.
 */
export function inLanguage(
  versions: LanguageVersions | null | undefined,
  language: string | null | undefined,
  fallback: string | null | undefined,
  plain: string,
): InLanguage {
  const has = (l: string | null | undefined): l is string =>
    !!l && !!versions && typeof versions[l] === 'string' && versions[l].trim() !== '';
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0];
  for (const candidate of [language, primary, fallback, 'en', ...Object.keys(versions ?? {}).sort()]) {
    if (has(candidate)) return { text: versions![candidate], language: candidate };
  }
  return { text: plain, language: null };
}

/**
 * Problems of language versions sent by a client, each naming the field:
 * `titles.SQ: must be a language code such as "sq"`, `titles.en: must not be empty`.
 */
export function languageVersionsProblems(value: unknown, field: string, maxLength: number): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${field}: must be an object of language code → text, e.g. {"en": "…", "sq": "…"}`];
  }
  const problems: string[] = [];
  const entries = Object.entries(value);
  if (entries.length > 50) problems.push(`${field}: at most 50 languages`);
  for (const [language, text] of entries) {
    if (!LANGUAGE_CODE.test(language)) problems.push(`${field}.${language}: must be a language code such as "sq"`);
    else if (typeof text !== 'string') problems.push(`${field}.${language}: must be a string`);
    else if (text.trim() === '') problems.push(`${field}.${language}: must not be empty`);
    else if (text.length > maxLength) problems.push(`${field}.${language}: must be at most ${maxLength} characters`);
    else if (/[\u0000-\u001f\u007f]/.test(text)) problems.push(`${field}.${language}: must not contain control characters`);
  }
  return problems;
}
