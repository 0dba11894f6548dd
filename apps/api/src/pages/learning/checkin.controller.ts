import { Body, Get, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CheckinService } from '@academy/checkin';
import { type Actor, DomainError, RateLimitedError } from '@academy/common';
import { MySessionsService } from '@academy/sessions';
import type { FieldError } from '@academy/web';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { Page, PageController, PageResponse } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';

type Form = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sessions offered on /check-in: those starting within this many minutes (check-in opens 30 minutes before). */
const SOON_MINUTES = 60;

/** A refusal of the check-in service, in words: a problem with the code (the field) or with the session. */
function refusalOf(e: DomainError): { field?: string; message: string; minutes?: number } {
  if (e instanceof RateLimitedError) return { message: 'checkin.refused.tooMany', minutes: Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) };
  if (e.code === 'forbidden') return { message: /separation of duties/.test(e.message) ? 'checkin.refused.separation' : 'checkin.refused.notEnrolled' };
  if (e.code === 'not-found') return { message: 'checkin.refused.unknown' };
  if (e.code === 'conflict') {
    if (/already checked in/.test(e.message)) return { message: 'checkin.refused.already' };
    return { message: /closed|over/.test(e.message) ? 'checkin.refused.closed' : 'checkin.refused.notOpen' };
  }
  if (/expired/.test(e.message)) return { field: 'code', message: 'checkin.refused.expired' };
  if (/characters/.test(e.message)) return { field: 'code', message: 'checkin.refused.malformed' };
  return { field: 'code', message: 'checkin.refused.wrong' };
}

/**
 * Check-in on a phone: the code on the trainer's screen, typed into one large field and sent
 * to the same CheckinService as POST /api/sessions/{id}/checkin (its limits, window and
 * separation of duties). The trainer's QR code opens /check-in/<session>; the code is still needed.
 */
@PageController('check-in')
export class CheckinPages {
  constructor(
    private readonly checkin: CheckinService,
    private readonly sessions: MySessionsService,
    private readonly pages: PageContextService,
  ) {}

  @Get()
  @Page({ template: 'learning/check-in', title: 'checkin.title' })
  async choose(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.model(actor, req, undefined, {});
  }

  @Get(':sessionId')
  @Page({ template: 'learning/check-in', title: 'checkin.title' })
  async forSession(@CurrentActor() actor: Actor, @Param('sessionId') sessionId: string, @Req() req: Request) {
    return this.model(actor, req, sessionId, {});
  }

  @Post()
  @Page({ template: 'learning/checked-in', title: 'checkin.done.title' })
  async submit(@CurrentActor() actor: Actor, @Body() body: Form, @Req() req: Request) {
    // The answer page needs the viewer (name, language, zone): read it while the check-in runs.
    void this.pages.viewer(req).catch(() => undefined);
    const session = typeof body.session === 'string' ? body.session.trim() : '';
    const code = typeof body.code === 'string' ? body.code.trim().slice(0, 20) : '';
    const fixed = body.fixed === '1' ? session : undefined;
    const errors: (FieldError & { minutes?: number })[] = [];
    if (!UUID.test(session)) errors.push({ field: fixed ? 'code' : 'session', message: fixed ? 'checkin.refused.unknown' : 'checkin.errors.sessionMissing' });
    if (!code) errors.push({ field: 'code', message: 'checkin.errors.codeMissing' });
    if (!errors.length) {
      try {
        const done = await this.checkin.checkIn(actor, session, code);
        return { ...done, statusKey: done.status === 'late' ? 'checkin.done.late' : 'checkin.done.present' };
      } catch (e) {
        if (!(e instanceof DomainError) || e.code === 'unauthenticated' || e.code === 'unavailable') throw e;
        const refusal = refusalOf(e);
        const status = e.code === 'rate-limited' ? 429 : e.code === 'forbidden' ? 403 : e.code === 'conflict' ? 409 : 400;
        const model = await this.model(actor, req, fixed, { session, code: refusal.field ? '' : code });
        throw new PageResponse(status, 'learning/check-in', 'checkin.title', {
          ...model, errors: [{ field: refusal.field ?? 'code', message: refusal.message, minutes: refusal.minutes }],
        });
      }
    }
    throw new PageResponse(400, 'learning/check-in', 'checkin.title', { ...(await this.model(actor, req, fixed, { session, code })), errors });
  }

  /** The form: for one session (from the QR code's link), or a choice among the learner's sessions starting soon. */
  private async model(actor: Actor, req: Request, sessionId: string | undefined, values: Record<string, string>) {
    const { language } = await this.pages.viewer(req);
    const upcoming = await this.sessions.upcoming(actor, language);
    const soon = Date.now() + SOON_MINUTES * 60_000;
    const session = sessionId ? (upcoming.find((s) => s.id === sessionId) ?? { id: sessionId, moduleCode: null }) : null;
    const choices = session ? [] : upcoming.filter((s) => Date.parse(s.startsAt) <= soon)
      .map((s, i, all) => ({ ...s, checked: values.session ? values.session === s.id : all.length === 1 }));
    return { session, choices, values, action: '/check-in' };
  }
}
