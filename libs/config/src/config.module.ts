import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ACADEMY_CONFIG, type AcademyConfig } from './config.js';

/** The settings, read once by the process's entry point; global, like the database connection. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AcademyConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ACADEMY_CONFIG, useValue: config }], exports: [ACADEMY_CONFIG] };
  }
}
