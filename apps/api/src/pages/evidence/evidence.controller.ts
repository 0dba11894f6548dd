import { Body, Get, Inject, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { EvidenceService } from '@academy/evidence';
import { MyProgrammesService } from '@academy/programmes';
import type { FieldError } from '@academy/web';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { attachment } from '../../common/attachment.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { SubmitEvidenceDto } from '../../evidence/evidence.controller.js';
import { dtoErrors } from '../dto-errors.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';

/** The kinds of work the rule sets ask for, offered in the form (the API takes any such word). */
export const EVIDENCE_KINDS = ['reflection', 'zine', 'policy-exercise', 'evaluation', 'final-assignment'] as const;

/** A service refusal names its field first ("moduleCode: …"); the page says it in the viewer's words. */
const REFUSALS: Record<string, string> = {
  body: 'evidence.errors.nothing',
  moduleCode: 'evidence.errors.notEnrolled',
  file: 'evidence.errors.fileType',
};

/** One evidence row as the pages show it: kind and state in words, file through the session. */
export const evidenceRow = (s: { id: string; kind: string; status: string; file: unknown }) => ({
  kindKey: (EVIDENCE_KINDS as readonly string[]).includes(s.kind) ? `evidence.kind.${s.kind}` : null,
  statusKey: `evidence.status.${s.status}`,
  fileHref: s.file ? `/evidence/${s.id}/file` : null,
});

type Form = Record<string, unknown>;

function refusalOf(e: DomainError): FieldError | null {
  if (e.code === 'too-large') return { field: 'file', message: 'evidence.errors.tooLarge' };
  if (e.code === 'not-found') return { field: 'for', message: 'evidence.errors.for' };
  const field = /^(\w+):/.exec(e.message)?.[1] ?? '';
  if (e.code !== 'invalid' || !REFUSALS[field]) return null;
  return { field: field === 'moduleCode' ? 'for' : field, message: REFUSALS[field] };
}

/**
 * Handing in evidence — a text, a link or a PDF/PNG/JPEG file — and what was handed in with
 * its review: EvidenceService.submit and .mine, as POST /api/programmes/{id}/submissions.
 */
@PageController()
export class EvidencePages {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly programmes: MyProgrammesService,
    private readonly pages: PageContextService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Get('learning/evidence')
  @Page({ template: 'evidence/hand-in', title: 'evidence.title' })
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Query('handedIn') handedIn?: string) {
    return { ...(await this.model(actor, req)), handedIn: handedIn === '1' };
  }

  /** Multipart (a file may come), so the CSRF token is in the action's query, as on the trainer's report upload. */
  @Post('learning/evidence')
  @Roles('learner', 'trainer')
  @UseInterceptors(FileInterceptor('file'))
  @Page({ template: 'evidence/hand-in', title: 'evidence.title' })
  async handIn(
    @CurrentActor() actor: Actor, @Req() req: Request, @Body() body: Form, @Res({ passthrough: true }) res: Response,
    @UploadedFile() file?: { originalname?: string; buffer: Buffer },
  ) {
    const target = text(body.for);
    const [programmeId, moduleCode] = target.split('/');
    const values = { for: target, kind: text(body.kind), body: text(body.body), url: text(body.url) };
    const form = {
      kind: values.kind, moduleCode: moduleCode || undefined, body: values.body || undefined, url: values.url || undefined,
    };
    const { errors } = await dtoErrors(SubmitEvidenceDto, form, (f) => `evidence.errors.${f}`);
    if (!/^[0-9a-f-]{36}$/i.test(programmeId ?? '')) errors.unshift({ field: 'for', message: 'evidence.errors.for' });
    const upload = file?.buffer?.length ? { name: (file.originalname ?? 'file').slice(0, 200), content: file.buffer } : undefined;
    if (!errors.length && !form.body && !form.url && !upload) errors.push({ field: 'body', message: 'evidence.errors.nothing' });
    if (errors.length) {
      res.status(400);
      return { ...(await this.model(actor, req)), errors, values };
    }
    try {
      await this.evidence.submit(actor, programmeId, { ...form, file: upload });
      return redirectTo('/learning/evidence?handedIn=1');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const refused = refusalOf(e);
      if (!refused) throw e;
      res.status(DOMAIN_ERROR_STATUS[e.code]);
      return { ...(await this.model(actor, req)), errors: [refused], refusalDetail: e.message, values };
    }
  }

  /** A file handed in, through the page session: its author, or a trainer or administrator of the city (as the API decides). */
  @Get('evidence/:id/file')
  async file(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<StreamableFile> {
    const f = await this.evidence.file(actor, id);
    return attachment(f.content, f.contentType, f.name);
  }

  private async model(actor: Actor, req: Request) {
    const { language } = await this.pages.viewer(req);
    const [programmes, mine] = await Promise.all([this.programmes.list(actor, language), this.evidence.mine(actor)]);
    const titles = new Map(programmes.map((p) => [p.id, p.title]));
    return {
      maxMegabytes: Math.round((this.config.submissionMaxBytes / 1024 / 1024) * 10) / 10,
      targets: programmes.flatMap((p) => [
        { value: p.id, programme: p.title, module: null },
        ...p.modules.map((m) => ({ value: `${p.id}/${m.code}`, programme: p.title, module: `${m.code} ${m.title}` })),
      ]),
      kinds: EVIDENCE_KINDS.map((k) => ({ value: k, label: `evidence.kind.${k}` })),
      submissions: mine.map((s) => ({ ...s, ...evidenceRow(s), programme: titles.get(s.programmeId) ?? '' })),
    };
  }
}
