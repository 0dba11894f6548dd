import { REVOCATION_REASON_LABELS, REVOCATION_REASONS, revocationOf } from './revocation.js';

describe('revocationOf', () => {
  it('keeps a listed reason and its note', () => {
    expect(revocationOf('issued_in_error', '  typed for the wrong session ')).toEqual({ reason: 'issued_in_error', note: 'typed for the wrong session' });
    expect(revocationOf('other')).toEqual({ reason: 'other', note: null });
  });

  it('takes a free text (as sent before the list) as the private note, published as other', () => {
    expect(revocationOf('Issued to the wrong person')).toEqual({ reason: 'other', note: 'Issued to the wrong person' });
  });

  it('refuses a free text next to a note, naming the field', () => {
    expect(() => revocationOf('wrong person', 'details')).toThrow(/^reason: must be one of issued_in_error/);
  });

  it('words every reason', () => {
    for (const reason of REVOCATION_REASONS) expect(REVOCATION_REASON_LABELS[reason]).toMatch(/^[A-Z]/);
  });
});
