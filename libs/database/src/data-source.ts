import { DataSource, type DataSourceOptions } from 'typeorm';
import { CreateAcademySchema1763798400000 } from './migrations/1763798400000-CreateAcademySchema.js';
import { AddAudiencesEvidenceAndRuleSetVersions1763884800000 } from './migrations/1763884800000-AddAudiencesEvidenceAndRuleSetVersions.js';
import { AddVideoConferenceImports1763971200000 } from './migrations/1763971200000-AddVideoConferenceImports.js';
import { AddSelfPacedLessons1763971300000 } from './migrations/1763971300000-AddSelfPacedLessons.js';
import { AddSurveyResponses1763971400000 } from './migrations/1763971400000-AddSurveyResponses.js';

export const MIGRATIONS = [
  CreateAcademySchema1763798400000,
  AddAudiencesEvidenceAndRuleSetVersions1763884800000,
  AddVideoConferenceImports1763971200000,
  AddSelfPacedLessons1763971300000,
  AddSurveyResponses1763971400000,
];

/** One place that knows how the academy talks to PostgreSQL; `synchronize` is never on. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entity classes: the services speak SQL (see the README), the schema lives in migrations.
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors to the caller, which logs them with the request id.
    logging: false,
    extra: { max: poolSize, application_name: 'digital-rights-academy' },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
