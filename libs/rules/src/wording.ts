/**
 * How the explanation of a decision is worded. The evaluator decides and composes the
 * explanation from phrases named by key (with their numbers and codes as values); a Wording
 * turns each key into words in one language. English is the rules' own (PHRASES_EN, the
 * API's explanation); another language comes from the page catalogues' `explain` section,
 * which has exactly these keys.
 */
export type PhraseValues = Record<string, string | number>;

export interface Wording {
  /** The phrase of `key` (dotted), its `{{name}}` placeholders filled; `count` picks the `_one` or `_other` form. */
  phrase(key: string, values?: PhraseValues): string;
  /** A number as the language writes it (whole, or with one decimal). */
  number(n: number): string;
}
