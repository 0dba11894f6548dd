import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const STATS_TABLES = ['modules-attended', 'modules', 'sessions', 'certificates', 'certificates-by-month', 'gender',
  'deis-school', 'programmes', 'cities'] as const;

/** Filters every statistics route takes, and the CSV choice. */
export class ProgrammeStatsQuery {
  @ApiPropertyOptional({ description: 'Only people of this department (of your city)' })
  @IsOptional() @IsUUID('all', { message: 'department: must be a UUID' }) department?: string;
  @ApiPropertyOptional({ example: '2024-01-01', description: 'First local date of the period (city timezone), included' })
  @IsOptional() @Matches(DATE, { message: 'from: must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'from: must be a real date' })
  from?: string;
  @ApiPropertyOptional({ example: '2024-12-31', description: 'Last local date of the period (city timezone), included' })
  @IsOptional() @Matches(DATE, { message: 'to: must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'to: must be a real date' })
  to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: '`csv`: one table (`table`) as a CSV download' })
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ enum: STATS_TABLES, description: 'With format=csv: which table' })
  @IsOptional() @IsIn(STATS_TABLES) table?: string;
}

export class CityStatsQuery extends ProgrammeStatsQuery {
  @ApiPropertyOptional({ description: 'Only this programme (of your city)' })
  @IsOptional() @IsUUID('all', { message: 'programme: must be a UUID' }) programme?: string;
}

export class PlatformStatsQuery extends CityStatsQuery {
  @ApiPropertyOptional({ description: 'Only this city' })
  @IsOptional() @IsUUID('all', { message: 'city: must be a UUID' }) city?: string;
}
