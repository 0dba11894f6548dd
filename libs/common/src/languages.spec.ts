import { inLanguage, languageVersionsProblems } from './languages.js';

describe('language versions', () => {
  const issuer = { en: 'Tirana Municipality', sq: 'Bashkia e Tiranës' };

  it.each([
    ['the language asked for', issuer, 'sq', 'en', { text: 'Bashkia e Tiranës', language: 'sq' }],
    ['its primary subtag', issuer, 'sq-AL', 'en', { text: 'Bashkia e Tiranës', language: 'sq' }],
    ["the city's default language", issuer, 'fr', 'sq', { text: 'Bashkia e Tiranës', language: 'sq' }],
    ['English next', { en: 'Open data', de: 'Offene Daten' }, 'sq', 'sq', { text: 'Open data', language: 'en' }],
    ['any version last', { de: 'Offene Daten' }, 'sq', 'sq', { text: 'Offene Daten', language: 'de' }],
    ['the text as given, language unknown', {}, 'sq', 'sq', { text: 'As given', language: null }],
    ['not an empty version', { sq: '  ', en: 'Open data' }, 'sq', 'sq', { text: 'Open data', language: 'en' }],
  ])('picks %s', (_case, versions, language, fallback, expected) => {
    expect(inLanguage(versions, language, fallback, 'As given')).toEqual(expected);
  });

  it('names each bad field', () => {
    expect(languageVersionsProblems({ SQ: 'x', en: '', de: 3, fr: 'a'.repeat(201) }, 'titles', 200)).toEqual([
      'titles.SQ: must be a language code such as "sq"',
      'titles.en: must not be empty',
      'titles.de: must be a string',
      'titles.fr: must be at most 200 characters',
    ]);
    expect(languageVersionsProblems(['en'], 'titles', 200)).toEqual(['titles: must be an object of language code → text, e.g. {"en": "…", "sq": "…"}']);
    expect(languageVersionsProblems({ en: 'Open data', sq: 'Të dhëna të hapura' }, 'titles', 200)).toEqual([]);
  });
});
