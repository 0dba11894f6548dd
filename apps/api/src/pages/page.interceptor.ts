import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { PAGE, type PageOptions, PageRedirect } from './page.decorators.js';
import { PageContextService } from './page-context.service.js';

/** Turns a page method's model into the rendered page; a PageRedirect goes to the page filter. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly pages: PageContextService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<PageOptions>(PAGE, ctx.getHandler());
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap((model) => {
        if (model instanceof PageRedirect) throw model;
        return from(this.render(req, res, options, (model ?? {}) as Record<string, unknown>));
      }),
    );
  }

  private async render(req: Request, res: Response, options: PageOptions, model: Record<string, unknown>): Promise<string> {
    const html = await this.pages.render(req, res, options.template, options.title, model);
    res.type('html');
    return html;
  }
}
