import { Get, Param } from '@nestjs/common';
import { VerificationPageService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { CurrentActor, Public } from '../../auth/auth.decorators.js';
import { Page, PageController, PageResponse, redirectTo } from '../page.decorators.js';
import { HOME_OF_ROLE } from '../page-context.service.js';

@PageController()
export class PublicPages {
  constructor(private readonly verifications: VerificationPageService) {}

  /** Signed in: the home of the person's role; otherwise the guard's 401 leads to the sign-in page. */
  @Get()
  @Page({ template: 'errors/error', title: 'errors.error.title' })
  home(@CurrentActor() actor: Actor) {
    return redirectTo(HOME_OF_ROLE[actor.role] ?? '/learning');
  }

  /** The page a certificate's QR code opens: what anyone holding the code may know, in their language. */
  @Get('verify/:code')
  @Public()
  @Page({ template: 'public/verify', title: 'verify.title' })
  async verify(@Param('code') code: string) {
    const details = await this.verifications.details(code);
    if (!details) {
      throw new PageResponse(404, 'public/verify-unknown', 'verify.unknown.title', { code: code.slice(0, 40) });
    }
    return {
      details,
      statusKey: `verify.status.${details.status}`,
      kindKey: `certificates.kind.${details.kind}`,
      // The public reason from the fixed list, in the reader's language (never the private note).
      reasonKey: details.revokedReason ? `verify.reasons.${details.revokedReason}` : undefined,
      valid: details.status === 'valid',
      // The date issued as the issuing city reads it.
      timeZone: details.timeZone,
    };
  }
}
