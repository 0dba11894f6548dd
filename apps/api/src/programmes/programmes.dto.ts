import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches,
  Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { DELIVERY_MODES, type DeliveryMode } from '@academy/programmes';
import { SESSION_MODES, type SessionMode, TRAINER_ROLES, type TrainerRole } from '@academy/sessions';
import { PageQuery } from '../common/pagination.dto.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateProgrammeDto {
  @ApiProperty({ example: 'TIRANA-2024' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, { message: 'code must be 2-40 letters, digits or dashes' })
  code: string;
  @ApiProperty({ example: 'Digital human rights for civil servants, 2024' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ example: ['DHR-INTRO', 'DHR-PRIVACY'], description: 'Catalogue module codes, in delivery order' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) moduleCodes: string[];
  @ApiProperty({ example: 'tirana-2023', description: 'Rule set deciding the certificates' })
  @IsString() @Length(1, 100) ruleSet: string;
  @ApiPropertyOptional({ example: '2024-01-15' }) @IsOptional() @Matches(DATE, { message: 'periodStart must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'periodStart must be a real date' }) periodStart?: string;
  @ApiPropertyOptional({ example: '2024-03-31' }) @IsOptional() @Matches(DATE, { message: 'periodEnd must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'periodEnd must be a real date' }) periodEnd?: string;
  @ApiPropertyOptional({ example: ['sq', 'en'] }) @IsOptional() @IsArray() @ArrayMinSize(1) @Matches(/^[a-z]{2,3}$/, { each: true, message: 'languages must hold language codes such as "sq"' }) languages?: string[];
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IsOptional() @IsIn(DELIVERY_MODES) deliveryMode?: DeliveryMode;
  @ApiPropertyOptional({ example: 'Europe/Tirane', description: 'IANA time zone' }) @IsOptional() @IsString() @MaxLength(64) timezone?: string;
}

export class TrainerAssignmentDto {
  @ApiProperty() @IsUUID() userId: string;
  @ApiProperty({ enum: TRAINER_ROLES }) @IsIn(TRAINER_ROLES) role: TrainerRole;
}

export class CreateSessionDto {
  @ApiProperty({ example: 'DHR-INTRO' }) @IsString() @Length(1, 40) moduleCode: string;
  @ApiProperty({ example: '2023-01-17T09:00:00Z', description: 'ISO 8601 instant (with offset or Z)' })
  @IsISO8601({ strict: true }) startsAt: string;
  @ApiPropertyOptional({ example: '2023-01-17T10:30:00Z' }) @IsOptional() @IsISO8601({ strict: true }) endsAt?: string;
  @ApiPropertyOptional({ example: 'Europe/Tirane', description: "Defaults to the programme's zone" })
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional({ enum: SESSION_MODES }) @IsOptional() @IsIn(SESSION_MODES) mode?: SessionMode;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ minimum: 1, description: 'Places; when applications exceed it, selection decides' })
  @IsOptional() @IsInt() @Min(1) @Max(100000) capacity?: number;
  @ApiPropertyOptional({ type: [TrainerAssignmentDto] })
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TrainerAssignmentDto) trainers?: TrainerAssignmentDto[];
}

export class ChangeRuleSetDto {
  @ApiProperty({ example: 'dublin-2023' }) @IsString() @Length(1, 100) ruleSet: string;
}

export class EnrolDto {
  @ApiProperty() @IsUUID() userId: string;
  @ApiPropertyOptional({ example: ['DUB-YOUTH'], description: "Default: every module open to the learner's audience" })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) moduleCodes?: string[];
}

export class ImportResultDto {
  @ApiProperty({ description: 'Data rows read from the file' }) rows: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Lines that repeat an earlier line for the same learner and session; counted once' })
  duplicates: number;
  @ApiProperty({ example: [{ line: 3, message: 'status: "here" is not one of present, late, excused, absent' }] })
  errors: { line: number; message: string }[];
  @ApiProperty({ description: 'What was done without losing data, one per line', example: [{ line: 4, message: 'repeats line 2; counted once' }] })
  warnings: { line: number; message: string }[];
  @ApiProperty() importId: string;
  @ApiProperty() learnersCreated: number;
  @ApiProperty() sessionsCreated: number;
}

export class CertificateQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['valid', 'revoked', 'superseded'] })
  @IsOptional() @IsIn(['valid', 'revoked', 'superseded']) status?: 'valid' | 'revoked' | 'superseded';
}

export class CertificateCountsDto {
  @ApiProperty() completion: number;
  @ApiProperty() attendance: number;
  @ApiProperty() trainer: number;
}

export class EvaluationFailureDto {
  @ApiProperty({ example: 'evaluate_7c6e…_r0_c1', description: "BullMQ's id of the job" }) jobId: string;
  @ApiProperty({ enum: ['evaluate-learner', 'close-programme'] }) job: string;
  @ApiProperty({ nullable: true, description: 'The learner, for an evaluation' }) userId: string | null;
  @ApiProperty({ example: 'programme names an unknown rule set "tirana-2031"', description: 'The last error' }) reason: string;
  @ApiProperty({ description: 'Attempts made' }) attempts: number;
  @ApiProperty({ format: 'date-time' }) failedAt: string;
}

export class CloseProgressDto {
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ description: 'Learners enrolled' }) enrolled: number;
  @ApiProperty({ description: 'Learners decided for the current close and revision' }) evaluated: number;
  @ApiProperty({ description: 'Learners still owed a decision (0 while open)' }) pending: number;
  @ApiProperty({ type: CertificateCountsDto, description: 'Valid certificates by kind' }) certificates: CertificateCountsDto;
  @ApiProperty({ description: 'Jobs of this close that failed all their attempts and are still undecided' }) failed: number;
  @ApiProperty({ type: [EvaluationFailureDto], description: 'The first 100 of them, oldest first' }) failures: EvaluationFailureDto[];
}

export class RetryResultDto {
  @ApiProperty({ description: 'Failed jobs sent to run again' }) retried: number;
  @ApiProperty({ type: CloseProgressDto }) progress: CloseProgressDto;
}
