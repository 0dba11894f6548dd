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
