/**
 * The certificate typeface: DejaVu Sans, which covers Latin (including
 * Albanian ë and ç), Cyrillic and Greek.
 *
 * Building a PDF font from TTF bytes costs about 15 ms per document (pdfkit
 * parses the file with fontkit and the layout engine re-reads GSUB/GPOS for
 * every new font object). pdfkit also accepts an already created fontkit font,
 * so the files are read and parsed once per process and the same font objects
 * are handed to every document. Two per-document costs are trimmed further:
 *
 * - Subsetting stays per document (each document asks the font for a fresh
 *   subset holding only the glyphs it drew) but uses the cached subsetter in
 *   truetype-subset.ts instead of fontkit's.
 * - Shaping: pdfkit caches shaped words per document only, yet most words of
 *   a certificate come from the template and repeat across documents. Shaped
 *   words are kept per font (bounded) and every caller gets fresh position
 *   objects, because pdfkit scales them in place.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TrueTypeSubset, TrueTypeTables } from './truetype-subset.js';

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface GlyphRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: GlyphPosition[];
  readonly advanceWidth: number;
}

/** The part of a fontkit font this library relies on. */
export interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  layout(text: string, features?: unknown, ...more: unknown[]): GlyphRun;
  createSubset(): unknown;
}

interface Fontkit {
  create(data: Uint8Array): FontkitFont;
}

export interface CertificateFonts {
  regular: FontkitFont;
  bold: FontkitFont;
}

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** fontkit exactly as pdfkit resolves it, so the font objects are the kind pdfkit expects. */
export function pdfkitFontkit(): Fontkit {
  return createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
}

/** Shaped words kept per font; the cache starts over when full (names keep adding new words). */
const MAX_SHAPED_WORDS = 20_000;

/** A copy of a cached shaping result; positions are new objects, glyphs are shared. */
class ShapedRun implements GlyphRun {
  readonly positions: GlyphPosition[];

  constructor(
    readonly glyphs: GlyphRun['glyphs'],
    positions: readonly GlyphPosition[],
  ) {
    this.positions = positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset }));
  }

  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

function cacheShaping(font: FontkitFont): void {
  const shape = font.layout.bind(font);
  const shaped = new Map<string, ShapedRun>();
  const layout = (text: string, features?: unknown, ...more: unknown[]): GlyphRun => {
    if (features !== undefined || more.length > 0) return shape(text, features, ...more);
    let run = shaped.get(text);
    if (!run) {
      const fresh = shape(text);
      run = new ShapedRun(fresh.glyphs, fresh.positions);
      if (shaped.size >= MAX_SHAPED_WORDS) shaped.clear();
      shaped.set(text, run);
    }
    return new ShapedRun(run.glyphs, run.positions);
  };
  Object.defineProperty(font, 'layout', { value: layout });
}

function openFont(fontkit: Fontkit, path: string): FontkitFont {
  const bytes = readFileSync(path);
  const font = fontkit.create(bytes);
  const tables = new TrueTypeTables(bytes);
  // pdfkit calls createSubset() once per document; give it the cached subsetter.
  Object.defineProperty(font, 'createSubset', { value: () => new TrueTypeSubset(tables) });
  cacheShaping(font);
  font.layout('Ready'); // the first shaping call reads the GSUB/GPOS tables; do it now
  return font;
}

let fonts: CertificateFonts | undefined;

/** The parsed fonts, loaded on first use and shared by all documents. */
export function certificateFonts(): CertificateFonts {
  if (!fonts) {
    const fontkit = pdfkitFontkit();
    fonts = { regular: openFont(fontkit, FONT_FILES.regular), bold: openFont(fontkit, FONT_FILES.bold) };
  }
  return fonts;
}
