import {
  BadRequestException, Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse,
  ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AttendanceImportService } from '@academy/attendance';
import { CertificatesService, DryRunService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ProgrammeClosingService, ProgrammeModulesService, ProgrammesService } from '@academy/programmes';
import { SessionsService } from '@academy/sessions';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { PageQuery, sendPage } from '../common/pagination.dto.js';
import { UuidParam } from '../common/validation.js';
import {
  AddModulesDto, AdoptRuleSetVersionDto, CertificateQuery, ChangeRuleSetDto, CloseProgressDto, CreateProgrammeDto, CreateSessionDto, EnrolDto,
  ImportResultDto, MANUAL_POLICY_DOC, RetryResultDto, UpdateProgrammeDto, UpdateProgrammeModuleDto,
} from './programmes.dto.js';


@ApiTags('programmes')
@ApiBearerAuth()
@Controller('api/programmes')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly closing: ProgrammeClosingService,
    private readonly sessions: SessionsService,
    private readonly imports: AttendanceImportService,
    private readonly certificates: CertificatesService,
    private readonly dryRuns: DryRunService,
    private readonly modules: ProgrammeModulesService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a programme in your city from catalogue modules and a rule set',
    description:
      '`titles` holds the title\'s language versions; `selectionCriteria` the priority criteria per module; ' +
      '`defaultSessionStart`/`defaultSessionMinutes` the local time and length of sessions an attendance import ' +
      'creates from a date alone. The rule set\'s version is pinned by the programme\'s first decision (`ruleSetVersion`).',
  })
  @ApiCreatedResponse({ description: 'The programme' })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it' })
  @ApiConflictResponse({ description: 'A programme with this code exists in your city' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgrammeDto) {
    return this.programmes.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: "Your city's programmes, newest first, paginated (X-Total-Count, Link)" })
  async list(@CurrentActor() actor: Actor, @Query() q: PageQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return sendPage(req, res, await this.programmes.list(actor, q));
  }

  @Get(':id')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'One programme with its modules (titles in every language, audience, selection criteria)' })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.programmes.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: "Change a programme's title, the title's language versions or its session defaults",
    description:
      'Omitted fields stay as they are; `titles` replaces every language version. Audited as `programme.updated` ' +
      'with the values before and after. Certificates already issued keep the texts they were issued with.',
  })
  @ApiOkResponse({ description: 'The programme' })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it (e.g. `titles.SQ: must be a language code such as "sq"`)' })
  @ApiNotFoundResponse({ description: 'No such programme in your city' })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateProgrammeDto) {
    return this.programmes.update(actor, id, dto);
  }

  @Post(':id/modules')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add catalogue modules to an open programme',
    description:
      'Appends the modules after the ones the programme has, in the order given; a module it already has is left ' +
      'alone. Audited as `programme.modules-added`. A closed programme keeps its modules (409).',
  })
  @ApiOkResponse({ description: 'The programme with its modules' })
  @ApiBadRequestResponse({ description: 'moduleCodes: empty, or naming a module that is not in the catalogue' })
  @ApiConflictResponse({ description: 'The programme is closed' })
  @ApiNotFoundResponse({ description: 'No such programme in your city' })
  async addModules(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AddModulesDto) {
    await this.modules.add(actor, id, dto.moduleCodes);
    return this.programmes.get(actor, id);
  }

  @Put(':id/modules/:code')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set what a module of the programme declares: its priority criteria for selecting applicants',
    description:
      'Replaces the module\'s list of criteria (`[]` for none). A selection (POST /api/sessions/{id}/selection) of a ' +
      'session of this module honours them from its next run. Audited as `programme.module-updated`.',
  })
  @ApiOkResponse({ description: 'The programme module: `{code, title, titles, kind, audience, selectionCriteria}`' })
  @ApiBadRequestResponse({ description: 'A criterion is invalid; the message names it (e.g. `selectionCriteria[0].minShare: …`)' })
  @ApiNotFoundResponse({ description: 'No such programme in your city, or the module is not one of its modules' })
  updateModule(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Param('code') code: string,
    @Body() dto: UpdateProgrammeModuleDto,
  ) {
    return this.programmes.updateModule(actor, id, code, dto);
  }

  @Post(':id/enrolments')
  @Roles('admin')
  @ApiOperation({ summary: "Enrol a learner of your city in the modules open to their audience" })
  enrol(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: EnrolDto) {
    return this.programmes.enrol(actor, id, dto.userId, dto.moduleCodes);
  }

  @Post(':id/sessions')
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: 'Schedule a session of one of the programme modules',
    description:
      '`startsAt`/`endsAt` with an offset (`Z`, `+02:00`) are those instants; without one (`2024-03-31T09:00:00`) ' +
      "they are wall-clock times in the session's `timezone` (default the programme's). A local time the clocks " +
      'skip or show twice there is refused with 400 naming the field, and so is a date without a time.',
  })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it (e.g. `startsAt: 2024-03-31T02:30:00 does not exist in Europe/Tirane …`)' })
  createSession(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CreateSessionDto) {
    return this.sessions.create(actor, id, dto);
  }

  @Get(':id/sessions')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Sessions with UTC instants and local wall-clock times' })
  listSessions(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.sessions.list(actor, id);
  }

  @Post(':id/attendance/import')
  @Roles('admin', 'trainer')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Import attendance from a CSV (email,name,department,module,session,status,minutes)',
    description:
      'Send the file as a `text/csv` body or as a multipart field `file`. Creates missing learners (who are ' +
      'mailed an invitation), enrolments and sessions (the `session` column is a date YYYY-MM-DD in the ' +
      "programme's zone, or a session id; a session created for a date starts at the programme's " +
      '`defaultSessionStart` (default 09:00 local time) and lasts `defaultSessionMinutes` (default 90)). Bad rows are ' +
      'reported with their line and do not stop the good ones. Importing the same file again changes nothing. ' +
      `${MANUAL_POLICY_DOC} Files over IMPORT_MAX_BYTES (20 MiB) get 413.\n\n` +
      'Accepted files: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or ' +
      'Windows-1252 (Excel\'s plain "CSV" on Windows), told apart by their bytes; columns separated by commas, ' +
      'semicolons (Excel in most European locales) or tabs, taken from the header line. Any other file is ' +
      'refused with 400 saying how to save it ("CSV UTF-8"). A line that repeats an earlier one for the same ' +
      'learner and session is counted once and listed in `warnings` (and `duplicates`); one that disagrees ' +
      'with it is an error naming both lines.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than IMPORT_MAX_BYTES' })
  importAttendance(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @UploadedFile() file?: { buffer: Buffer },
  ) {
    const content = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : null);
    if (!content) {
      throw new BadRequestException('file: send the CSV as a text/csv body or as a multipart field named "file"');
    }
    return this.imports.import(actor, id, content);
  }

  @Post(':id/close')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Close the programme: certificates are decided and issued by the worker',
    description:
      'Answers once the close is committed, even while the queue is down (the evaluation follows when it is ' +
      'back); follow GET /api/programmes/{id}/close-status until `pending` is 0.',
  })
  @ApiAcceptedResponse({ type: CloseProgressDto, description: 'Evaluation recorded; the body is the current progress' })
  close(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.closing.close(actor, id);
  }

  @Get(':id/close-status')
  @Roles('admin')
  @ApiOperation({
    summary: 'Progress of the evaluation after closing, with the jobs that failed all their attempts',
    description: 'Cheap enough to poll while the workers run. `failures` lists what POST …/close-status/retry would run again.',
  })
  @ApiOkResponse({ type: CloseProgressDto })
  @ApiNotFoundResponse({ description: 'No programme with this id in your city' })
  closeStatus(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.closing.progress(actor, id);
  }

  @Post(':id/close-status/retry')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run again the evaluation jobs of this close that failed all their attempts',
    description:
      'For after the cause is fixed (a rule set, a template, a learner record). Each failed job starts again with ' +
      'fresh attempts; a decision already recorded is not taken twice. Audited as `programme.evaluations-retried`. ' +
      'Nothing to retry answers `retried: 0`.',
  })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiUnauthorizedResponse({ description: 'No or an invalid bearer token' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  @ApiNotFoundResponse({ description: 'No programme with this id in your city' })
  @ApiServiceUnavailableResponse({ description: 'The queue (Redis) does not answer; nothing was retried' })
  retryFailures(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.closing.retryFailures(actor, id);
  }

  @Get(':id/certificates')
  @Roles('admin')
  @ApiOperation({
    summary: 'Certificates of the programme, oldest first',
    description:
      'Paginated with `page` and `perPage` (max 1000). The total is in `X-Total-Count`; follow the ' +
      '`rel="next"` URL of the `Link` header until there is none to get them all. Filter with `status`.',
  })
  async listCertificates(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() q: CertificateQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.certificates.listForProgramme(actor, id, q, q.status);
    return sendPage(req, res, page);
  }

  @Get(':id/dry-run')
  @Roles('admin')
  @ApiOperation({
    summary: 'What every learner would get if the programme closed now, and why not more',
    description:
      'The same decision the certificate job makes, recorded nowhere, under the same rule-set version (`ruleSetVersion`: ' +
      'the pinned one, or the latest before the first decision) and the same records: the modules each person is ' +
      'enrolled in (`attendedModules` + `missingModules`), their attendance at those modules except at sessions they ' +
      'delivered, and self-paced progress. The explanation names near misses and excused absences. Paginated like the other lists.',
  })
  async dryRun(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() q: PageQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return sendPage(req, res, await this.dryRuns.run(actor, id, q));
  }

  @Put(':id/rule-set')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the rule set of a programme that has no certificates yet (409 once it has)',
    description:
      'The version is pinned again by the next decision (the latest version of the new rule set at that moment). ' +
      'A closed programme is evaluated again at once. Audited as `programme.rule-set-changed`.',
  })
  @ApiNoContentResponse({ description: 'Changed (or it already was this rule set)' })
  @ApiBadRequestResponse({ description: 'ruleSet: not a rule set of your city or a built-in one' })
  @ApiConflictResponse({ description: 'The programme has certificates: its rules are frozen; the message says what can be done instead' })
  async changeRuleSet(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ChangeRuleSetDto): Promise<void> {
    await this.programmes.changeRuleSet(actor, id, dto.ruleSet);
  }

  @Put(':id/rule-set-version')
  @Roles('admin')
  @ApiOperation({
    summary: "Adopt another version of the programme's rule set (before its first certificate)",
    description:
      'A programme decides under the version of its rule set that was the latest when it made its first decision ' +
      '(`ruleSetVersion`); publishing a newer version does not change it. This opts the programme in to another ' +
      'version explicitly, only while it has no certificate in any state (issued certificates keep the rules that ' +
      'granted them). Audited as `programme.rule-set-version-adopted` with the versions before and after; a closed ' +
      'programme is evaluated again at once under the adopted version (follow `close-status`).',
  })
  @ApiOkResponse({ description: 'The programme, with `ruleSetVersion` set to the adopted version' })
  @ApiBadRequestResponse({ description: 'version: not a version of the rule set (the message lists them)' })
  @ApiConflictResponse({ description: 'The programme has certificates: its rules are frozen; the message says what can be done instead' })
  @ApiNotFoundResponse({ description: 'No such programme in your city' })
  adoptRuleSetVersion(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AdoptRuleSetVersionDto) {
    return this.programmes.adoptRuleSetVersion(actor, id, dto.version);
  }
}
