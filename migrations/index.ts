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
import { PinRuleSetVersionsPerCity1764200000000 } from './1764200000000-PinRuleSetVersionsPerCity.js';
import { DefineEnrolledAndAttended1764200100000 } from './1764200100000-DefineEnrolledAndAttended.js';
import { AddLanguageVersions1764200200000 } from './1764200200000-AddLanguageVersions.js';
import { ScopeSelectionToItsModule1764200300000 } from './1764200300000-ScopeSelectionToItsModule.js';
import { AddProgrammeSessionDefaults1764200400000 } from './1764200400000-AddProgrammeSessionDefaults.js';
import { AddStatisticsAggregates1764800000000 } from './1764800000000-AddStatisticsAggregates.js';

export const MIGRATIONS = [
  CreateAcademySchema1763798400000,
  AddAudiencesEvidenceAndRuleSetVersions1763884800000,
  AddVideoConferenceImports1763971200000,
  AddSelfPacedLessons1763971300000,
  AddSurveyResponses1763971400000,
  AddDurableJobs1764100000000,
  PinRuleSetVersionsPerCity1764200000000,
  DefineEnrolledAndAttended1764200100000,
  AddLanguageVersions1764200200000,
  ScopeSelectionToItsModule1764200300000,
  AddProgrammeSessionDefaults1764200400000,
  AddStatisticsAggregates1764800000000,
];
