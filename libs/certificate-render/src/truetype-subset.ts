/**
 * A fast TrueType subsetter for pdfkit's embedded fonts.
 *
 * pdfkit asks the font object for `createSubset()` once per document and then
 * calls `includeGlyph(gid)` for every glyph drawn and `encode()` when the
 * document ends. fontkit's own subsetter re-decodes every glyph and re-encodes
 * the hinting tables through its generic struct encoder for every document,
 * which is most of the time spent on a certificate. This one parses the font
 * file's tables once ({@link TrueTypeTables}), caches each glyph's raw bytes
 * and composite references, and writes the subset font with plain byte copies.
 *
 * The output holds the tables a PDF needs for a CIDFontType2 font (head, hhea,
 * maxp, loca, glyf, hmtx and, when present, cvt, fpgm, prep) with glyphs
 * renumbered in first-use order, glyph 0 (.notdef) first, like fontkit's.
 */

interface TableRecord {
  offset: number;
  length: number;
}

interface GlyphData {
  bytes: Uint8Array;
  /** Byte offsets (within `bytes`) of composite component glyph ids, and those ids. */
  components: { at: number; gid: number }[];
  advance: number;
  leftBearing: number;
}

// Composite glyph flags (OpenType 'glyf' table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

const COPIED_TABLES = ['cvt ', 'fpgm', 'prep'];

/** The parts of a TrueType font file a subset is built from; parse once per font. */
export class TrueTypeTables {
  private readonly file: Uint8Array;
  private readonly view: DataView;
  private readonly tables = new Map<string, TableRecord>();
  private readonly glyphCache = new Map<number, GlyphData>();
  private readonly longLoca: boolean;
  private readonly numGlyphs: number;
  private readonly numberOfHMetrics: number;
  /** The tables copied into every subset, sliced once. */
  readonly shared: { head: Uint8Array; hhea: Uint8Array; maxp: Uint8Array; copied: Map<string, Uint8Array> };

  constructor(file: Uint8Array) {
    // A plain Uint8Array view, so slice() copies (Buffer#slice would share memory).
    this.file = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
    this.view = viewOf(this.file);
    const version = this.view.getUint32(0);
    if (version !== 0x00010000 && version !== 0x74727565) {
      throw new Error('not a TrueType font with glyf outlines');
    }
    const count = this.view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(...this.file.subarray(at, at + 4));
      this.tables.set(tag, { offset: this.view.getUint32(at + 8), length: this.view.getUint32(at + 12) });
    }
    for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx']) {
      if (!this.tables.has(tag)) throw new Error(`TrueType font lacks the '${tag}' table`);
    }
    this.longLoca = this.view.getInt16(this.table('head').offset + 50) === 1;
    this.numGlyphs = this.view.getUint16(this.table('maxp').offset + 4);
    this.numberOfHMetrics = this.view.getUint16(this.table('hhea').offset + 34);
    const copied = new Map<string, Uint8Array>();
    for (const tag of COPIED_TABLES) {
      const bytes = this.tableBytes(tag);
      if (bytes) copied.set(tag, bytes);
    }
    this.shared = { head: this.tableBytes('head')!, hhea: this.tableBytes('hhea')!, maxp: this.tableBytes('maxp')!, copied };
  }

  private table(tag: string): TableRecord {
    return this.tables.get(tag)!;
  }

  /** A copy of a whole table, or undefined when the font has none. */
  tableBytes(tag: string): Uint8Array | undefined {
    const record = this.tables.get(tag);
    return record && this.file.slice(record.offset, record.offset + record.length);
  }

  glyph(gid: number): GlyphData {
    let glyph = this.glyphCache.get(gid);
    if (!glyph) {
      glyph = this.readGlyph(gid);
      this.glyphCache.set(gid, glyph);
    }
    return glyph;
  }

  private readGlyph(gid: number): GlyphData {
    if (gid < 0 || gid >= this.numGlyphs) throw new RangeError(`glyph id ${gid} out of range`);
    const loca = this.table('loca').offset;
    const start = this.longLoca ? this.view.getUint32(loca + gid * 4) : this.view.getUint16(loca + gid * 2) * 2;
    const end = this.longLoca ? this.view.getUint32(loca + gid * 4 + 4) : this.view.getUint16(loca + gid * 2 + 2) * 2;
    const glyf = this.table('glyf').offset;
    const bytes = this.file.slice(glyf + start, glyf + end);
    const components: GlyphData['components'] = [];
    if (bytes.length >= 10 && this.view.getInt16(glyf + start) < 0) {
      let at = 10;
      let flags: number;
      do {
        flags = (bytes[at] << 8) | bytes[at + 1];
        components.push({ at: at + 2, gid: (bytes[at + 2] << 8) | bytes[at + 3] });
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) at += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      } while (flags & MORE_COMPONENTS);
    }
    const hmtx = this.table('hmtx').offset;
    const metric = Math.min(gid, this.numberOfHMetrics - 1);
    const advance = this.view.getUint16(hmtx + metric * 4);
    const leftBearing =
      gid < this.numberOfHMetrics
        ? this.view.getInt16(hmtx + gid * 4 + 2)
        : this.view.getInt16(hmtx + this.numberOfHMetrics * 4 + (gid - this.numberOfHMetrics) * 2);
    return { bytes, components, advance, leftBearing };
  }
}

