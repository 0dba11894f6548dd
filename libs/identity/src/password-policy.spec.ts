import { isCommonPassword, passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it.each([
    ['short-pass1', /at least 12 characters/],
    [' '.repeat(12), /only white space/],
    ['\t\n   \u00a0       ', /only white space/],
    ['qwerty123456', /most common passwords/],
    ['QWERTY123456', /most common passwords/],
    ['1q2w3e4r5t6y', /most common passwords/],
    ['x'.repeat(201), /at most 200/],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it.each(['a-long-password', 'academy-admin-2023', 'my-own-password', 'arta-chooses-a-long-password', 'correct horse battery'])(
    'accepts %j', (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('ëëëëëëëëëëë')).toMatch(/at least 12/);
    expect(passwordProblem('ëçëçëçëçëçëç')).toBeNull();
  });

  it('ships the common list', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('letmein')).toBe(true);
  });
});
