import type { FieldError } from '@academy/web';
import { checkAs } from '../common/validation.js';

/**
 * Checks a form with the API's own DTO class, through the same validation pipe as the route
 * (`checkAs`), answering each failing field once, with `keyOf(field)` as its catalogue key.
 */
export async function dtoErrors<T extends object>(dto: new () => T, plain: Record<string, unknown>, keyOf: (field: string) => string): Promise<{ errors: FieldError[] }> {
  const checked = await checkAs(dto, plain);
  const fields = [...new Set((checked.errors ?? []).map((e) => e.field))];
  return { errors: fields.map((field) => ({ field, message: keyOf(field) })) };
}
