import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length,
  Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { DELIVERY_MODES, type DeliveryMode } from '@academy/programmes';
import { SESSION_MODES, SESSION_TIME, type SessionMode, TRAINER_ROLES, type TrainerRole } from '@academy/sessions';
import { PageQuery } from '../common/pagination.dto.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SESSION_TIME_MESSAGE =
  "must be a date and time such as 2024-03-31T09:00:00 (local time in the session's zone) or 2024-03-31T07:00:00Z";
const SESSION_TIME_DOC =
  'A date and time. With an offset (`Z`, `+02:00`) it is that instant. Without one (`2024-03-31T09:00:00`) it is the ' +
  "wall-clock time in the session's time zone (`timezone`, default the programme's), converted with the time zone " +
  'database; a local time that does not exist there (clocks going forward) or happens twice (clocks going back) is ' +
  'refused with 400 naming the field. A date alone is refused.';
/** The one attendance-import policy towards manual records (libs/attendance/src/import-policy.ts), in the docs of both imports. */
export const MANUAL_POLICY_DOC =
  'An import never overwrites a manual record (a correction made with PUT /api/sessions/{id}/attendance/{userId}, or ' +
  'a status chosen on the review list): where the file agrees with it nothing changes; where it disagrees, the manual ' +
  'record is kept, counted in `keptManual` and listed in `manualConflicts` (lines, session, module, learner, what the ' +
  'file says, the record kept, who made it and when). To apply the file\'s value, correct the record by hand.';
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const TITLES_DOC = {
  example: { en: 'Digital human rights for civil servants, 2024', sq: 'Të drejtat digjitale të njeriut për nëpunësit civilë, 2024' },
  description:
    'Language versions of the title (language code → text, at most 200 characters each). A certificate prints the ' +
    "version in its own language, else the city's default language, else `title`; texts it prints in another " +
    'language are marked with their language in the web view and listed in the PDF\'s Keywords.',
};
const CRITERIA_DOC = {
  example: { 'DUB-YOUTH': [{ attribute: 'gender', value: 'female', minShare: 0.5, label: 'girls' }, { attribute: 'deis', value: true, minShare: 0.5, label: 'students of DEIS schools' }] },
  description:
    'Priority criteria for selecting applicants to oversubscribed sessions, per module code: a list of ' +
    '`{attribute, value, minShare, label}`, where `attribute` is `gender` (a text value) or `deis` (true/false), ' +
    '`minShare` the share of places (above 0, at most 1) and `label` how the selection report names it.',
};

export class CreateProgrammeDto {
  @ApiProperty({ example: 'TIRANA-2024' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, { message: 'code must be 2-40 letters, digits or dashes' })
  code: string;
  @ApiProperty({ example: 'Digital human rights for civil servants, 2024', description: 'The title as given; see `titles` for language versions' })
  @IsString() @Length(1, 200) title: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, ...TITLES_DOC })
  @IsOptional() @IsObject() titles?: Record<string, string>;
  @ApiProperty({ example: ['DHR-INTRO', 'DHR-PRIVACY'], description: 'Catalogue module codes, in delivery order' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) moduleCodes: string[];
  @ApiProperty({ example: 'tirana-2023', description: 'Rule set deciding the certificates' })
  @IsString() @Length(1, 100) ruleSet: string;
  @ApiPropertyOptional({ example: '2024-01-15' }) @IsOptional() @Matches(DATE, { message: 'periodStart must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'periodStart must be a real date' }) periodStart?: string;
  @ApiPropertyOptional({ example: '2024-03-31' }) @IsOptional() @Matches(DATE, { message: 'periodEnd must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'periodEnd must be a real date' }) periodEnd?: string;
  @ApiPropertyOptional({ example: ['sq', 'en'] }) @IsOptional() @IsArray() @ArrayMinSize(1) @Matches(/^[a-z]{2,3}$/, { each: true, message: 'languages must hold language codes such as "sq"' }) languages?: string[];
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IsOptional() @IsIn(DELIVERY_MODES) deliveryMode?: DeliveryMode;
  @ApiPropertyOptional({ example: 'Europe/Tirane', description: 'IANA time zone' }) @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional({ example: '09:00', description: "Local start (HH:MM, the programme's zone) of a session an attendance import creates from a date alone; default 09:00" })
  @IsOptional() @Matches(TIME_OF_DAY, { message: 'defaultSessionStart must be a time of day HH:MM' }) defaultSessionStart?: string;
  @ApiPropertyOptional({ example: 90, description: 'Length in minutes of such a session; default 90' })
  @IsOptional() @IsInt() @Min(1) @Max(1440) defaultSessionMinutes?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } }, ...CRITERIA_DOC })
  @IsOptional() @IsObject() selectionCriteria?: Record<string, { attribute: string; value: string | boolean; minShare: number; label: string }[]>;
}

