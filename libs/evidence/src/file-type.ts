/** What an uploaded file really is, by its first bytes — never by its name or declared type. */
export type EvidenceFileType = 'application/pdf' | 'image/png' | 'image/jpeg';

export function sniffEvidenceFile(content: Buffer): EvidenceFileType | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}
