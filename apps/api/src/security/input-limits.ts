import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { isUtf8 } from 'node:buffer';

/**
 * Limits on what a request may hold, checked before anything walks it: the validation
 * libraries recurse through a body, so a deeply nested one would overflow their stack (a 500)
 * long after JSON.parse, which does not recurse, accepted it.
 */

/** Deeper JSON is refused with 400; the academy's own documents (rule sets) nest 7 levels. */
export const MAX_JSON_DEPTH = 32;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * The deepest nesting of arrays and objects in a JSON text, stopping as soon as it passes
 * `limit`. Reads bytes (or UTF-16 units) once, without parsing; brackets inside strings are
 * skipped. In UTF-8 no byte of a multi-byte character is below 0x80, so the delimiters are
 * found the same in bytes as in characters.
 */
export function jsonDepth(text: Uint8Array | string, limit = Infinity): number {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let deepest = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (CLOSE.has(c)) depth--;
  }
  return deepest;
}

const refusal = (message: string, type: string) => Object.assign(new Error(message), { status: 400, expose: true, type });

/**
 * body-parser's `verify` hook for JSON bodies: refuses invalid UTF-8 (body-parser would
 * quietly turn it into U+FFFD) and nesting deeper than {@link MAX_JSON_DEPTH}, both with 400.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  const utf8 = /^utf-?8$/i.test(encoding);
  if (utf8 && !isUtf8(body)) throw refusal('body: is not valid UTF-8', 'entity.encoding.invalid');
  const text = utf8 ? body : new TextDecoder(encoding).decode(body);
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw refusal(`body: nested deeper than ${MAX_JSON_DEPTH} levels`, 'entity.too.deep');
  }
}

/** Form bodies: the same UTF-8 check (their nesting is bounded by the parser's own depth limit). */
export function verifyFormBody(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw refusal('body: is not valid UTF-8', 'entity.encoding.invalid');
}

/** The path of the first string holding a NUL character, walking without recursion. */
export function findNul(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return path ? `${path}.${key.replace(/\u0000/g, '\\0')}` : key.replace(/\u0000/g, '\\0');
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/**
 * A NUL character is never part of a name, a code or a text here, and PostgreSQL cannot store
 * one: a body field, query parameter, route parameter or form field of an upload holding one
 * is refused with a 400 that names it. Runs before the ValidationPipe.
 */
export class NoNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const path = findNul(value, metadata.data ?? '');
    if (path !== null) throw new BadRequestException(`${path || metadata.type}: must not contain NUL characters`);
    return value;
  }
}