export class AddModulesDto {
  @ApiProperty({ example: ['DHR-INCLUSION', 'DHR-TRANSPARENCY'], description: 'Catalogue module codes, appended in this order' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) moduleCodes: string[];
}

export class UpdateProgrammeDto {
  @ApiPropertyOptional({ example: 'Digital human rights for civil servants, 2024' }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, ...TITLES_DOC, description: `${TITLES_DOC.description} Replaces every version.` })
  @IsOptional() @IsObject() titles?: Record<string, string>;
  @ApiPropertyOptional({ example: '17:30' }) @IsOptional() @Matches(TIME_OF_DAY, { message: 'defaultSessionStart must be a time of day HH:MM' }) defaultSessionStart?: string;
  @ApiPropertyOptional({ example: 120 }) @IsOptional() @IsInt() @Min(1) @Max(1440) defaultSessionMinutes?: number;
}

export class UpdateProgrammeModuleDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: CRITERIA_DOC.example['DUB-YOUTH'],
    description:
      'The priority criteria of this module (replacing its list; `[]` for none): `{attribute, value, minShare, label}`, ' +
      'where `attribute` is `gender` (a text value) or `deis` (true/false), `minShare` above 0 and at most 1, labels unique.',
  })
  @IsArray() @ArrayMaxSize(10) selectionCriteria: { attribute: string; value: string | boolean; minShare: number; label: string }[];
}

export class TrainerAssignmentDto {
  @ApiProperty() @IsUUID() userId: string;
  @ApiProperty({ enum: TRAINER_ROLES }) @IsIn(TRAINER_ROLES) role: TrainerRole;
}

export class CreateSessionDto {
  @ApiProperty({ example: 'DHR-INTRO' }) @IsString() @Length(1, 40) moduleCode: string;
  @ApiProperty({ example: '2023-01-17T09:00:00', description: SESSION_TIME_DOC })
  @IsString() @Matches(SESSION_TIME, { message: `startsAt ${SESSION_TIME_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'startsAt must be a real date and time' }) startsAt: string;
  @ApiPropertyOptional({ example: '2023-01-17T10:30:00', description: SESSION_TIME_DOC })
  @IsOptional() @IsString() @Matches(SESSION_TIME, { message: `endsAt ${SESSION_TIME_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'endsAt must be a real date and time' }) endsAt?: string;
  @ApiPropertyOptional({ example: 'Europe/Tirane', description: "Defaults to the programme's zone" })
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional({ enum: SESSION_MODES }) @IsOptional() @IsIn(SESSION_MODES) mode?: SessionMode;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ minimum: 1, description: 'Places; when applications exceed it, selection decides' })
  @IsOptional() @IsInt() @Min(1) @Max(100000) capacity?: number;
  @ApiPropertyOptional({ example: 'City Hall, room 204', description: 'Where an in-person session happens' })
  @IsOptional() @IsString() @Length(1, 300) place?: string;
  @ApiPropertyOptional({ example: 'https://meet.example/dhr-intro', description: 'The meeting link of an online session' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'link must be an http(s) URL' })
  @MaxLength(2000) link?: string;
  @ApiPropertyOptional({ type: [TrainerAssignmentDto] })
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TrainerAssignmentDto) trainers?: TrainerAssignmentDto[];
}

export class ChangeRuleSetDto {
  @ApiProperty({ example: 'dublin-2023' }) @IsString() @Length(1, 100) ruleSet: string;
}

export class AdoptRuleSetVersionDto {
  @ApiProperty({ example: 2, minimum: 1, description: "A version of the programme's rule set" })
  @IsInt() @Min(1) @Max(1_000_000) version: number;
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
  @ApiProperty({ description: "Sessions created for dates no session had: at the programme's defaultSessionStart, lasting defaultSessionMinutes" })
  sessionsCreated: number;
  @ApiProperty({ description: 'Rows that disagree with a manual record, which was kept' }) keptManual: number;
  @ApiProperty({
    description: 'Every row that disagrees with a manual record (also in `warnings` by line)',
    example: [{
      lines: [3], sessionId: '5b0c…', moduleCode: 'DHR-PRIVACY', userId: '9e1f…', email: 'ilir.gashi@tirana.example',
      file: { status: 'absent', minutes: null },
      kept: { status: 'late', minutes: 45, recordedAt: '2024-03-05T10:12:00.000Z', recordedBy: 'admin@tirana.example' },
    }],
  })
  manualConflicts: unknown[];
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
