import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { AttendanceService } from '@academy/attendance';
import { CheckinService } from '@academy/checkin';
import { type Actor, DomainError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { MySessionsService, SessionsService } from '@academy/sessions';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { refusal } from './refusals.js';

/** What the session screen shows and its script reads again every few seconds. */
export interface ScreenState {
  open: boolean;
  code: string | null;
  /** When the code on screen is replaced by the next one. */
  validUntil: string | null;
  /** The server's clock, so the countdown does not depend on the projector's. */
  now: string;
  checkedIn: number;
  enrolled: number;
}

/**
 * The trainers' pages: the sessions they deliver and the session screen for the room's
 * projector (check-in code, QR code of the learners' check-in page, time left, live count),
 * from the same services as /api/sessions/{id}/checkin.
 */
@PageController()
@Roles('trainer', 'admin')
export class TrainerPages {
  constructor(
    private readonly mySessions: MySessionsService,
    private readonly sessions: SessionsService,
    private readonly checkin: CheckinService,
    private readonly attendance: AttendanceService,
    private readonly pages: PageContextService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  /** My sessions: those the trainer leads or co-facilitates, to come first, in the city's time with the zone named. */
  @Get('trainer')
  @Roles('trainer')
  @Page({ template: 'trainer/home', title: 'trainer.title' })
  async home(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { language } = await this.pages.viewer(req);
    const sessions = (await this.mySessions.delivering(actor, language)).map((s) => ({
      ...s, modeKey: `learning.mode.${s.mode}`, roleKey: `trainer.role.${s.role}`,
    }));
    return { upcoming: sessions.filter((s) => !s.over), past: sessions.filter((s) => s.over) };
  }

  @Get('trainer/sessions/:id/screen')
  @Page({ template: 'trainer/screen', title: 'trainer.screen.title' })
  async screen(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.screenModel(actor, id);
  }

  /** Opens check-in (from 30 minutes before the start), then shows the screen; a refusal is said on it. */
  @Post('trainer/sessions/:id/screen')
  @Page({ template: 'trainer/screen', title: 'trainer.screen.title' })
  async open(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response) {
    try {
      await this.checkin.open(actor, id);
      return redirectTo(`/trainer/sessions/${id}/screen`);
    } catch (e) {
      const error = refusal(e, 'open', { conflict: 'trainer.screen.errors.cannotOpen' });
      res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      return { ...(await this.screenModel(actor, id)), errors: [error], refusalDetail: error.detail };
    }
  }

  /** The screen's live figures as JSON, read by static/session-screen.js through the page session. */
  @Get('trainer/sessions/:id/screen/state')
  async state(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response): Promise<ScreenState> {
    res.setHeader('Cache-Control', 'no-store');
    return this.readState(actor, id);
  }

  private async readState(actor: Actor, id: string): Promise<ScreenState> {
    const [roster, shown] = await Promise.all([
      this.attendance.rosterForSession(actor, id),
      this.checkin.screen(actor, id).catch((e) => {
        if (e instanceof DomainError && e.code === 'conflict') return null;
        throw e;
      }),
    ]);
    return {
      open: shown !== null,
      code: shown?.code ?? null,
      validUntil: shown?.validUntil ?? null,
      now: new Date().toISOString(),
      checkedIn: roster.filter((r) => r.source === 'checkin').length,
      enrolled: roster.length,
    };
  }

  private async screenModel(actor: Actor, id: string) {
    const [session, state] = await Promise.all([this.sessions.get(actor, id), this.readState(actor, id)]);
    const checkInUrl = `${this.config.publicBaseUrl}/check-in/${id}`;
    const qr = state.open
      ? (await QRCode.toString(checkInUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }))
          .replace('<svg ', '<svg class="screen__qr" role="img" aria-labelledby="qr-label" focusable="false" ')
      : null;
    const secondsLeft = state.validUntil ? Math.max(0, Math.ceil((Date.parse(state.validUntil) - Date.parse(state.now)) / 1000)) : null;
    return {
      scripts: state.open ? ['session-screen.js'] : [],
      session, state, qr, checkInUrl, secondsLeft,
      // The code read aloud letter by letter by screen readers, and in two groups on screen.
      codeGroups: state.code ? [state.code.slice(0, 3), state.code.slice(3)] : [],
      stateUrl: `/trainer/sessions/${id}/screen/state`,
      ended: session.endsAt !== null && Date.parse(session.endsAt) <= Date.now(),
      minutesToEnd: session.endsAt && Date.parse(session.endsAt) > Date.now() ? Math.ceil((Date.parse(session.endsAt) - Date.now()) / 60_000) : null,
    };
  }
}
