/**
 * The web view of a certificate: one self-contained, accessible HTML page
 * built from the same blocks as the PDF. Every piece of text is escaped.
 */
import type { Block } from './markup.js';
import { qrShape, QR_QUIET_ZONE } from './qr.js';

export interface HtmlPage {
  blocks: Block[];
  language: string;
  /** The page title. */
  title: string;
  verificationUrl: string;
  /** Texts printed in another language than the page's (untranslated): marked with their `lang`. */
  foreign?: { text: string; language: string | null }[];
  /** The Content-Security-Policy nonce of the answer, put on the inline style so the page's strict policy allows it. */
  styleNonce?: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:1.5rem;background:#eef1f4;color:#1d2b3a;font-family:"DejaVu Sans",system-ui,sans-serif;line-height:1.45}
.certificate{max-width:60rem;margin:0 auto;padding:3rem 3.5rem 2rem;background:#fff;text-align:center;border:3px solid #1f4e79;outline:1px solid #b3893b;outline-offset:-10px}
h1,h2{margin:0 0 .25em;color:#1f4e79;font-size:2rem;line-height:1.2}
h1::after{content:"";display:block;width:8rem;margin:.5rem auto 0;border-top:1px solid #b3893b}
h2{font-size:1.5rem}
p{margin:0 0 .5rem}
.subtitle{color:#56626c;font-size:1.15rem}
.holder{font-size:1.8rem;font-weight:bold;margin:.25rem 0 .75rem}
.small{color:#56626c;font-size:.85rem}
ul{list-style:none;margin:0 0 .75rem;padding:0}
li{margin:.1rem 0}
.spacer{height:1rem}
.untranslated{text-decoration:underline dotted #b3893b}
.verification{display:flex;flex-direction:column;align-items:flex-end;gap:.25rem;margin-top:1.5rem;color:#56626c;font-size:.8rem;text-align:right}
.verification svg{width:7.5rem;height:7.5rem}
a{color:#1f4e79;overflow-wrap:anywhere}
@media print{body{background:#fff;padding:0}.certificate{max-width:none}@page{size:A4 landscape;margin:1cm}}
`;

function qrSvg(url: string): string {
  const { size, rects } = qrShape(url);
  const side = size + 2 * QR_QUIET_ZONE;
  const path = rects.map(([x, y, w]) => `M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${w}v1h-${w}z`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">` +
    `<title id="qr-title">QR code: ${escapeHtml(url)}</title>` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

/** A verify line with the verification URL turned into a link (only http and https URLs). */
function verifyLine(text: string, url: string): string {
  const at = text.indexOf(url);
  if (at < 0 || !/^https?:\/\//i.test(url)) return escapeHtml(text);
  const link = `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
  return escapeHtml(text.slice(0, at)) + link + escapeHtml(text.slice(at + url.length));
}

type Foreign = { text: string; language: string | null }[];

/**
 * Escapes a block's text, wrapping each occurrence of a foreign text in
 * `<span lang="…" class="untranslated">` (an empty `lang` when its language is unknown), so
 * screen readers switch language and the page shows what is not yet translated.
 */
function withLanguages(text: string, foreign: Foreign): string {
  const marks = foreign
    .map((f) => ({ text: f.text.replace(/\s+/g, ' ').trim(), language: f.language ?? '' }))
    .filter((f) => f.text !== '')
    .sort((a, b) => b.text.length - a.text.length);
  if (!marks.length) return escapeHtml(text);
  let out = '';
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const mark = marks.find((m) => text.startsWith(m.text, i));
    if (!mark) {
      plain += text[i++];
      continue;
    }
    const note = mark.language ? `not yet translated: shown in ${mark.language}` : 'not yet translated: shown as given';
    out += escapeHtml(plain) + `<span lang="${escapeHtml(mark.language)}" class="untranslated" title="${escapeHtml(note)}">${escapeHtml(mark.text)}</span>`;
    plain = '';
    i += mark.text.length;
  }
  return out + escapeHtml(plain);
}

function blockHtml(block: Block, isFirstTitle: boolean, foreign: Foreign): string {
  const t = (text: string) => withLanguages(text, foreign);
  switch (block.type) {
    case 'title':
      return isFirstTitle ? `<h1 id="certificate-title">${t(block.text)}</h1>` : `<h2>${t(block.text)}</h2>`;
    case 'subtitle':
      return `<p class="subtitle">${t(block.text)}</p>`;
    case 'name':
      return `<p class="holder">${escapeHtml(block.text)}</p>`;
    case 'text':
      return `<p>${t(block.text)}</p>`;
    case 'small':
      return `<p class="small">${t(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${t(item)}</li>`).join('')}</ul>`;
    case 'spacer':
      return '<div class="spacer" aria-hidden="true"></div>';
    case 'verify':
      return '';
  }
}

export function htmlView(page: HtmlPage): string {
  let titled = false;
  const body = page.blocks.map((block) => {
    const first = block.type === 'title' && !titled;
    if (first) titled = true;
    return blockHtml(block, first, page.foreign ?? []);
  });
  const verify = page.blocks.flatMap((block) =>
    block.type === 'verify' ? [`<p>${verifyLine(block.text, page.verificationUrl)}</p>`] : [],
  );
  const labelledBy = titled ? ' aria-labelledby="certificate-title"' : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(page.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    page.styleNonce ? `<style nonce="${escapeHtml(page.styleNonce)}">${STYLE}</style>` : `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<article class="certificate"${labelledBy}>`,
    ...body.filter((html) => html !== ''),
    `<footer class="verification">${qrSvg(page.verificationUrl)}${verify.join('')}</footer>`,
    '</article>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
