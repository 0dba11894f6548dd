import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keysOf, loadCatalogues, Messages } from './messages.js';
import { projectRoot, viewsDir } from './paths.js';

const files = (dir: string, ext: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });

const pagesDir = join(projectRoot(), 'apps', 'api', 'src', 'pages');
const catalogues = loadCatalogues();
const english = new Set(keysOf(catalogues.en));
const topLevel = new Set(Object.keys(catalogues.en));

/** Keys templates name literally: {{t "x.y"}}, (t "x.y"), and the components' label="x.y" / hint="x.y" / caption="x.y". */
function templateKeys(source: string): string[] {
  const code = source.replace(/{{!--[\s\S]*?--}}/g, '');
  const found = [...code.matchAll(/[{(]t "([^"]+)"/g), ...code.matchAll(/(?<![-\w])(?:label|hint|caption)="([^"{]+)"/g)];
  return found.map((m) => m[1]);
}

/** Keys page code names: string literals shaped like a key whose first part is a catalogue section (not file names). */
function codeKeys(source: string): string[] {
  return [...source.matchAll(/['"`]([a-z][a-zA-Z]*(?:\.[a-zA-Z-]+)+)['"`]/g)]
    .map((m) => m[1])
    .filter((k) => topLevel.has(k.split('.')[0]) && !/\.(js|css|hbs|ts)$/.test(k));
}

/** Keys built from a value (`certificates.kind.${kind}`): every value they can take. */
const DYNAMIC = [
  ...['attendance', 'completion', 'trainer'].map((k) => `certificates.kind.${k}`),
  ...['valid', 'revoked', 'superseded'].flatMap((s) => [`certificates.status.${s}`, `verify.status.${s}`]),
  ...['online', 'in-person', 'hybrid'].map((m) => `learning.mode.${m}`),
];

describe('message catalogues', () => {
  it('has English and Albanian, each naming its language', () => {
    expect(Object.keys(catalogues)).toEqual(expect.arrayContaining(['en', 'sq']));
    expect(new Messages(catalogues).languages).toEqual(expect.arrayContaining([{ code: 'en', name: 'English', locale: 'en-GB' }, { code: 'sq', name: 'Shqip', locale: 'sq-AL' }]));
  });

  it.each(Object.keys(catalogues))('%s has exactly the keys of English, none empty', (language) => {
    const keys = keysOf(catalogues[language]);
    expect(keys.filter((k) => !english.has(k))).toEqual([]);
    expect([...english].filter((k) => !keys.includes(k))).toEqual([]);
    const messages = new Messages(catalogues);
    const t = messages.translator(language);
    expect(keys.filter((k) => !t(k).trim())).toEqual([]);
    // Placeholders are the same in every language.
    const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const en = messages.translator('en');
    expect(keys.filter((k) => placeholders(t(k)).join() !== placeholders(en(k)).join())).toEqual([]);
  });

  it('every key a template, a page or a component uses is in the catalogues', () => {
    const used = new Map<string, string>();
    for (const file of [...files(viewsDir(), '.hbs'), ...files(pagesDir, '.hbs')]) {
      for (const k of templateKeys(readFileSync(file, 'utf8'))) used.set(k, file);
    }
    for (const file of files(pagesDir, '.ts')) {
      for (const k of codeKeys(readFileSync(file, 'utf8'))) used.set(k, file);
    }
    for (const k of DYNAMIC) used.set(k, 'built from a value');
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter(([k]) => !english.has(k)).map(([k, file]) => `${k} (${file.replace(projectRoot(), '')})`);
    expect(missing).toEqual([]);
  });

  it('picks a supported language from a browser tag, else English', () => {
    const messages = new Messages(catalogues);
    expect(messages.pick('sq-AL')).toBe('sq');
    expect(messages.pick('xx', undefined, 'sq')).toBe('sq');
    expect(messages.pick('de')).toBe('en');
    expect(messages.translator('sq')('nav.signedInAs', { name: 'Ëndrra' })).toBe('Jeni futur si Ëndrra');
  });
});
