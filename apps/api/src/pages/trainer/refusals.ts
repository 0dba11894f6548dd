import { DomainError } from '@academy/common';
import type { FieldError } from '@academy/web';

/**
 * A refusal of a service, said in the viewer's words: the catalogue key for its kind. The
 * services word their messages in English; the page shows those words beside the sentence
 * (marked lang="en") only for the kinds in `keepDetail` — a check that failed says which value,
 * which the sentence cannot — while separation of duties, not enrolled or not open are said
 * in full by their sentence. Anything that is not a domain error is not a refusal and is thrown on.
 */
export function refusal(
  e: unknown, field: string, keys: Partial<Record<DomainError['code'], string>>, keepDetail: DomainError['code'][] = ['invalid'],
): FieldError & { detail?: string } {
  if (!(e instanceof DomainError)) throw e;
  const message = keys[e.code];
  if (!message) throw e;
  return { field, message, ...(keepDetail.includes(e.code) ? { detail: e.message } : {}) };
}
