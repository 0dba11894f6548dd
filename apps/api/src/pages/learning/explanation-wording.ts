import type { Wording } from '@academy/rules';
import type { Messages } from '@academy/web';

/** Placeholder until the rules accept a wording. */
export function explanationWording(_messages: Messages, _language: string): Wording | undefined {
  return undefined;
}
