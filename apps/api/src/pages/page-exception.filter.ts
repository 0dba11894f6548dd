import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { DOMAIN_ERROR_STATUS } from '../common/http-exception.filter.js';
import { PageRedirect, PageResponse } from './page.decorators.js';
import type { PageContextService } from './page-context.service.js';
import { clearSession, isPagePath, sessionToken } from './session.js';

/** The error page and its message for a status. */
function errorPage(status: number): { template: string; title: string; message?: string } {
  if (status === 403) return { template: 'errors/forbidden', title: 'errors.forbidden.title' };
  if (status === 404) return { template: 'errors/not-found', title: 'errors.notFound.title' };
  const message =
    status === 429 ? 'errors.tooMany' : status === 413 ? 'errors.tooLarge' : status < 500 ? 'errors.badRequest' : 'errors.server';
  return { template: 'errors/error', title: 'errors.error.title', message };
}

/**
 * Errors on pages become pages: 401 sends the browser to the sign-in page (and back after),
 * 403 and 404 answer localised pages, anything else a localised error page with its
 * status. Requests that are not pages (the API) keep the API's JSON errors.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('PageError');

  constructor(
    private readonly api: ExceptionFilter,
    private readonly pages: PageContextService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!isPagePath(req.path) || res.headersSent) return this.api.catch(exception, host);
    try {
      if (exception instanceof PageRedirect) return void res.redirect(303, exception.url);
      if (exception instanceof PageResponse) {
        return this.send(req, res, exception.status, exception.template, exception.title, exception.model);
      }
      const status = statusOf(exception);
      if (status === 401) {
        if (sessionToken(req)) clearSession(req, res);
        const next = req.method === 'GET' && req.originalUrl !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
        return void res.redirect(303, `/sign-in${next}`);
      }
      if (status >= 500) this.log.error({ err: exception }, 'page failed');
      const page = errorPage(status);
      await this.send(req, res, status, page.template, page.title, { status, message: page.message });
    } catch (err) {
      this.log.error({ err }, 'the error page failed');
      this.api.catch(exception, host);
    }
  }

  private async send(req: Request, res: Response, status: number, template: string, title: string, model: Record<string, unknown>) {
    const html = await this.pages.render(req, res, template, title, model);
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(html);
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  if (exception instanceof DomainError) return DOMAIN_ERROR_STATUS[exception.code];
  const status = (exception as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
