import type { ExceptionFilter } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { AcademyConfig } from '@academy/config';
import { staticDir } from '@academy/web';
import { CsrfTokens, derivedSecret } from './csrf.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageContextService } from './page-context.service.js';
import { sessionToAuthorization } from './session.js';

/**
 * What pages need around the routes: signed cookies, the session cookie as the bearer
 * token (pages only), CSRF checks of page forms, /static/ and the page error filter.
 * Called after the API's global filter is registered (the page filter must come last to be
 * asked first; it hands everything that is not a page back to the API's filter).
 */
export function installPages(app: NestExpressApplication, config: AcademyConfig, apiErrors: ExceptionFilter): void {
  const pages = app.get(PageContextService);
  app.use(cookieParser(derivedSecret(config, 'cookies')));
  app.use(sessionToAuthorization);
  app.use(
    app.get(CsrfTokens).middleware((req, res) => {
      void pages.render(req, res, 'errors/forbidden', 'errors.forbidden.title', { reason: 'errors.csrf' }).then(
        (html) => res.status(403).type('html').setHeader('Cache-Control', 'no-store').send(html),
        () => res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'the form is missing its CSRF token' }),
      );
    }),
  );
  app.useStaticAssets(staticDir(), { prefix: '/static/', maxAge: '1h', index: false });
  // Pages answer errors as pages; everything else goes to the API's own filter (the one that logs).
  app.useGlobalFilters(new PageExceptionFilter(apiErrors, pages));
}
