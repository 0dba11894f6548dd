import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@academy/common';
import { programmeOfCity } from '@academy/programmes';
import { type ScopedAnswer, StatisticsService, type StatsFilters } from './statistics.service.js';

export type ProgrammeStats = ScopedAnswer & {
  /** People enrolled in at least one module of the programme. */
  enrolled: number;
  /** Enrolled people who attended at least one module. */
  attendees: number;
  /** Per module: enrolled people who attended it. */
  modules: Record<string, number>;
  /** Number of modules attended (0 included) → number of enrolled people. */
  modulesAttended: Record<string, number>;
  /** Valid certificates per kind. */
  certificates: { completion: number; attendance: number; trainer: number };
  /** Certificates per kind and status. */
  certificatesByStatus: Record<string, { valid: number; superseded: number; revoked: number }>;
  /** Share of the enrolled holding a valid Completion certificate. */
  completionRate: number;
  /** People who led or co-facilitated at least one session of the programme (whether or not enrolled). */
  trainers: number;
  /** The rule set and version whose module condition counted "attended". */
  ruleSet: string;
  ruleSetVersion: number;
};

/**
 * One programme's statistics for its city's administrator: the scoped answer (tables,
 * suppression, freshness) plus the programme's headline figures by name.
 */
@Injectable()
export class ProgrammeStatisticsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly stats: StatisticsService,
  ) {}

  /** Built for an answer the statistics service reused as it is: the same figures by name. */
  private readonly byAnswer = new WeakMap<ScopedAnswer, ProgrammeStats>();

  async forProgramme(actor: Actor, programmeId: string, filters: Omit<StatsFilters, 'programme' | 'city'> = {}): Promise<ProgrammeStats> {
    // Another city's programme is a 404 before any mistake in the filters. Otherwise the
    // scoped answer finds out itself (the programme is in its scope or checked for).
    if (filters.from && filters.to && filters.from > filters.to) await programmeOfCity(this.ds.manager, actor, programmeId);
    const answer = await this.stats.forCity(actor, { ...filters, programme: programmeId });
    const known = this.byAnswer.get(answer);
    if (known) return known;
    const [snapshot] = await this.ds.query(`SELECT rule_set, rule_set_version FROM stats_snapshots WHERE programme_id = $1`, [programmeId]);
    const table = (id: string) => answer.tables.find((t) => t.id === id)!;
    const columnTotals = (id: string) =>
      Object.fromEntries(table(id).columns.map((c, i) => [c.key, table(id).totals.values[i] ?? 0])) as Record<string, number>;
    const certs = table('certificates');
    const byStatus = Object.fromEntries(certs.rows.map((r) => [r.key, {
      valid: r.values[0] ?? 0, superseded: r.values[1] ?? 0, revoked: r.values[2] ?? 0,
    }]));
    const stats: ProgrammeStats = {
      ...answer,
      enrolled: answer.headline.enrolled ?? 0,
      attendees: answer.headline.attendees ?? 0,
      modules: columnTotals('modules'),
      modulesAttended: columnTotals('modules-attended'),
      certificates: { completion: byStatus.completion.valid, attendance: byStatus.attendance.valid, trainer: byStatus.trainer.valid },
      certificatesByStatus: byStatus,
      completionRate: answer.headline.completionRate ?? 0,
      trainers: answer.headline.trainers ?? 0,
      ruleSet: snapshot?.rule_set,
      ruleSetVersion: snapshot?.rule_set_version,
    };
    this.byAnswer.set(answer, stats);
    return stats;
  }
}
