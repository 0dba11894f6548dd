import { ENGLISH, wordingFrom, type Wording } from '@academy/rules';
import type { Messages } from '@academy/web';

const cache = new Map<string, Wording>();

/**
 * The wording of the rules' explanations in a page's language: the `explain` section of its
 * catalogue (the same keys as the rules' English phrases), with that language's plural forms
 * and numbers. English pages get the rules' own English, the API's text.
 */
export function explanationWording(messages: Messages, language: string): Wording {
  const code = messages.pick(language);
  if (code === 'en') return ENGLISH;
  let wording = cache.get(code);
  if (!wording) {
    wording = wordingFrom(messages.section(code, 'explain'), messages.localeOf(code));
    cache.set(code, wording);
  }
  return wording;
}
