import { readFileSync } from 'node:fs';
import { FONT_FILES, pdfkitFontkit } from './fonts.js';
import { TrueTypeSubset, TrueTypeTables } from './truetype-subset.js';

interface ParsedGlyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
}
interface ParsedFont {
  numGlyphs: number;
  glyphsForString(text: string): ParsedGlyph[];
  getGlyph(id: number): ParsedGlyph;
}

const fontkit = pdfkitFontkit() as unknown as { create(bytes: Uint8Array): ParsedFont };

describe.each([
  ['regular', FONT_FILES.regular],
  ['bold', FONT_FILES.bold],
])('TrueTypeSubset (%s)', (_weight, path) => {
  const bytes = readFileSync(path);
  const original = fontkit.create(bytes);
  const tables = new TrueTypeTables(bytes);
  // Albanian, Cyrillic and Greek letters; several accented ones are composite glyphs in DejaVu.
  const glyphs = original.glyphsForString('Ëndrra Çela Стефка Петрова Γεώργιος ÉÖŽ');

  it('keeps every included glyph outline and advance under its new id', () => {
    const subset = new TrueTypeSubset(tables);
    const ids = glyphs.map((glyph) => subset.includeGlyph(glyph.id));
    const parsed = fontkit.create(subset.encode());

    glyphs.forEach((glyph, i) => {
      const copy = parsed.getGlyph(ids[i]);
      expect(copy.path.toSVG()).toBe(glyph.path.toSVG());
      expect(copy.advanceWidth).toBe(glyph.advanceWidth);
    });
  });

  it('numbers glyphs in first-use order after .notdef and pulls in composite components', () => {
    const subset = new TrueTypeSubset(tables);
    const first = subset.includeGlyph(glyphs[0].id);
    expect(first).toBe(1);
    expect(subset.includeGlyph(glyphs[0].id)).toBe(1);

    const composites = glyphs.filter((glyph) => tables.glyph(glyph.id).components.length > 0);
    expect(composites.length).toBeGreaterThan(0);
    const distinct = new Set(glyphs.map((glyph) => glyph.id));
    for (const glyph of glyphs) subset.includeGlyph(glyph.id);
    const parsed = fontkit.create(subset.encode());
    // .notdef + the distinct glyphs + components that were not drawn themselves
    expect(parsed.numGlyphs).toBeGreaterThan(distinct.size + 1);
  });

  it('writes a well-formed font file whose checksum adjustment balances to 0xB1B0AFBA', () => {
    const subset = new TrueTypeSubset(tables);
    for (const glyph of glyphs) subset.includeGlyph(glyph.id);
    const font = subset.encode();
    const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
    expect(font.length % 4).toBe(0);
    let sum = 0;
    for (let i = 0; i < font.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });
});
