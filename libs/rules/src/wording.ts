/**
 * How the explanation of a decision is worded. The evaluator decides and composes the
 * explanation from phrases named by key (with their numbers and codes as values); a Wording
 * turns each key into words in one language. English is the rules' own (PHRASES_EN, the
 * API's explanation); another language comes from the page catalogues' `explain` section,
 * which has exactly these keys.
 */
import { PHRASES_EN, type PhraseTree } from './phrases-en.js';

export type PhraseValues = Record<string, string | number>;

export interface Wording {
  /** The phrase of `key` (dotted), its `{{name}}` placeholders filled; `count` picks the `_one` or `_other` form. */
  phrase(key: string, values?: PhraseValues): string;
  /** A number as the language writes it (already rounded to at most one decimal). */
  number(n: number): string;
  /** Whether there is a phrase of `key`. */
  has(key: string): boolean;
}

/**
 * A Wording from a tree of phrases in `locale`: plural forms by the language's own rules
 * (Intl.PluralRules), numbers by Intl.NumberFormat. A key the tree lacks reads as the key,
 * so a gap shows rather than breaking a decision.
 */
export function wordingFrom(tree: PhraseTree, locale: string): Wording {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, useGrouping: false });
  const english = locale === 'en';
  const lookup = (key: string): string | undefined => {
    let node: string | PhraseTree | undefined = tree;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' ? node : undefined;
  };
  const number = (n: number) => (english ? String(n) : numbers.format(n));
  return {
    number,
    has: (key) => lookup(key) !== undefined || lookup(`${key}_other`) !== undefined,
    phrase(key, values = {}) {
      const count = values.count;
      const template =
        (typeof count === 'number' ? (lookup(`${key}_${plurals.select(count)}`) ?? lookup(`${key}_other`)) : undefined) ??
        lookup(key) ?? key;
      return template.replace(/{{(\w+)}}/g, (_, name: string) => {
        const v = values[name];
        return typeof v === 'number' ? number(v) : (v ?? '');
      });
    },
  };
}

/** The rules' own wording: the English of every explanation the API gives. */
export const ENGLISH: Wording = wordingFrom(PHRASES_EN, 'en');
