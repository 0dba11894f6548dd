/** A text in the language it is actually shown in, so a page can mark a fallback. */
export interface LocalisedResult {
  text: string;
  language: string;
}

/**
 * The text in `language` (or its primary subtag: `sq-AL` finds `sq`), else in `fallback`
 * (English unless told otherwise), else in the first language the object has. The returned
 * `language` says which one was used; a caller shows a note when it differs from the one asked.
 */
export function localise(text: Record<string, string>, language: string | null | undefined, fallback = 'en'): LocalisedResult {
  const has = (l: string | undefined): l is string => l !== undefined && typeof text[l] === 'string' && text[l].trim() !== '';
  const asked = language?.trim();
  const primary = asked?.toLowerCase().split(/[-_]/)[0];
  for (const candidate of [asked, primary, fallback]) {
    if (has(candidate)) return { text: text[candidate], language: candidate };
  }
  const first = Object.keys(text).find((l) => has(l));
  if (first === undefined) throw new TypeError('a localised text without any language');
  return { text: text[first], language: first };
}
