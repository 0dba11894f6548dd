import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DryRunService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { MyProgrammesService } from '@academy/programmes';
import { MyPlacesService } from '@academy/selection';
import { MySessionsService } from '@academy/sessions';
import { PageContextService } from '../page-context.service.js';
import { explanationWording } from '../explanation-wording.js';

/**
 * What My learning shows, for its GET and for the forms on it that show it again with a
 * refusal: each programme with the dry run's explanation in the viewer's language, the
 * sessions to come, and the sessions with places to apply for.
 */
@Injectable()
export class MyLearningModel {
  constructor(
    private readonly programmes: MyProgrammesService,
    private readonly dryRun: DryRunService,
    private readonly sessions: MySessionsService,
    private readonly places: MyPlacesService,
    private readonly pages: PageContextService,
  ) {}

  async build(actor: Actor, req: Request) {
    const { language } = await this.pages.viewer(req);
    const wording = explanationWording(this.pages.messages, language);
    const [mine, sessions, places] = await Promise.all([
      this.programmes.list(actor, language), this.sessions.upcoming(actor, language), this.places.list(actor, language),
    ]);
    const programmes = await Promise.all(
      mine.map(async (p) => {
        const recorded = p.status === 'closed' ? p.decision?.explanation : undefined;
        if (!recorded) {
          // An open programme's dry run, worded now in the page's language.
          const explanation = (await this.dryRun.forMe(actor, p.id, wording))?.explanation ?? [];
          return { ...p, closed: p.status === 'closed', explanation };
        }
        // A decision taken: in the page's language when the dry run still says it word for word, else as recorded (English).
        const words = language === 'en' ? null : await this.dryRun.recordedInWords(actor, p.id, recorded, wording);
        return { ...p, closed: true, explanation: words ?? recorded, explanationLanguage: words || language === 'en' ? undefined : 'en' };
      }),
    );
    const upcoming = sessions.map((s) => ({ ...s, modeKey: `learning.mode.${s.mode}` }));
    return {
      programmes,
      upcoming,
      places: places.map((p) => ({
        ...p,
        modeKey: `learning.mode.${p.mode}`,
        statusKey: p.application ? `places.status.${p.application}` : 'places.status.none',
        canApply: p.application === null || p.application === 'withdrawn',
        canWithdraw: p.application !== null && p.application !== 'withdrawn',
      })),
    };
  }
}
