import { MIGRATIONS } from '@academy/migrations';
import { DataSource, type DataSourceOptions } from 'typeorm';

export { MIGRATIONS };

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
