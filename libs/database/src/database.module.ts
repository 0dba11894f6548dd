import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AcademyConfig } from '@academy/config';
import { dataSourceOptions } from './data-source.js';

/** The PostgreSQL connection (a pool per process); its DataSource is global to the app. */
@Module({})
export class DatabaseModule {
  static forRoot(config: AcademyConfig, options: { poolSize?: number } = {}): DynamicModule {
    return { module: DatabaseModule, imports: [TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, options.poolSize))] };
  }
}
