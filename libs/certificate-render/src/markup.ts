/**
 * The line-oriented block markup that certificate templates produce.
 *
 * Every non-blank line of a rendered template is one block, written as
 * `type: text`. Consecutive `list:` lines form a single list. Blank lines are
 * ignored, surrounding whitespace is trimmed and inner runs of whitespace
 * collapse to one space. A block whose text ends up empty (e.g. `text:` with
 * a false `{{#if}}` inside) is dropped, so templates can use inline
 * conditionals. See certificates/README.md for the meaning of each type.
 */

export const BLOCK_TYPES = ['title', 'subtitle', 'name', 'text', 'list', 'small', 'spacer', 'verify'] as const;

export type BlockType = (typeof BLOCK_TYPES)[number];
export type TextBlockType = Exclude<BlockType, 'list' | 'spacer'>;

export type Block =
  | { type: TextBlockType; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'spacer' };

/** A markup line that cannot be understood; `line` is 1-based within the parsed text. */
export class MarkupError extends Error {
  constructor(
    readonly line: number,
    readonly lineText: string,
    readonly reason: string,
    readonly blockType?: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'MarkupError';
  }
}

const LINE = /^([A-Za-z][\w-]*)[ \t]*:(.*)$/;
const KNOWN = new Set<string>(BLOCK_TYPES);

function isBlockType(type: string): type is BlockType {
  return KNOWN.has(type);
}

/** Turns rendered template text into blocks. Throws MarkupError on the first bad line. */
export function parseBlocks(markup: string): Block[] {
  const blocks: Block[] = [];
  const lines = markup.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (raw === '') continue;
    const match = LINE.exec(raw);
    if (!match) {
      throw new MarkupError(index + 1, raw, `expected "type: text", got "${raw}"`);
    }
    const type = match[1];
    const text = match[2].replace(/\s+/g, ' ').trim();
    if (!isBlockType(type)) {
      const known = BLOCK_TYPES.join(', ');
      throw new MarkupError(index + 1, raw, `unknown block type "${type}" (known types: ${known})`, type);
    }
    if (type === 'spacer') {
      if (text !== '') throw new MarkupError(index + 1, raw, 'a "spacer:" line takes no text', type);
      blocks.push({ type });
      continue;
    }
    if (text === '') continue;
    if (type === 'list') {
      const previous = blocks.at(-1);
      if (previous?.type === 'list') previous.items.push(text);
      else blocks.push({ type, items: [text] });
      continue;
    }
    blocks.push({ type, text });
  }
  return blocks;
}
