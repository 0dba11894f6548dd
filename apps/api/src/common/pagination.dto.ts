import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { Page } from '@academy/common';

/** Far beyond any list of the academy, and small enough that its offset stays a safe integer. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  perPage: number = 100;
}

/**
 * Lists answer with a plain JSON array; the total goes in X-Total-Count and the next and
 * previous pages in a Link header (RFC 8288), as GitHub's API does.
 */
export function sendPage<T>(req: Request, res: Response, page: Page<T>): T[] {
  res.setHeader('X-Total-Count', String(page.total));
  const url = new URL(req.originalUrl, 'http://x');
  const link = (p: number, rel: string) => {
    url.searchParams.set('page', String(p));
    url.searchParams.set('perPage', String(page.perPage));
    return `<${url.pathname}${url.search}>; rel="${rel}"`;
  };
  const last = Math.max(1, Math.ceil(page.total / page.perPage));
  const links = [link(1, 'first'), link(last, 'last')];
  if (page.page < last) links.push(link(page.page + 1, 'next'));
  if (page.page > 1) links.push(link(page.page - 1, 'prev'));
  res.setHeader('Link', links.join(', '));
  return page.items;
}
