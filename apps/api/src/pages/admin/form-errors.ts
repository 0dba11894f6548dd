import { DomainError } from '@academy/common';
import type { FieldError } from '@academy/web';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';

/** A problem of a form field: the catalogue key in the viewer's words, and the check's own words (English) beside it. */
export type FormError = FieldError & { detail?: string };

/**
 * Turns the problems of the API's checks (the DTO's pipe, or a service's 400/409 whose
 * message starts with the field it names) into the errors of a form: `fields` maps an API
 * field to the form's field; each gets the catalogue key `adminForms.errors.<form field>`.
 */
export function formErrors(problems: { field: string; message: string }[], fields: Record<string, string>, fallback: string): FormError[] {
  const out: FormError[] = [];
  for (const p of problems) {
    const field = fields[p.field.split(/[.[]/)[0]!] ?? fallback;
    const known = out.find((e) => e.field === field);
    if (known) known.detail = `${known.detail}; ${p.message}`;
    else out.push({ field, message: `adminForms.errors.${field}`, detail: p.message });
  }
  return out;
}

/** A service's refusal as form errors and the status to answer with; anything else (404 included) is thrown on. */
export function refusedForm(e: unknown, fields: Record<string, string>, fallback: string): { errors: FormError[]; status: number } {
  if (!(e instanceof DomainError) || !['invalid', 'conflict'].includes(e.code)) throw e;
  // One problem per "field: …"; a part naming no field (a sentence's own "; …") belongs to the one before.
  const problems: { field: string; message: string }[] = [];
  for (const part of e.message.split('; ')) {
    const named = /^([A-Za-z][\w.[\]]*): /.exec(part);
    const last = problems[problems.length - 1];
    if (!named && last) last.message = `${last.message}; ${part}`;
    else problems.push({ field: named?.[1] ?? '', message: part });
  }
  return { errors: formErrors(problems, fields, fallback), status: DOMAIN_ERROR_STATUS[e.code] };
}
