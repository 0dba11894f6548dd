import { BadRequestException, ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { Param } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { passwordProblem } from '@academy/identity';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(e.property) ? `${field}${message.slice(e.property.length)}` : `${field}: ${message}`,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Whitelisting, type conversion, and a 400 whose message names every failing field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({ message: problems.map((p) => p.message).join('; '), errors: problems });
    },
  });
}

/** A route parameter that must be a UUID; a malformed one is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new BadRequestException(`${name}: must be a UUID`),
    }),
  );

/** A password being set: the academy's password policy (libs/identity/src/password-policy.ts). */
export const IsAcceptablePassword = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value: unknown) => passwordProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${passwordProblem(args?.value)}`,
      },
    },
    options,
  );

/**
 * A body checked as the API's pipe checks it (whitelist, conversion, the same messages), for
 * callers that are not a route's @Body(): a page form, a line of an uploaded file. Answers the
 * DTO, or the problems each naming its field.
 */
export async function checkAs<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ value: T; errors?: undefined } | { value?: undefined; errors: { field: string; message: string }[] }> {
  try {
    return { value: (await validationPipe().transform(plain, { type: 'body', metatype: dto })) as T };
  } catch (e) {
    if (!(e instanceof BadRequestException)) throw e;
    const body = e.getResponse() as { errors?: { field: string; message: string }[]; message?: unknown };
    return { errors: body.errors ?? [{ field: '', message: String(body.message) }] };
  }
}
