import { newVerificationCode, normalizeVerificationCode } from './verification-code.js';

describe('verification codes', () => {
  it('are three groups of four unambiguous symbols and do not repeat', () => {
    const codes = new Set(Array.from({ length: 2000 }, newVerificationCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it.each([
    ['K7QP-M3XW-94TD', 'K7QP-M3XW-94TD'],
    ['k7qpm3xw94td', 'K7QP-M3XW-94TD'],
    [' k7qp m3xw 94td ', 'K7QP-M3XW-94TD'],
    ['K7QP-M3XW-94TO', 'K7QP-M3XW-94T0'],
    ['K7QP-M3XW-94T', null],
    ['K7QP-M3XW-94TU', null],
    ['../../etc/passwd', null],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeVerificationCode(input)).toBe(expected);
  });
});
