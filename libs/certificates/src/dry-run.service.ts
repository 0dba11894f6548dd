import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, offsetOf, type Page, type PageRequest } from '@academy/common';
import { programmeOfCity } from '@academy/programmes';
import type { Award, Decision, Wording } from '@academy/rules';
import { CertificateIssuer } from './certificate-issuer.service.js';

export interface DryRunItem {
  learnerId: string;
  learnerEmail: string;
  learnerName: string;
  awards: Award[];
  attendedModules: string[];
  missingModules: string[];
  /** What counted and, for each award not reached, what is missing. */
  explanation: string[];
  ruleSet: string;
  ruleSetVersion: number | null;
}

/** "If we closed now": the job's own decision for every learner, recorded nowhere. */
@Injectable()
export class DryRunService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly issuer: CertificateIssuer,
  ) {}

  /** `wording`: the explanations' words (a page's language); the rules' English by default, as the API answers. */
  async run(actor: Actor, programmeId: string, page: PageRequest, wording?: Wording): Promise<Page<DryRunItem>> {
    await programmeOfCity(this.ds.manager, actor, programmeId);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM enrolments WHERE programme_id = $1`, [
      programmeId,
    ]);
    const learners: { id: string; email: string; name: string }[] = await this.ds.query(
      `SELECT u.id, u.email, u.name FROM enrolments e JOIN users u ON u.id = e.user_id
        WHERE e.programme_id = $1 ORDER BY u.email LIMIT $2 OFFSET $3`,
      [programmeId, page.perPage, offsetOf(page)],
    );
    const items: DryRunItem[] = [];
    for (const l of learners) {
      const d = (await this.issuer.preview(programmeId, l.id, wording))!;
      items.push({
        learnerId: l.id, learnerEmail: l.email, learnerName: l.name, awards: d.awards, attendedModules: d.attendedModules,
        missingModules: d.missingModules, explanation: d.explanation, ruleSet: d.ruleSet,
        ruleSetVersion: d.ruleSetVersion ?? null,
      });
    }
    return { items, total, ...page };
  }

  /** The caller's own dry run (see dryRunForMe), its explanation in `wording` (default English). */
  forMe(actor: Actor, programmeId: string, wording?: Wording): Promise<Decision | null> {
    return dryRunForMe(this.issuer, actor, programmeId, wording);
  }

  /**
   * The caller's recorded decision (its explanation as the job stored it, in the rules'
   * English) in `wording`: the dry run's worded explanation when the dry run, in English,
   * says word for word what was recorded (the same rule set version on the same record: the
   * same decision). Null when it does not (a change since, not yet decided again), or when
   * the caller is not enrolled: the recorded words are then the ones to show.
   */
  async recordedInWords(actor: Actor, programmeId: string, recorded: string[], wording: Wording): Promise<string[] | null> {
    const [english, worded] = (await this.issuer.previewIn(programmeId, actor.id, [undefined, wording], actor.cityId)) ?? [];
    const same = english && english.explanation.length === recorded.length && english.explanation.every((line, i) => line === recorded[i]);
    return same ? worded.explanation : null;
  }
}

/**
 * The dry run for the caller alone ("what would I get if the programme closed now, and what
 * is still missing"): the same decision as the administrator's dry run, for a learner's own
 * page. Null when the caller is not enrolled (or the programme is another city's).
 */
export async function dryRunForMe(issuer: CertificateIssuer, actor: Actor, programmeId: string, wording?: Wording) {
  // The record is read only for an enrolment, and answered only for a programme of the caller's city.
  return (await issuer.previewIn(programmeId, actor.id, [wording], actor.cityId))?.[0] ?? null;
}
