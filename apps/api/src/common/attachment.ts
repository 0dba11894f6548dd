import { StreamableFile } from '@nestjs/common';

/**
 * A file answered as a download: its type, its length, and a file name the
 * Content-Disposition header can carry (quotes, backslashes and line breaks replaced).
 * Used by the API and the pages alike (certificate PDFs, evidence files).
 */
export function attachment(content: Buffer, type: string, filename: string): StreamableFile {
  return new StreamableFile(content, {
    type,
    disposition: `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`,
    length: content.length,
  });
}
