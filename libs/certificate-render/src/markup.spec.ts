import { MarkupError, parseBlocks } from './markup.js';

describe('parseBlocks', () => {
  it('turns each line into a block and groups consecutive list lines', () => {
    const blocks = parseBlocks(
      [
        'title: Certificate of Completion',
        '',
        '  subtitle:   Digital   Rights Academy  ',
        'name: Ëndrra Çela',
        'list: DHR-INTRO – Introduction',
        'list: DHR-PRIVACY – Privacy',
        'spacer:',
        'list: Another list',
        'small: fine print',
        'verify: https://example.org/v/1',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { type: 'title', text: 'Certificate of Completion' },
      { type: 'subtitle', text: 'Digital Rights Academy' },
      { type: 'name', text: 'Ëndrra Çela' },
      { type: 'list', items: ['DHR-INTRO – Introduction', 'DHR-PRIVACY – Privacy'] },
      { type: 'spacer' },
      { type: 'list', items: ['Another list'] },
      { type: 'small', text: 'fine print' },
      { type: 'verify', text: 'https://example.org/v/1' },
    ]);
  });

  it('keeps colons inside the text and drops blocks whose text is empty', () => {
    expect(parseBlocks('text: Code: K7QP\ntext:   \r\nsmall:')).toEqual([{ type: 'text', text: 'Code: K7QP' }]);
  });

  it.each([
    ['an unknown type', 'title: A\nheadline: B', 2, /unknown block type "headline" \(known types: title, subtitle/],
    ['a line without a type', 'title: A\n\nJust some words', 3, /expected "type: text", got "Just some words"/],
    ['text after spacer', 'spacer: big', 1, /"spacer:" line takes no text/],
  ])('rejects %s with the line number', (_case, markup, line, message) => {
    let error: unknown;
    try {
      parseBlocks(markup);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MarkupError);
    expect((error as MarkupError).line).toBe(line);
    expect((error as MarkupError).message).toMatch(message);
  });
});
