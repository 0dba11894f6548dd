/**
 * The web pages, served on the API's port. A page is a controller method (@Page) + a
 * template next to it + its message keys in libs/web/messages; see the README's "Pages".
 */
import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { Messages, PageRenderer, projectRoot } from '@academy/web';
import { TokenService } from '../auth/token.service.js';
import { AttendanceImportPages } from './admin/attendance-import.controller.js';
import { CertificatePages } from './admin/certificates.controller.js';
import { PeoplePages } from './admin/people.controller.js';
import { ProgrammeNewPages } from './admin/programme-new.controller.js';
import { ProgrammePages } from './admin/programmes.controller.js';
import { PlatformStatisticsPages, StatisticsPages } from './admin/statistics.controller.js';
import { InvitationPages } from './auth/invitation.controller.js';
import { PasswordResetPages } from './auth/password-reset.controller.js';
import { SignInPages } from './auth/sign-in.controller.js';
import { CsrfTokens } from './csrf.js';
import { CheckinPages } from './learning/checkin.controller.js';
import { CoursePages } from './learning/course.controller.js';
import { LearningPages } from './learning/learning.controller.js';
import { MyLearningModel } from './learning/my-learning.model.js';
import { MyLearningPages } from './learning/my-learning.controller.js';
import { EvidencePages } from './evidence/evidence.controller.js';
import { NeedsAssessmentPages } from './surveys/needs-assessment.controller.js';
import { TrainerEvidencePages } from './trainer/evidence-review.controller.js';
import { PAGE_MESSAGES, PageContextService } from './page-context.service.js';
import { PageInterceptor } from './page.interceptor.js';
import { PublicPages } from './public/home.controller.js';
import { LanguagePages } from './public/language.controller.js';
import { TrainerAttendancePages } from './trainer/attendance.controller.js';
import { TrainerOwnPages } from './trainer/own.controller.js';
import { TrainerPages } from './trainer/trainer.controller.js';

/** Where the page templates are: this folder in the repository (they are not copied into dist/). */
export const pagesDir = (): string => join(projectRoot(), 'apps', 'api', 'src', 'pages');

export const PAGE_CONTROLLERS = [
  PublicPages, LanguagePages, SignInPages, InvitationPages, PasswordResetPages, LearningPages, CoursePages, CheckinPages,
  TrainerPages, TrainerAttendancePages, TrainerOwnPages,
  // Before ProgrammePages: /admin/programmes/new is not a programme's id.
  ProgrammeNewPages,
  ProgrammePages, StatisticsPages, PeoplePages, CertificatePages, PlatformStatisticsPages,
  AttendanceImportPages, MyLearningPages, EvidencePages, NeedsAssessmentPages, TrainerEvidencePages,
];

export const PAGE_PROVIDERS: Provider[] = [
  { provide: PAGE_MESSAGES, useFactory: () => new Messages() },
  { provide: PageRenderer, useFactory: () => new PageRenderer(pagesDir()) },
  PageContextService,
  PageInterceptor,
  CsrfTokens,
  TokenService,
  MyLearningModel,
];
