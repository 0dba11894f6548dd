import { languageNote, localised } from './reader-language.js';

describe('lessons and checks in the reader\'s language', () => {
  const title = { en: 'The same rights online as offline', sq: 'Të njëjtat të drejta në linjë si jashtë saj' };

  it.each([
    ['sq', 'sq', title.sq, false],
    ['sq-AL', 'sq', title.sq, false],
    ['en', 'sq', title.en, false],
    // No German version: the city's default language, marked as a fallback.
    ['de', 'sq', title.sq, true],
    ['de', 'ga', title.en, true],
  ])('asked %s in a city speaking %s', (requested, fallback, text, isFallback) => {
    const reader = { requested, fallback };
    const shown = localised(title, reader, title.en);
    expect(shown.text).toBe(text);
    expect(languageNote(shown.language, reader)).toEqual({
      language: shown.language, requestedLanguage: requested, languageFallback: isFallback,
    });
  });

  it('does not call a text of unknown language a fallback', () => {
    const reader = { requested: 'sq', fallback: 'sq' };
    const shown = localised({}, reader, 'Written once, through the api');
    expect(shown).toEqual({ text: 'Written once, through the api', language: null });
    expect(languageNote(shown.language, reader).languageFallback).toBe(false);
  });
});