const pad4 = (n: number) => (n + 3) & ~3;
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function checksum(bytes: Uint8Array): number {
  const view = viewOf(bytes);
  let sum = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < bytes.length ? bytes[i] : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** One document's subset: the interface pdfkit's EmbeddedFont uses. */
export class TrueTypeSubset {
  private readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly font: TrueTypeTables) {
    this.includeGlyph(0);
  }

  /** Adds a glyph (by original id) and returns its id in the subset. */
  includeGlyph(glyph: number | { id: number }): number {
    const gid = typeof glyph === 'number' ? glyph : glyph.id;
    let mapped = this.mapping.get(gid);
    if (mapped === undefined) {
      mapped = this.glyphs.length;
      this.glyphs.push(gid);
      this.mapping.set(gid, mapped);
    }
    return mapped;
  }

  encode(): Uint8Array {
    // Composite glyphs pull in their components, which may grow the list while we walk it.
    const outlines: Uint8Array[] = [];
    for (let i = 0; i < this.glyphs.length; i++) {
      const glyph = this.font.glyph(this.glyphs[i]);
      let bytes = glyph.bytes;
      if (glyph.components.length > 0) {
        bytes = bytes.slice();
        for (const { at, gid } of glyph.components) {
          const mapped = this.includeGlyph(gid);
          bytes[at] = mapped >> 8;
          bytes[at + 1] = mapped & 0xff;
        }
      }
      outlines.push(bytes);
    }
    const count = this.glyphs.length;

    const glyfLength = outlines.reduce((sum, bytes) => sum + pad4(bytes.length), 0);
    const glyf = new Uint8Array(glyfLength);
    const loca = new Uint8Array((count + 1) * 4);
    const locaView = viewOf(loca);
    const hmtx = new Uint8Array(count * 4);
    const hmtxView = viewOf(hmtx);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      glyf.set(outlines[i], offset);
      locaView.setUint32(i * 4, offset);
      offset += pad4(outlines[i].length);
      const { advance, leftBearing } = this.font.glyph(this.glyphs[i]);
      hmtxView.setUint16(i * 4, advance);
      hmtxView.setInt16(i * 4 + 2, leftBearing);
    }
    locaView.setUint32(count * 4, offset);

    const { head: sourceHead, hhea: sourceHhea, maxp: sourceMaxp, copied } = this.font.shared;
    const head = sourceHead.slice();
    const headView = viewOf(head);
    headView.setUint32(8, 0); // checkSumAdjustment, set once the whole file is known
    headView.setInt16(50, 1); // long loca offsets
    const hhea = sourceHhea.slice();
    viewOf(hhea).setUint16(34, count);
    const maxp = sourceMaxp.slice();
    viewOf(maxp).setUint16(4, count);

    const tables = new Map<string, Uint8Array>([...copied, ['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp]]);
    const tags = [...tables.keys()].sort();
    return assemble(tags, tables);
  }
}

/** Writes the table directory and the 4-byte aligned tables, then fixes head.checkSumAdjustment. */
function assemble(tags: string[], tables: Map<string, Uint8Array>): Uint8Array {
  const numTables = tags.length;
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const directoryLength = 12 + numTables * 16;
  const total = tags.reduce((sum, tag) => sum + pad4(tables.get(tag)!.length), directoryLength);
  const out = new Uint8Array(total);
  const view = viewOf(out);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, numTables);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, numTables * 16 - searchRange);
  let offset = directoryLength;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const bytes = tables.get(tag)!;
    const record = 12 + i * 16;
    for (let c = 0; c < 4; c++) out[record + c] = tag.charCodeAt(c);
    view.setUint32(record + 4, checksum(bytes));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, bytes.length);
    out.set(bytes, offset);
    if (tag === 'head') headOffset = offset;
    offset += pad4(bytes.length);
  });
  const adjustment = (0xb1b0afba - checksum(out)) >>> 0;
  view.setUint32(headOffset + 8, adjustment);
  return out;
}
