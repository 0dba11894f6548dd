// Reads generated PDFs back inside the test process, the way a person's viewer would:
// the text, the document information, the fonts and images it declares or draws, and the
// QR code on the rendered page. Nothing here calls a system program, so the suite needs
// no poppler or zbar on the machine.
//
//   pdf.js (pdfjs-dist)  text, document information, drawing operations, rasterising
//   @napi-rs/canvas      the canvas pdf.js paints the page onto in Node
//   pdf-lib              the font dictionaries as the file declares them
//   jsqr                 decodes the QR code from the rendered pixels
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import { getDocument, OPS, PDFDateString, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, RenderParameters } from 'pdfjs-dist/types/src/display/api.js';

// jsqr is a CommonJS bundle whose typings describe an ES module: its function is `default`.
const jsQR = jsQRModule.default;

type Bytes = Uint8Array | Buffer;

/** pdf.js draws the 14 standard PDF fonts from the font files it ships. */
const standardFontDataUrl =
  path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

/** pdf.js reports damaged or unreadable content as warnings on `console.warn`, prefixed "Warning:". */
async function withPdfWarnings<T>(work: (warnings: string[]) => Promise<T>): Promise<T> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('Warning:')) warnings.push(line);
    else original(...args);
  };
  try {
    return await work(warnings);
  } finally {
    console.warn = original;
  }
}

async function open<T>(pdf: Bytes, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl,
    verbosity: VerbosityLevel.WARNINGS,
    isEvalSupported: false,
  });
  const doc = await task.promise;
  try {
    return await use(doc);
  } finally {
    await task.destroy();
  }
}

/** The text of every page in reading order, one line per text line, pages separated by a form feed. */
export async function pdfText(pdf: Bytes): Promise<string> {
  return open(pdf, async (doc) => {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text);
    }
    return pages.join('\f');
  });
}

/**
 * The document information dictionary and page count, under pdfinfo's names:
 * `Title`, `Author`, `Subject`, `Creator`, `Producer`, `CreationDate` and `ModDate`
 * (ISO 8601 in UTC, like `pdfinfo -isodates`), `Pages`.
 */
export async function pdfInfo(pdf: Bytes): Promise<Record<string, string>> {
  return open(pdf, async (doc) => {
    const info: Record<string, unknown> = { ...(await doc.getMetadata()).info };
    const out: Record<string, string> = {};
    for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
      if (typeof info[key] === 'string') out[key] = info[key] as string;
    }
    for (const key of ['CreationDate', 'ModDate']) {
      const date = typeof info[key] === 'string' ? PDFDateString.toDateObject(info[key] as string) : null;
      if (date) out[key] = date.toISOString().replace(/\.000Z$/, 'Z');
    }
    out.Pages = String(doc.numPages);
    return out;
  });
}

/** Every image the pages draw (image XObjects, inline images and image masks), as operator names. */
export async function pdfImages(pdf: Bytes): Promise<string[]> {
  const imageOps = new Map<number, string>(
    Object.entries(OPS).filter(([name]) => /^paint.*Image/.test(name)).map(([name, code]) => [code as number, name]),
  );
  return open(pdf, async (doc) => {
    const drawn: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { fnArray } = await (await doc.getPage(n)).getOperatorList();
      for (const op of fnArray) if (imageOps.has(op)) drawn.push(imageOps.get(op)!);
    }
    return drawn;
  });
}

const FONT_TYPES: Record<string, string> = {
  Type1: 'Type 1',
  MMType1: 'Type 1',
  TrueType: 'TrueType',
  Type3: 'Type 3',
  CIDFontType0: 'CID Type 0',
  CIDFontType2: 'CID TrueType',
};

function nameOf(dict: PDFDict | undefined, key: string): string | undefined {
  const value = dict?.lookup(PDFName.of(key));
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/**
 * The fonts the pages use, one row per font object in the columns of `pdffonts`:
 * name, type, encoding, then "yes"/"no" for embedded, subset and ToUnicode map,
 * separated by runs of spaces (e.g. `ABCDEF+DejaVuSans  CID TrueType  Identity-H  yes yes yes`).
 */
export async function pdfFonts(pdf: Bytes): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const seen = new Set<string>();
  const rows: string[] = [];
  const visit = (resources: PDFDict | undefined, depth: number) => {
    const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const key = ref instanceof PDFRef ? ref.toString() : `direct-${rows.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const font = doc.context.lookup(ref, PDFDict);
      const subtype = nameOf(font, 'Subtype') ?? '?';
      const descendant = subtype === 'Type0' ? font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict) : undefined;
      const descriptor = (descendant ?? font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const name = nameOf(font, 'BaseFont') ?? '[none]';
      const type = FONT_TYPES[descendant ? (nameOf(descendant, 'Subtype') ?? '?') : subtype] ?? subtype;
      const encoding = nameOf(font, 'Encoding') ?? (font.has(PDFName.of('Encoding')) ? 'Custom' : 'Builtin');
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
      const subset = /^[A-Z]{6}\+/.test(name);
      const unicode = font.has(PDFName.of('ToUnicode'));
      const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
      rows.push(`${name}  ${type}  ${encoding}  ${yesNo(embedded)} ${yesNo(subset)} ${yesNo(unicode)}`);
    }
    // Form XObjects carry resources of their own.
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const stream = doc.context.lookup(ref);
      if (depth < 8 && stream instanceof PDFStream && nameOf(stream.dict, 'Subtype') === 'Form') {
        visit(stream.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), depth + 1);
      }
    }
  };
  for (const page of doc.getPages()) visit(page.node.Resources(), 0);
  return rows;
}

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  data: Uint8ClampedArray;
  /** What pdf.js complained about while reading and painting the page (missing fonts, bad streams…). */
  warnings: string[];
}

/** Paints one page (1-based) onto a white canvas at the given resolution, like `pdftoppm -r`. */
export async function renderPage(pdf: Bytes, { page = 1, dpi = 150 } = {}): Promise<RenderedPage> {
  return withPdfWarnings((warnings) =>
    open(pdf, async (doc) => {
      const proxy = await doc.getPage(page);
      const viewport = proxy.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await proxy.render({ canvas: canvas as unknown as RenderParameters['canvas'], viewport }).promise;
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      return { width: image.width, height: image.height, data: image.data, warnings };
    }),
  );
}

/** The text of the QR code found in a rendered page, or null when none can be read. */
export function decodeQr(image: Pick<RenderedPage, 'width' | 'height' | 'data'>): string | null {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
