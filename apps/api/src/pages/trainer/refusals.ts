import { DomainError } from '@academy/common';
import type { FieldError } from '@academy/web';

/**
 * A refusal of a service, said in the viewer's words: the catalogue key for its kind (the
 * services word their messages in English; the page shows that detail beside it, marked
 * lang="en"). Anything that is not a domain error is not a refusal and is thrown on.
 */
export function refusal(e: unknown, field: string, keys: Partial<Record<DomainError['code'], string>>): FieldError & { detail: string } {
  if (!(e instanceof DomainError)) throw e;
  const message = keys[e.code];
  if (!message) throw e;
  return { field, message, detail: e.message };
}

export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
