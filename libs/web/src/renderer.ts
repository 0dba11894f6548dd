import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from './format.js';
import type { LanguageChoice } from './messages.js';
import { viewsDir } from './paths.js';

/** One link of the header's navigation. */
export interface NavItem {
  href: string;
  /** Message key of its text. */
  label: string;
  current?: boolean;
}

/** What the layout and every component need besides the page's own model. */
export interface PageContext {
  language: string;
  languages: LanguageChoice[];
  t: TFunction;
  /** The viewer's time zone (their city's), for {{time}} and {{date}}. */
  timeZone: string;
  /** The path and query of this page, so the language switcher can come back to it. */
  path: string;
  csrfToken: string;
  cspNonce?: string;
  user: { name: string; role: string } | null;
  nav: NavItem[];
}

/** A field's error as the error summary and the field show it. */
export interface FieldError {
  /** The field's name; its input has id `field-<name>`. */
  field: string;
  /** Message key. */
  message: string;
}

const localeOf = (ctx: PageContext): string => ctx.languages.find((l) => l.code === ctx.language)?.locale ?? ctx.language;

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.hbs') ? [p] : [];
  });

/**
 * Server-side rendering of pages: one Handlebars environment with the layout, the shared
 * components (libs/web/views/partials) and the page templates (found under `pagesDir`,
 * named by their path without `.hbs`: `learning/my-learning`), each compiled once.
 */
export class PageRenderer {
  private readonly hbs = Handlebars.create();
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages = new Map<string, HandlebarsTemplateDelegate>();

  constructor(pagesDir: string, views: string = viewsDir()) {
    for (const file of files(join(views, 'partials'))) {
      this.hbs.registerPartial(relative(join(views, 'partials'), file).slice(0, -4), readFileSync(file, 'utf8'));
    }
    this.layout = this.hbs.compile(readFileSync(join(views, 'layout.hbs'), 'utf8'), { strict: false });
    for (const file of files(pagesDir)) {
      this.pages.set(relative(pagesDir, file).slice(0, -4), this.hbs.compile(readFileSync(file, 'utf8')));
    }
    this.registerHelpers();
  }

  has(template: string): boolean {
    return this.pages.has(template);
  }

  /**
   * The whole page. `titleKey` names the <title> and the page's <h1> (the template shows it
   * with {{t titleKey}}); `model` is the page's own data, also reachable as @root.
   */
  render(template: string, model: Record<string, unknown>, ctx: PageContext, titleKey: string): string {
    const page = this.pages.get(template);
    if (!page) throw new Error(`no page template "${template}"`);
    const root = {
      ...ctx, ...model, titleKey,
      currentLanguage: ctx.languages.find((l) => l.code === ctx.language),
      otherLanguages: ctx.languages.filter((l) => l.code !== ctx.language),
    };
    const body = page(root);
    return this.layout({ ...root, body });
  }

  private registerHelpers(): void {
    const h = this.hbs;
    const rootOf = (options: Handlebars.HelperOptions) => options.data.root as PageContext;
    h.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
      return rootOf(options).t(String(key), options.hash);
    });
    /** A key and its values as one object (a refusal's words, apps/api/src/pages/refusal-words.ts): {{tw key values}}. */
    h.registerHelper('tw', function (key: unknown, values: unknown, options: Handlebars.HelperOptions) {
      const opts = (options ?? values) as Handlebars.HelperOptions;
      return rootOf(opts).t(String(key), options && values && typeof values === 'object' ? (values as Record<string, unknown>) : {});
    });
    h.registerHelper('time', (iso: unknown, options: Handlebars.HelperOptions) => {
      if (!iso) return '';
      const root = rootOf(options);
      const v = formatDateTime(String(iso), localeOf(root), root.timeZone);
      return new h.SafeString(`<time datetime="${h.escapeExpression(v.datetime)}">${h.escapeExpression(v.text)}</time>`);
    });
    h.registerHelper('date', (iso: unknown, options: Handlebars.HelperOptions) => {
      if (!iso) return '';
      const root = rootOf(options);
      const v = formatDate(String(iso), localeOf(root), root.timeZone);
      return new h.SafeString(`<time datetime="${h.escapeExpression(v.datetime)}">${h.escapeExpression(v.text)}</time>`);
    });
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
    /** The error of one field from a list of FieldErrors: {{#with (fieldError errors "email")}}. */
    h.registerHelper('fieldError', (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field));
  }
}
