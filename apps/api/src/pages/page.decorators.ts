import { applyDecorators, Controller, Header, HttpCode, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageInterceptor } from './page.interceptor.js';

export const PAGE = 'academy:page';

export interface PageOptions {
  /** The template's path under apps/api/src/pages without `.hbs`: `learning/my-learning`. */
  template: string;
  /** Message key of the page's title (<title> and, by habit, its <h1>). */
  title: string;
}

/** A controller of pages: left out of the OpenAPI document; routes are at the site's root. */
export const PageController = (prefix?: string) => applyDecorators(Controller(prefix ?? ''), ApiExcludeController());

/**
 * A route that answers with a page: the method returns the page's model (a plain object),
 * or `redirectTo(url)`. Rendered with the layout, in the viewer's language; never cached.
 * POST handlers answer 200 when they show the form again with its errors.
 */
export const Page = (options: PageOptions) =>
  applyDecorators(
    SetMetadata(PAGE, options),
    UseInterceptors(PageInterceptor),
    HttpCode(200),
    Header('Cache-Control', 'no-store'),
  );

/** What a page method returns to send the browser elsewhere (303 See Other). */
export class PageRedirect {
  constructor(readonly url: string) {}
}
export const redirectTo = (url: string) => new PageRedirect(url);

/**
 * Thrown to answer with a page of another status than 200: `throw new PageResponse(404,
 * 'public/verify-unknown', 'verify.unknown.title', { code })`. The page filter renders it.
 */
export class PageResponse extends Error {
  constructor(
    readonly status: number,
    readonly template: string,
    readonly title: string,
    readonly model: Record<string, unknown> = {},
  ) {
    super(`page ${template} with status ${status}`);
  }
}

/** A local path to come back to after signing in or switching language; anything else is `/`. */
export function localPath(candidate: unknown): string {
  return typeof candidate === 'string' && /^\/(?![/\\])/.test(candidate) && candidate.length <= 2000 ? candidate : '/';
}
