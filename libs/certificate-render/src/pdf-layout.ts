/**
 * Lays certificate blocks out on one A4 landscape page with pdfkit: a
 * decorative double border, the blocks centred in a column, and the QR code
 * with its caption (the `verify:` lines) in the bottom right corner.
 */
import PDFDocument from 'pdfkit';
import type { Block } from './markup.js';
import { certificateFonts } from './fonts.js';
import { qrShape, QR_QUIET_ZONE } from './qr.js';

export interface PdfPage {
  blocks: Block[];
  language: string;
  verificationUrl: string;
  /** Document information dictionary. */
  title: string;
  author: string;
  subject: string;
  /** Document information Keywords, when there is something to say (untranslated texts). */
  keywords?: string;
  createdAt: Date;
}

const PAGE = { width: 841.89, height: 595.28 };
const COLOURS = { ink: '#1d2b3a', accent: '#1f4e79', gold: '#b3893b', muted: '#56626c' };
const CONTENT = { left: 80, right: PAGE.width - 80, top: 64 };
const QR = { side: 80, right: PAGE.width - 62, bottom: PAGE.height - 58, captionWidth: 280, captionSize: 7.5 };
const REGULAR = 'regular';
const BOLD = 'bold';

interface Style {
  font: typeof REGULAR | typeof BOLD;
  size: number;
  colour: string;
  after: number;
  lineGap: number;
}

const STYLES: Record<'title' | 'subtitle' | 'name' | 'text' | 'list' | 'small', Style> = {
  title: { font: BOLD, size: 30, colour: COLOURS.accent, after: 16, lineGap: 0 },
  subtitle: { font: REGULAR, size: 14, colour: COLOURS.muted, after: 10, lineGap: 1 },
  name: { font: BOLD, size: 26, colour: COLOURS.ink, after: 10, lineGap: 0 },
  text: { font: REGULAR, size: 12.5, colour: COLOURS.ink, after: 7, lineGap: 2 },
  list: { font: REGULAR, size: 10.5, colour: COLOURS.ink, after: 8, lineGap: 1.5 },
  small: { font: REGULAR, size: 9, colour: COLOURS.muted, after: 4, lineGap: 1 },
};
const SPACER = 12;
/** Below this scale a long module list is packed into shared lines instead. */
const MIN_LIST_SCALE = 0.7;
const LIST_SEPARATOR = '  ·  ';

type StyleName = keyof typeof STYLES;

/** A block ready to measure: one list item per line, or a packed list with several items per line. */
type Run = { kind: 'spacer' } | { kind: StyleName; text: string } | { kind: 'packed'; items: string[] };

/** A run measured at a scale: the text to print and the height it takes, gap included. */
interface Placed {
  style?: StyleName;
  text: string;
  height: number;
}

function runsOf(blocks: Block[], packLists: boolean): Run[] {
  const runs: Run[] = [];
  for (const block of blocks) {
    if (block.type === 'verify') continue;
    if (block.type === 'spacer') runs.push({ kind: 'spacer' });
    else if (block.type !== 'list') runs.push({ kind: block.type, text: block.text });
    else if (packLists) runs.push({ kind: 'packed', items: block.items });
    else for (const item of block.items) runs.push({ kind: 'list', text: item });
  }
  return runs;
}

type Doc = PDFKit.PDFDocument;

function textOptions(style: Style, scale: number, width: number): PDFKit.Mixins.TextOptions {
  return { width, align: 'center', lineGap: style.lineGap * scale };
}

