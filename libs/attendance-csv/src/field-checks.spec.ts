import {
  codePointLength,
  isEmailAddress,
  isRealIsoDate,
  isUuid,
  looksLikeIsoDate,
  parseBoundedWholeNumber,
} from './field-checks.js';

describe('field checks', () => {
  it.each([
    ['arta.hoxha@tirana.example', true],
    ['a+tag@sub.tirana.gov.al', true],
    ["o'brien@example.ie", true],
    ['ilir@xn--shqipri-kxa.al', true],
    ['dritë@shqipëri.al', true],
    ['x@y.co', true],
    ['arta@', false],
    ['@tirana.example', false],
    ['arta', false],
    ['arta@tirana', false],
    ['arta@@tirana.example', false],
    ['ar ta@tirana.example', false],
    ['arta@tirana .example', false],
    ['arta\u00a0hoxha@tirana.example', false],
    ['.arta@tirana.example', false],
    ['arta.@tirana.example', false],
    ['ar..ta@tirana.example', false],
    ['arta@tirana..example', false],
    ['arta@-tirana.example', false],
    ['arta@tirana-.example', false],
    ['arta@tirana.e', false],
    ['arta@10.0.0.1', false],
    ['"arta"@tirana.example', false],
    ['arta@tirana_city.example', false],
    [`${'a'.repeat(65)}@tirana.example`, false],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}`, true], // 254 characters
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(61)}`, false], // 255 characters
  ])('isEmailAddress(%j) → %s', (value, expected) => {
    expect(isEmailAddress(value)).toBe(expected);
  });

  it.each([
    ['2023-01-17', true, true],
    ['2024-02-29', true, true],
    ['2000-02-29', true, true],
    ['1900-02-29', true, false],
    ['2023-02-29', true, false],
    ['2023-02-30', true, false],
    ['2023-04-31', true, false],
    ['2023-12-31', true, true],
    ['2023-13-01', true, false],
    ['2023-00-10', true, false],
    ['2023-01-00', true, false],
    ['0000-01-01', true, false],
    ['2023-1-17', false, false],
    ['2023/01/17', false, false],
    ['17-01-2023', false, false],
  ])('%s: date-shaped %s, real %s', (value, shaped, real) => {
    expect(looksLikeIsoDate(value)).toBe(shaped);
    if (shaped) expect(isRealIsoDate(value)).toBe(real);
  });

  it.each([
    ['3f2c8a1e-5b7d-4c9a-8e21-0d6f4b3a9c17', true],
    ['3F2C8A1E-5B7D-4C9A-8E21-0D6F4B3A9C17', true],
    ['00000000-0000-0000-0000-000000000000', true],
    ['3f2c8a1e5b7d4c9a8e210d6f4b3a9c17', false],
    ['3f2c8a1e-5b7d-4c9a-8e21-0d6f4b3a9c1g', false],
    ['{3f2c8a1e-5b7d-4c9a-8e21-0d6f4b3a9c17}', false],
  ])('isUuid(%s) → %s', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });

  it.each([
    ['0', 0],
    ['88', 88],
    ['007', 7],
    ['1440', 1440],
    ['1441', -1],
    ['-5', -1],
    ['+5', -1],
    ['1.5', -1],
    ['1e3', -1],
    ['', -1],
    ['9'.repeat(40), -1],
  ])('parseBoundedWholeNumber(%j, 1440) → %d', (value, expected) => {
    expect(parseBoundedWholeNumber(value, 1440)).toBe(expected);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('Arta')).toBe(4);
    expect(codePointLength('ë😀')).toBe(2);
    expect(codePointLength('\ud83d')).toBe(1);
  });
});
