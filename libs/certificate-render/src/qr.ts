/** QR codes as vector rectangles, shared by the PDF and the HTML view. */
import QRCode from 'qrcode';

/** Dark runs of the symbol in module units: each rect is [x, y, width, height]. */
export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  rects: [x: number, y: number, width: number, height: number][];
}

/** Encodes text with error correction level M and merges the dark modules of each row into runs. */
export function qrShape(text: string): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const data = modules.data;
  const rects: QrShape['rects'] = [];
  for (let y = 0; y < size; y++) {
    const row = y * size;
    let x = 0;
    while (x < size) {
      if (!data[row + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[row + x]) x++;
      rects.push([start, y, x - start, 1]);
    }
  }
  return { size, rects };
}

/** The quiet zone the QR specification asks for around the symbol, in modules. */
export const QR_QUIET_ZONE = 4;
