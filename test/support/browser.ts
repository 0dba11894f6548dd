/// <reference lib="dom" />
/**
 * What browser tests share: a phone-sized context, the axe-core check of a page (0 serious or
 * critical violations, no sideways scrolling) and the Albanian check (no English text of
 * the catalogue left on a page shown in Albanian).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { keysOf, loadCatalogues } from '@academy/web';

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Which visits count as the same page: by default its path (ids as one) and language. */
export type PageKey = (p: Page) => Promise<string>;
const byPathAndLanguage: PageKey = async (p) =>
  `${new URL(p.url()).pathname.replace(/[0-9a-f-]{36}|\/\d+(?=\/|$)/g, '/:id')} ${await p.getAttribute('html', 'lang')}`;

/** A check(page) that runs axe once per page (as `keyOf` names them), and checks every visit for sideways scrolling. */
export function pageChecker(keyOf: PageKey = byPathAndLanguage): (p: Page) => Promise<void> {
  const visited = new Set<string>();
  return async (p) => {
    const key = await keyOf(p);
    const width = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ page: key, overflow: width }).toEqual({ page: key, overflow: 0 });
    if (visited.has(key)) return;
    visited.add(key);
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${key}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(bad).toEqual([]);
  };
}

/** English texts of the catalogue that differ in Albanian, cut at placeholders (language names are meant to stay). */
export function englishTexts(): string[] {
  const { en, sq } = loadCatalogues();
  const value = (c: any, key: string) => key.split('.').reduce((o, k) => o?.[k], c) as string;
  return keysOf(en)
    .filter((k) => !k.startsWith('language.') && value(en, k) !== value(sq, k))
    .flatMap((k) => value(en, k).split(/{{\w+}}/))
    .map((s) => s.trim().replace(/[.:]$/, ''))
    .filter((s) => s.length > 2);
}

/** The English catalogue texts left on the page among what is shown and said to be Albanian. */
export async function englishLeft(p: Page, english: string[]): Promise<string[]> {
  const texts: string[] = await p.evaluate(() => {
    const out: string[] = [document.title];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const el = walk.currentNode.parentElement;
      if (!el || el.closest('[hidden]') || el.closest('[lang]')?.getAttribute('lang') !== 'sq') continue;
      const text = walk.currentNode.textContent?.trim();
      if (text) out.push(text);
    }
    document.querySelectorAll('[aria-label]').forEach((e) => out.push(e.getAttribute('aria-label')!));
    return out;
  });
  return english.filter((e) => texts.some((t) => t === e || (e.split(' ').length >= 3 && t.includes(e))));
}

/** The numbers of one chart's table (`data-table="<id>"`) on a page: row label → its cells' texts. */
export async function chartTable(p: Page, id: string): Promise<Record<string, string[]>> {
  return p.evaluate((tid) => {
    const out: Record<string, string[]> = {};
    document.querySelectorAll(`[data-table="${tid}"] tbody tr`).forEach((tr) => {
      out[tr.querySelector('th')!.textContent!.trim()] = [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim());
    });
    return out;
  }, id);
}
