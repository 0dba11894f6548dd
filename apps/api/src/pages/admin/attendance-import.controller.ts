import { Get, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { AttendanceImportService, type ImportResult } from '@academy/attendance';
import { type Actor, DomainError } from '@academy/common';
import { ProgrammesService } from '@academy/programmes';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { FILE_REFUSALS, lineWords, refusalWords } from '../refusal-words.js';
import type { FormError } from './form-errors.js';

/** The kinds of refusal of a whole file, in the viewer's words (the service's own words are shown beside). */
const REFUSED: Partial<Record<DomainError['code'], string>> = {
  invalid: 'adminForms.errors.file',
  forbidden: 'adminForms.errors.ownAttendance',
};

/**
 * A programme's attendance from an uploaded CSV, through the same AttendanceImportService as
 * POST /api/programmes/{id}/attendance/import: what was imported, the repeated lines, the
 * warnings and every bad line with its number. The form is multipart, so its CSRF token
 * travels in the action's query (see csrf.ts).
 */
@PageController()
@Roles('admin')
export class AttendanceImportPages {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly imports: AttendanceImportService,
    private readonly pages: PageContextService,
  ) {}

  private async model(actor: Actor, id: string, req: Request, extra: Record<string, unknown> = {}) {
    const { language } = await this.pages.viewer(req);
    const p = await this.programmes.get(actor, id);
    return { programme: { id: p.id, code: p.code, title: p.titles?.[language] || p.title, timezone: p.timezone }, ...extra };
  }

  @Get('admin/programmes/:id/attendance')
  @Page({ template: 'admin/attendance-import', title: 'adminForms.attendance.title' })
  async form(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request) {
    return this.model(actor, id, req);
  }

  @Post('admin/programmes/:id/attendance')
  @UseInterceptors(FileInterceptor('file'))
  @Page({ template: 'admin/attendance-import', title: 'adminForms.attendance.title' })
  async upload(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @UploadedFile() file?: { buffer: Buffer },
  ) {
    // Another city's programme answers 404 before anything of the file is read.
    await this.programmes.get(actor, id);
    if (!file?.buffer?.length) {
      res.status(400);
      return this.model(actor, id, req, { errors: [{ field: 'file', message: 'adminForms.errors.fileMissing' }] });
    }
    let result: ImportResult;
    try {
      result = await this.imports.import(actor, id, file.buffer);
    } catch (e) {
      const key = e instanceof DomainError ? REFUSED[e.code] : undefined;
      if (!key) throw e;
      res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      // Own attendance is said in full by its field's sentence; a file that cannot be read says why in words of its own.
      const errors: FormError[] = [{ field: 'file', message: key }];
      const fileRefusal = (e as DomainError).code === 'invalid' ? refusalWords(e, FILE_REFUSALS, 'refusals.file.other') : undefined;
      return this.model(actor, id, req, { errors, fileRefusal });
    }
    return this.model(actor, id, req, {
      result: {
        ...result,
        errors: result.errors.map((x) => ({ line: x.line, words: lineWords(x.message) })),
        warnings: result.warnings.map((x) => ({ line: x.line, words: lineWords(x.message) })),
        imported: result.created + result.updated + result.unchanged,
        hasErrors: result.errors.length > 0,
      },
    });
  }
}
