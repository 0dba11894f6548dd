import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldError } from '@academy/web';

/**
 * Checks a form with the API's own DTO class (the same class-validator rules as the route),
 * answering the fields that fail, each with `keyOf(field)` as its catalogue key.
 */
export async function dtoErrors<T extends object>(dto: new () => T, plain: object, keyOf: (field: string) => string): Promise<{ value: T; errors: FieldError[] }> {
  const value = plainToInstance(dto, plain);
  const failed = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  const flat = (list: typeof failed, path = ''): string[] =>
    list.flatMap((e) => (e.children?.length ? flat(e.children, `${path}${e.property}.`) : [`${path}${e.property}`]));
  return { value, errors: flat(failed).map((field) => ({ field, message: keyOf(field) })) };
}
