import { Body, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { localPath, Page, PageController, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { LANGUAGE_COOKIE } from '../session.js';

/** The language switcher of every page: remembered in a cookie for a year, then back to the page. */
@PageController()
export class LanguagePages {
  constructor(private readonly pages: PageContextService) {}

  @Post('language')
  @Public()
  @Page({ template: 'errors/error', title: 'errors.error.title' })
  choose(@Body() body: Record<string, unknown>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const lang = typeof body.lang === 'string' ? body.lang : '';
    if (this.pages.messages.supports(lang)) {
      res.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 365 * 86_400_000 });
    }
    return redirectTo(localPath(body.next));
  }
}
