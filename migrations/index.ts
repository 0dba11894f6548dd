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
import { AddCoalitionAndCityCatalogues1764500000000 } from './1764500000000-AddCoalitionAndCityCatalogues.js';
import { AddAccountStateAndSeparationOfDuties1764600000000 } from './1764600000000-AddAccountStateAndSeparationOfDuties.js';
import { SeparateRevocationReasons1764700000000 } from './1764700000000-SeparateRevocationReasons.js';
import { AddStatisticsAggregates1764800000000 } from './1764800000000-AddStatisticsAggregates.js';
import { AddSessionPlaceAndLink1764900000000 } from './1764900000000-AddSessionPlaceAndLink.js';
import { AddSharedCourseTexts1764950000000 } from './1764950000000-AddSharedCourseTexts.js';
import { FollowCityDefinitionsOfSharedCourses1764990000000 } from './1764990000000-FollowCityDefinitionsOfSharedCourses.js';
import { CountDefinitionChangesInStatistics1764990100000 } from './1764990100000-CountDefinitionChangesInStatistics.js';
import { LightenTheStatisticsChangeLog1765000000000 } from './1765000000000-LightenTheStatisticsChangeLog.js';

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
  AddCoalitionAndCityCatalogues1764500000000,
  AddAccountStateAndSeparationOfDuties1764600000000,
  SeparateRevocationReasons1764700000000,
  AddStatisticsAggregates1764800000000,
  AddSessionPlaceAndLink1764900000000,
  AddSharedCourseTexts1764950000000,
  FollowCityDefinitionsOfSharedCourses1764990000000,
  CountDefinitionChangesInStatistics1764990100000,
  LightenTheStatisticsChangeLog1765000000000,
];
