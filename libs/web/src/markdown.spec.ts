import { lessonHtml } from './markdown.js';

describe('lesson Markdown', () => {
  it('renders the subset the course content uses', () => {
    const html = lessonHtml('## Rights\n\n- **one**\n- *two*\n\n> quoted\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[WCAG](https://www.w3.org/WAI/)');
    expect(html).toContain('<h2>Rights</h2>');
    expect(html).toContain('<strong>one</strong>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<div class="table-wrap" tabindex="0"><table class="table">');
    expect(html).toContain('<a href="https://www.w3.org/WAI/">WCAG</a>');
  });

  it('never lets markup or script addresses through', () => {
    const html = lessonHtml('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain('&lt;script&gt;');
  });
});