/** Fills lines with whole items (in the current font); an item wider than the column wraps alone. */
function packItems(doc: Doc, items: string[], width: number): string {
  const separator = doc.widthOfString(LIST_SEPARATOR);
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const item of items) {
    const itemWidth = doc.widthOfString(item);
    if (line !== '' && lineWidth + separator + itemWidth <= width * 0.98) {
      line += LIST_SEPARATOR + item;
      lineWidth += separator + itemWidth;
    } else {
      if (line !== '') lines.push(line);
      line = item;
      lineWidth = itemWidth;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Measures every run at a scale; list items sit close together, with the list's gap after the last one. */
function measure(doc: Doc, runs: Run[], scale: number, width: number): Placed[] {
  return runs.map((run, i) => {
    if (run.kind === 'spacer') return { text: '', height: SPACER * scale };
    const name: StyleName = run.kind === 'packed' ? 'list' : run.kind;
    const style = STYLES[name];
    doc.font(style.font).fontSize(style.size * scale);
    const text = run.kind === 'packed' ? packItems(doc, run.items, width) : run.text;
    const height = doc.heightOfString(text, textOptions(style, scale, width));
    const inList = run.kind === 'list' && runs[i + 1]?.kind === 'list';
    return { style: name, text, height: height + (inList ? 0 : style.after * scale) };
  });
}

const totalHeight = (placed: Placed[]) => placed.reduce((sum, run) => sum + run.height, 0);

/** Chooses the largest scale (at most 1) at which the blocks fit the available height. */
function fit(doc: Doc, blocks: Block[], available: number, width: number): { scale: number; placed: Placed[] } {
  let result = { scale: 1, placed: [] as Placed[] };
  for (const packLists of [false, true]) {
    const runs = runsOf(blocks, packLists);
    let scale = 1;
    let placed = measure(doc, runs, scale, width);
    for (let attempt = 0; attempt < 3 && totalHeight(placed) > available; attempt++) {
      scale *= (available / totalHeight(placed)) * 0.98;
      placed = measure(doc, runs, scale, width);
    }
    result = { scale, placed };
    if (scale >= MIN_LIST_SCALE) break;
  }
  return result;
}

function drawBorder(doc: Doc): void {
  const outer = 18;
  const inner = 27;
  doc.lineWidth(2.5).strokeColor(COLOURS.accent);
  doc.rect(outer, outer, PAGE.width - 2 * outer, PAGE.height - 2 * outer).stroke();
  doc.lineWidth(0.8).strokeColor(COLOURS.gold);
  doc.rect(inner, inner, PAGE.width - 2 * inner, PAGE.height - 2 * inner).stroke();
  // A small diamond on each corner of the inner frame.
  const d = 5;
  for (const [x, y] of [
    [inner, inner],
    [PAGE.width - inner, inner],
    [inner, PAGE.height - inner],
    [PAGE.width - inner, PAGE.height - inner],
  ]) {
    doc.polygon([x, y - d], [x + d, y], [x, y + d], [x - d, y]);
  }
  doc.fillColor(COLOURS.gold).fill();
}

/** Draws the QR code and its caption; returns the top of the footer area. */
function drawVerification(doc: Doc, url: string, caption: string[]): number {
  const shape = qrShape(url);
  const moduleSize = QR.side / shape.size;
  doc.font(REGULAR).fontSize(QR.captionSize);
  const captionOptions = { width: QR.captionWidth, align: 'right' as const, lineGap: 1 };
  const captionText = caption.join('\n');
  const captionHeight = caption.length > 0 ? doc.heightOfString(captionText, captionOptions) : 0;
  const gap = caption.length > 0 ? QR_QUIET_ZONE * moduleSize : 0;
  const qrLeft = QR.right - QR.side;
  const qrTop = QR.bottom - captionHeight - gap - QR.side;
  for (const [x, y, w, h] of shape.rects) {
    doc.rect(qrLeft + x * moduleSize, qrTop + y * moduleSize, w * moduleSize, h * moduleSize);
  }
  doc.fillColor('#000000').fill();
  if (caption.length > 0) {
    doc.fillColor(COLOURS.muted).text(captionText, QR.right - QR.captionWidth, qrTop + QR.side + gap, captionOptions);
  }
  return qrTop - QR_QUIET_ZONE * moduleSize;
}

function drawRuns(doc: Doc, layout: ReturnType<typeof fit>, top: number, available: number, width: number): void {
  const { scale, placed } = layout;
  let y = top + Math.max(0, available - totalHeight(placed)) * 0.4;
  for (const run of placed) {
    if (run.style) {
      const style = STYLES[run.style];
      doc.font(style.font).fontSize(style.size * scale).fillColor(style.colour);
      doc.text(run.text, CONTENT.left, y, textOptions(style, scale, width));
      if (run.style === 'title') {
        const ruleY = y + run.height - (style.after * scale) / 2;
        const centre = (CONTENT.left + CONTENT.right) / 2;
        doc.moveTo(centre - 70, ruleY).lineTo(centre + 70, ruleY).lineWidth(1).strokeColor(COLOURS.gold).stroke();
      }
    }
    y += run.height;
  }
}

/** Renders one certificate page and returns the complete PDF file. */
export function layoutPdf(page: PdfPage): Promise<Buffer> {
  const fonts = certificateFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default font: the certificate only uses the embedded DejaVu Sans.
    font: null as unknown as string,
    lang: page.language,
    displayTitle: true,
    info: {
      Title: page.title,
      Author: page.author,
      Subject: page.subject,
      ...(page.keywords ? { Keywords: page.keywords } : {}),
      Creator: 'Digital Rights Academy',
      Producer: 'Digital Rights Academy',
      CreationDate: page.createdAt,
      ModDate: page.createdAt,
    },
  });
  // pdfkit accepts a fontkit font object where its types only list file sources.
  doc.registerFont(REGULAR, fonts.regular as unknown as Buffer);
  doc.registerFont(BOLD, fonts.bold as unknown as Buffer);

  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawBorder(doc);
  const caption = page.blocks.flatMap((block) => (block.type === 'verify' ? [block.text] : []));
  const bottom = drawVerification(doc, page.verificationUrl, caption);
  const width = CONTENT.right - CONTENT.left;
  const available = bottom - CONTENT.top;
  drawRuns(doc, fit(doc, page.blocks, available, width), CONTENT.top, available, width);
  doc.end();
  return done;
}
