import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { type Actor, preparedQuery } from '@academy/common';
import { type Messages, type NavItem, type PageContext, PageRenderer } from '@academy/web';
import { CsrfTokens } from './csrf.js';
import { LANGUAGE_COOKIE } from './session.js';

export const PAGE_MESSAGES = 'academy:page-messages';

/** The header's links for each role; a role without an entry sees none. */
const NAV: Record<string, NavItem[]> = {
  learner: [
    { href: '/learning', label: 'nav.learning' },
    { href: '/certificates', label: 'nav.certificates' },
    { href: '/learning/evidence', label: 'nav.evidence' },
    { href: '/learning/needs-assessment', label: 'nav.needs' },
  ],
  trainer: [
    { href: '/trainer', label: 'nav.trainer' },
    { href: '/learning', label: 'nav.learning' },
    { href: '/certificates', label: 'nav.certificates' },
    { href: '/trainer/evidence', label: 'nav.review' },
  ],
  admin: [
    { href: '/admin', label: 'nav.admin' },
    { href: '/admin/statistics', label: 'nav.statistics' },
    { href: '/admin/people', label: 'nav.people' },
    { href: '/admin/certificates', label: 'nav.adminCertificates' },
  ],
  platform: [{ href: '/platform', label: 'nav.platform' }],
};

export interface Viewer {
  actor: Actor | undefined;
  user: PageContext['user'];
  language: string;
  timeZone: string;
}

const VIEWER = Symbol('academy:viewer');

/** Where `/` sends a signed-in person. */
export const HOME_OF_ROLE: Record<string, string> = { learner: '/learning', trainer: '/trainer', admin: '/admin', platform: '/platform' };

/** Who is looking at a page: their language, time zone, name and navigation. */
@Injectable()
export class PageContextService {
  constructor(
    @Inject(PAGE_MESSAGES) readonly messages: Messages,
    readonly renderer: PageRenderer,
    private readonly csrf: CsrfTokens,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /**
   * The actor of the request: the guard's, or — on public pages, where the guard reads no
   * token — the session's, checked only for showing the header (never to grant anything).
   */
  private async viewerOf(req: Request): Promise<Actor | undefined> {
    const actor = (req as Request & { actor?: Actor }).actor;
    if (actor) return actor;
    const token = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return undefined;
    try {
      const p = await this.jwt.verifyAsync<{ sub: string; city: string; role: Actor['role'] }>(token);
      return { id: p.sub, cityId: p.city, role: p.role };
    } catch {
      return undefined;
    }
  }

  /** The viewer of this request, read once per request (pages call it for the language, the layout for the rest). */
  async viewer(req: Request): Promise<Viewer> {
    const cached = (req as Request & { [VIEWER]?: Promise<Viewer> })[VIEWER];
    if (cached) return cached;
    const promise = this.readViewer(req);
    (req as Request & { [VIEWER]?: Promise<Viewer> })[VIEWER] = promise;
    return promise;
  }

  private async readViewer(req: Request): Promise<Viewer> {
    const actor = await this.viewerOf(req);
    let user: PageContext['user'] = null;
    let saved: string | null = null;
    let timeZone = 'UTC';
    if (actor) {
      const [row] = await preparedQuery(
        this.ds,
        `SELECT u.name, u.language, c.timezone FROM users u JOIN cities c ON c.id = u.city_id WHERE u.id = $1 AND u.city_id = $2`,
        [actor.id, actor.cityId],
      );
      if (row) {
        user = { name: row.name, role: actor.role };
        saved = row.language;
        timeZone = row.timezone;
      }
    }
    // The language chosen with the switcher, else the person's own, else what the browser asks for.
    const chosen = req.cookies?.[LANGUAGE_COOKIE];
    const asked = req.acceptsLanguages(...this.messages.codes);
    const language = this.messages.pick(chosen, saved, asked || undefined);
    return { actor, user, language, timeZone };
  }

  async context(req: Request, res: Response): Promise<PageContext> {
    const { user, language, timeZone } = await this.viewer(req);
    const path = req.originalUrl;
    const items = user ? (NAV[user.role] ?? []) : [];
    // The current link is the longest that contains the page (/admin/people is People, not Administration).
    const current = items.filter((n) => path === n.href || path.startsWith(`${n.href}/`) || path.startsWith(`${n.href}?`))
      .sort((a, b) => b.href.length - a.href.length)[0];
    const nav = items.map((n) => ({ ...n, current: n === current }));
    return {
      language, languages: this.messages.languages, t: this.messages.translator(language), timeZone, path,
      csrfToken: this.csrf.token(req, res),
      cspNonce: typeof res.locals.cspNonce === 'string' ? res.locals.cspNonce : undefined,
      user, nav,
    };
  }

  async render(req: Request, res: Response, template: string, title: string, model: Record<string, unknown>): Promise<string> {
    const ctx = await this.context(req, res);
    return this.renderer.render(template, model, ctx, title);
  }
}
