import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@academy/common';
import { ProgrammeStatisticsService, type ScopedAnswer, StatisticsService, SUPPRESSION_RULE, tableCsv } from '@academy/statistics';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';
import { CityStatsQuery, PlatformStatsQuery, ProgrammeStatsQuery } from './statistics.dto.js';

const ANSWER =
  'Figures come from per-programme aggregates; `freshness.current` says whether they include every change, and ' +
  '`freshness.stale` lists programmes whose refresh is still under way (with the time their figures are as of). ' +
  `Small groups: ${SUPPRESSION_RULE} \`format=csv&table=<id>\` returns one table as CSV.`;

/**
 * An answer the statistics service reused (the same cells, nothing changed since) is the same
 * object: its JSON is written once, as Express's res.json would write it.
 */
const written = new WeakMap<ScopedAnswer, string>();

/** The answer as JSON, or one of its tables as a CSV download. */
function reply(answer: ScopedAnswer, q: ProgrammeStatsQuery, res: Response, name: string) {
  if (q.format !== 'csv') {
    let json = written.get(answer);
    if (json === undefined) written.set(answer, (json = JSON.stringify(answer)));
    res.type('application/json');
    return json;
  }
  if (!q.table) throw new BadRequestException(`table: required with format=csv (one of ${answer.tables.map((t) => t.id).join(', ')})`);
  const table = answer.tables.find((t) => t.id === q.table);
  if (!table) throw new BadRequestException(`table: "${q.table}" is not in this answer (one of ${answer.tables.map((t) => t.id).join(', ')})`);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${table.id}.csv"`);
  res.setHeader('X-Statistics-Current', String(answer.freshness.current));
  if (answer.freshness.asOf) res.setHeader('X-Statistics-As-Of', answer.freshness.asOf);
  res.send(tableCsv(table));
  return undefined;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(
    private readonly stats: StatisticsService,
    private readonly programmes: ProgrammeStatisticsService,
  ) {}

  @Get('api/programmes/:id/stats')
  @Roles('admin')
  @ApiOperation({
    summary: 'A programme: attendees, per module and session, distribution of modules attended, certificates, demographics',
    description:
      'Counted with the one definition the dry run and the certificate job use: `enrolled` are the people enrolled in ' +
      'at least one module, a module counts as attended under the module condition of the rule-set version the ' +
      'programme decides with (`ruleSet`, `ruleSetVersion`: statuses, share of minutes, self-paced policy), attendance ' +
      'at a module someone is not enrolled in or at a session they delivered counts nowhere. `trainers`: people who led ' +
      'or co-facilitated a session of the programme, counted apart from the enrolled. ' + ANSWER,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiNotFoundResponse({ description: 'No such programme or department in your city' })
  async programme(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() q: ProgrammeStatsQuery,
    @Res({ passthrough: true }) res: Response) {
    return reply(await this.programmes.forProgramme(actor, id, q), q, res, `programme-${id}`);
  }

  @Get('api/statistics')
  @Roles('admin')
  @ApiOperation({ summary: 'Your city across its programmes, filterable by programme, department and period', description: ANSWER })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Headline figures, tables (charts draw from them), suppression, freshness' })
  @ApiNotFoundResponse({ description: 'No such programme or department in your city' })
  async city(@CurrentActor() actor: Actor, @Query() q: CityStatsQuery, @Res({ passthrough: true }) res: Response) {
    return reply(await this.stats.forCity(actor, q), q, res, 'city');
  }

  @Get('api/platform/statistics')
  @Roles('platform')
  @ApiOperation({
    summary: 'Across cities (platform role), filterable by city, programme, department and period',
    description: `Every figure, headline included, only as it survives suppression. ${ANSWER}`,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiNotFoundResponse({ description: 'No such city, programme or department' })
  async platform(@Query() q: PlatformStatsQuery, @Res({ passthrough: true }) res: Response) {
    return reply(await this.stats.forPlatform(q), q, res, 'platform');
  }
}
