import type { Request } from 'express';
import { clientAddress } from './client-address.js';
import { findNul, jsonDepth, MAX_JSON_DEPTH, verifyJsonBody } from './input-limits.js';

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[["}')).toBe(1);
    expect(jsonDepth(Buffer.from('[[["ë[", "ç"]]]'))).toBe(3);
  });

  it('stops once past the limit, on a 10,000-deep text too', () => {
    expect(jsonDepth('['.repeat(10_000) + ']'.repeat(10_000), 32)).toBe(33);
  });
});

describe('verifyJsonBody', () => {
  const verify = (body: Buffer, encoding = 'utf-8') => () => verifyJsonBody({} as never, {}, body, encoding);

  it('lets 32 levels through and refuses 33 with a 400', () => {
    expect(verify(Buffer.from('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).not.toThrow();
    expect(verify(Buffer.from('['.repeat(33) + ']'.repeat(33)))).toThrow(expect.objectContaining({ status: 400, message: 'body: nested deeper than 32 levels' }));
  });

  it('refuses bytes that are not UTF-8, and reads a body declared as UTF-16', () => {
    expect(verify(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(expect.objectContaining({ status: 400, message: 'body: is not valid UTF-8' }));
    expect(verify(Buffer.from('{"a":"ë"}', 'utf16le'), 'utf-16le')).not.toThrow();
  });
});

describe('findNul', () => {
  it('names the first field holding a NUL, however deep, keys included', () => {
    expect(findNul({ a: 'x', b: [{ c: 'ok' }, { c: 'n\u0000' }] }, '')).toBe('b[1].c');
    expect(findNul('a\u0000', 'code')).toBe('code');
    expect(findNul({ ['k\u0000']: 1 }, '')).toBe('k\\0');
    expect(findNul({ a: 1, b: null, c: Buffer.from([0]) }, '')).toBeNull();
  });
});

describe('clientAddress', () => {
  const of = (ip: string) => clientAddress({ ip, socket: {} } as unknown as Request);

  it('takes IPv4-mapped addresses as IPv4 and IPv6 ones by their /56', () => {
    expect(of('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(of('203.0.113.9')).toBe('203.0.113.9');
    expect(of('2001:db8:aa:bbcc:1:2:3:4')).toBe('2001:db8:aa:bb00::/56');
    expect(of('2001:db8:aa:bbff::9')).toBe(of('2001:db8:aa:bb00::1'));
  });
});
