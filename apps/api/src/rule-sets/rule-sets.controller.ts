import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation,
  ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '@academy/common';
import { RuleSetsService } from '@academy/rule-sets';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';

export class VersionQuery {
  @ApiPropertyOptional({ description: 'A given version; default the latest', minimum: 1, maximum: 1_000_000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) version?: number;
}

const RULE_SET_BODY = {
  description: 'A rule set definition, format "academy.rule-set/1" (see libs/rules/README.md)',
  schema: {
    type: 'object',
    example: {
      format: 'academy.rule-set/1', id: 'city-2025', version: 1, title: 'City 2025',
      description: 'Completion: 4 of 6 modules including DHR-INTRO and an accepted final assignment; attendance: 2.',
      moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: 0.8, selfPaced: 'all-lessons-and-check' },
      awards: [
        { kind: 'completion', scope: 'programme', when: { minModules: 4, requiredModules: ['DHR-INTRO'], acceptedEvidence: ['final-assignment'] } },
        { kind: 'attendance', scope: 'programme', when: { minModules: 2 } },
      ],
    },
  },
};

@ApiTags('rule sets')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get()
  @ApiOperation({ summary: "Built-in rule sets and your city's own, latest versions" })
  list(@CurrentActor() actor: Actor) {
    return this.ruleSets.list(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A rule set of your city (or a built-in one): the latest version, or `version`' })
  @ApiNotFoundResponse({ description: 'No such rule set (or version) in your city; the same answer whether or not another city has one of that id' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() q: VersionQuery) {
    return this.ruleSets.get(actor, id, q.version);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiBody(RULE_SET_BODY)
  @ApiOperation({ summary: 'Check a definition without storing it: 200 {valid: true} or 400 with errors by JSON path' })
  validate(@Body() body: unknown) {
    const errors = this.ruleSets.validate(body);
    if (errors.length) {
      throw new BadRequestException({ message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
    }
    return { valid: true };
  }

  @Post()
  @ApiBody(RULE_SET_BODY)
  @ApiOperation({
    summary: 'Publish a version of a city rule set',
    description:
      "Rule-set ids are your city's own: another city may use the same id for its own rule set, and nothing here " +
      'says what exists in another city. The ids of the built-in rule sets (tirana-2023, dublin-2023, mooc-2024) are taken for ' +
      'every city and get no new versions. Versions are immutable and must increase; decisions record the version ' +
      'that made them. A programme keeps the version its first decision was made with (`ruleSetVersion`): a new ' +
      'version applies to programmes that have decided nothing yet, and to others only when they adopt it ' +
      '(PUT /api/programmes/{id}/rule-set-version, before their first certificate).',
  })
  @ApiCreatedResponse({ description: 'The published version' })
  @ApiBadRequestResponse({ description: 'The definition is invalid; `errors` name each JSON path' })
  @ApiConflictResponse({ description: 'A built-in id, or a version that is not above the latest; the message says which version to publish' })
  publish(@CurrentActor() actor: Actor, @Body() body: unknown) {
    return this.ruleSets.publish(actor, body);
  }
}
