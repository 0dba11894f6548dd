import MarkdownIt from 'markdown-it';

/**
 * Lesson bodies are Markdown (the subset libs/course-content describes). markdown-it with raw
 * HTML off escapes any tag, and its link check drops `javascript:` and similar addresses; a
 * table is wrapped so it scrolls on its own (and can be reached by keyboard) on a phone.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.renderer.rules.table_open = () => '<div class="table-wrap" tabindex="0"><table class="table">\n';
md.renderer.rules.table_close = () => '</table></div>\n';

/** The HTML of a lesson's Markdown body (safe to insert unescaped). */
export function lessonHtml(markdown: string): string {
  return md.render(markdown);
}
