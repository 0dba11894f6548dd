import { sniffEvidenceFile } from './file-type.js';

describe('evidence file type', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['an executable renamed .pdf', Buffer.from('MZ\x90\x00'), null],
    ['HTML', Buffer.from('<html><script>alert(1)</script>'), null],
    ['empty', Buffer.alloc(0), null],
  ])('%s → %s', (_name, bytes, expected) => {
    expect(sniffEvidenceFile(bytes)).toBe(expected);
  });
});
