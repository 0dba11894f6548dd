/**
 * Every migration of the academy's schema, in order. TypeORM runs the pending ones when the
 * api starts (under an advisory lock); `synchronize` is never on.
 */
import { CreateAcademySchema1763798400000 } from './1763798400000-CreateAcademySchema.js';
import { AddAudiencesEvidenceAndRuleSetVersions1763884800000 } from './1763884800000-AddAudiencesEvidenceAndRuleSetVersions.js';
import { AddVideoConferenceImports1763971200000 } from './1763971200000-AddVideoConferenceImports.js';
import { AddSelfPacedLessons1763971300000 } from './1763971300000-AddSelfPacedLessons.js';
import { AddSurveyResponses1763971400000 } from './1763971400000-AddSurveyResponses.js';
import { AddDurableJobs1764100000000 } from './1764100000000-AddDurableJobs.js';

export const MIGRATIONS = [
  CreateAcademySchema1763798400000,
  AddAudiencesEvidenceAndRuleSetVersions1763884800000,
  AddVideoConferenceImports1763971200000,
  AddSelfPacedLessons1763971300000,
  AddSurveyResponses1763971400000,
  AddDurableJobs1764100000000,
];
