import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import {
  type Actor, conflict, invalid, isValidTimeZone, type LanguageVersions, languageVersionsProblems, notFound, offsetOf,
  type Page, type PageRequest,
} from '@academy/common';
import { RuleSetsService } from '@academy/rule-sets';
import { type Programme, PROGRAMME_COLUMNS, programmeOfCity } from './programme-access.js';
import { ProgrammeClosingService } from './programme-closing.service.js';
import type { DeliveryMode } from './programmes.tables.js';
import { type SelectionCriterion, selectionCriteriaProblems } from './selection-criteria.js';

export interface NewProgramme {
  code: string;
  title: string;
  /** Language versions of the title: `{ "en": "…", "sq": "…" }`. */
  titles?: LanguageVersions;
  moduleCodes: string[];
  ruleSet: string;
  periodStart?: string;
  periodEnd?: string;
  languages?: string[];
  deliveryMode?: DeliveryMode;
  timezone?: string;
  /** Local time HH:MM (default 09:00) and minutes (default 90) of sessions an import creates from a date. */
  defaultSessionStart?: string;
  defaultSessionMinutes?: number;
  /** Priority criteria for selecting applicants, per module code. */
  selectionCriteria?: Record<string, SelectionCriterion[]>;
}

/** What can change on an existing programme (omitted fields stay as they are). */
export interface ProgrammeChange {
  title?: string;
  /** Replaces every language version of the title. */
  titles?: LanguageVersions;
  defaultSessionStart?: string;
  defaultSessionMinutes?: number;
}

export interface ProgrammeModuleView {
  code: string;
  title: string;
  titles: LanguageVersions;
  kind: string;
  /** Only learners of this audience may enrol (null: anyone). */
  audience: string | null;
  selectionCriteria: SelectionCriterion[];
}

/** A programme as the api shows it: without its tenant and bookkeeping columns, with its modules. */
export type ProgrammeView = Omit<Programme, 'cityId' | 'closeCount' | 'createdAt'> & {
  modules: ProgrammeModuleView[];
};

/** The checks of fields a programme is created or changed with that class-validator cannot express; 400 naming each. */
function checkProgrammeFields(p: { titles?: LanguageVersions; selectionCriteria?: Record<string, unknown> }, moduleCodes?: string[]): void {
  const problems: string[] = [];
  if (p.titles !== undefined) problems.push(...languageVersionsProblems(p.titles, 'titles', 200));
  if (p.selectionCriteria !== undefined) {
    if (typeof p.selectionCriteria !== 'object' || p.selectionCriteria === null || Array.isArray(p.selectionCriteria)) {
      problems.push('selectionCriteria: must be an object of module code → list of criteria');
    } else {
      for (const [code, criteria] of Object.entries(p.selectionCriteria)) {
        if (moduleCodes && !moduleCodes.includes(code.toUpperCase())) {
          problems.push(`selectionCriteria.${code}: is not one of the programme's modules`);
        } else problems.push(...selectionCriteriaProblems(criteria, `selectionCriteria.${code}`));
      }
    }
  }
  if (problems.length) throw invalid(problems.join('; '), problems);
}

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly ruleSets: RuleSetsService,
    private readonly closing: ProgrammeClosingService,
  ) {}

  async create(actor: Actor, p: NewProgramme): Promise<ProgrammeView> {
    await this.ruleSets.require(actor.cityId, p.ruleSet);
    const tz = p.timezone ?? 'UTC';
    if (!isValidTimeZone(tz)) throw invalid(`timezone: "${tz}" is not an IANA time zone`);
    if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart) {
      throw invalid('periodEnd: must not be before periodStart');
    }
    const codes = [...new Set(p.moduleCodes.map((c) => c.toUpperCase()))];
    checkProgrammeFields(p, codes);
    const criteria = Object.fromEntries(Object.entries(p.selectionCriteria ?? {}).map(([k, v]) => [k.toUpperCase(), v]));
    const id = await this.ds.transaction(async (m) => {
      // The shared catalogue's modules and the city's own; another city's are unknown here.
      const modules: { id: string; code: string }[] = await m.query(
        `SELECT id, code FROM modules WHERE code = ANY($1) AND (city_id IS NULL OR city_id = $2)`,
        [codes, actor.cityId],
      );
      const unknown = codes.filter((c) => !modules.some((x) => x.code === c));
      if (unknown.length) throw invalid(`moduleCodes: unknown module ${unknown.join(', ')}`);
      const rows = await m.query(
        `INSERT INTO programmes (city_id, code, title, titles, rule_set, period_start, period_end, languages, delivery_mode,
                                 timezone, default_session_start, default_session_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11::time, '09:00'), COALESCE($12::int, 90))
         ON CONFLICT (city_id, code) DO NOTHING RETURNING id`,
        [actor.cityId, p.code.toUpperCase(), p.title, JSON.stringify(p.titles ?? {}), p.ruleSet, p.periodStart ?? null,
          p.periodEnd ?? null, p.languages ?? ['en'], p.deliveryMode ?? 'online', tz, p.defaultSessionStart ?? null,
          p.defaultSessionMinutes ?? null],
      );
      if (!rows.length) throw conflict(`code: a programme ${p.code.toUpperCase()} already exists in this city`);
      await m.query(
        `INSERT INTO programme_modules (programme_id, module_id, position, selection_criteria)
         SELECT $1, m.id, array_position($2::text[], m.code), COALESCE($3::jsonb -> m.code, '[]')
           FROM modules m WHERE m.code = ANY($2) AND (m.city_id IS NULL OR m.city_id = $4)`,
        [rows[0].id, codes, JSON.stringify(criteria), actor.cityId],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.created', entity: 'programme',
        entityId: rows[0].id,
        after: { code: p.code, ruleSet: p.ruleSet, moduleCodes: codes, titles: p.titles ?? {}, selectionCriteria: criteria },
      });
      return rows[0].id as string;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, page: PageRequest): Promise<Page<ProgrammeView>> {
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM programmes WHERE city_id = $1`, [
      actor.cityId,
    ]);
    const programmes: Programme[] = await this.ds.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM programmes p WHERE p.city_id = $1 ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`,
      [actor.cityId, page.perPage, offsetOf(page)],
    );
    const modules = await this.modulesOf(programmes.map((p) => p.id));
    return { items: programmes.map((p) => view(p, modules.get(p.id) ?? [])), total, ...page };
  }

  async get(actor: Actor, id: string): Promise<ProgrammeView> {
    const p = await programmeOfCity(this.ds.manager, actor, id);
    return view(p, (await this.modulesOf([id])).get(id) ?? []);
  }

  /**
   * Changes a programme's title, its language versions or its session defaults; audited with
   * the values before and after. Certificates already issued keep the texts they were issued with.
   */
  async update(actor: Actor, id: string, change: ProgrammeChange): Promise<ProgrammeView> {
    checkProgrammeFields(change);
    await this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, id, { lock: true });
      const next = {
        title: change.title ?? p.title,
        titles: change.titles ?? p.titles,
        defaultSessionStart: change.defaultSessionStart ?? p.defaultSessionStart,
        defaultSessionMinutes: change.defaultSessionMinutes ?? p.defaultSessionMinutes,
      };
      await m.query(
        `UPDATE programmes SET title = $2, titles = $3, default_session_start = $4::time, default_session_minutes = $5 WHERE id = $1`,
        [id, next.title, JSON.stringify(next.titles), next.defaultSessionStart, next.defaultSessionMinutes],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.updated', entity: 'programme', entityId: id,
        before: { title: p.title, titles: p.titles, defaultSessionStart: p.defaultSessionStart, defaultSessionMinutes: p.defaultSessionMinutes },
        after: next,
      });
    });
    return this.get(actor, id);
  }

  /**
   * Sets what a module of the programme declares: its priority criteria for selecting
   * applicants to oversubscribed sessions (replacing the list). Audited; a selection already
   * run keeps its result until it is run again.
   */
  async updateModule(actor: Actor, id: string, code: string, change: { selectionCriteria: SelectionCriterion[] }): Promise<ProgrammeModuleView> {
    if (!/^[A-Za-z][A-Za-z0-9-]{1,39}$/.test(code)) throw invalid('code: must be a module code such as DUB-YOUTH');
    const problems = selectionCriteriaProblems(change.selectionCriteria);
    if (problems.length) throw invalid(problems.join('; '), problems);
    await this.ds.transaction(async (m) => {
      await programmeOfCity(m, actor, id, { lock: true });
      const [row] = await m.query(
        `SELECT pm.module_id, pm.selection_criteria FROM programme_modules pm JOIN modules mo ON mo.id = pm.module_id
          WHERE pm.programme_id = $1 AND mo.code = $2 FOR UPDATE OF pm`,
        [id, code.toUpperCase()],
      );
      if (!row) throw notFound('module of the programme', code.toUpperCase());
      await m.query(`UPDATE programme_modules SET selection_criteria = $3 WHERE programme_id = $1 AND module_id = $2`, [
        id, row.module_id, JSON.stringify(change.selectionCriteria),
      ]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.module-updated', entity: 'programme', entityId: id,
        before: { moduleCode: code.toUpperCase(), selectionCriteria: row.selection_criteria },
        after: { moduleCode: code.toUpperCase(), selectionCriteria: change.selectionCriteria },
      });
    });
    return (await this.get(actor, id)).modules.find((x) => x.code === code.toUpperCase())!;
  }

  /** The modules of several programmes in one query, in delivery order. */
  private async modulesOf(programmeIds: string[]): Promise<Map<string, ProgrammeView['modules']>> {
    const rows: (ProgrammeModuleView & { programme_id: string })[] = await this.ds.query(
      `SELECT pm.programme_id, m.code, m.title, m.titles, m.kind, m.audience, pm.selection_criteria AS "selectionCriteria"
         FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
        WHERE pm.programme_id = ANY($1) ORDER BY pm.programme_id, pm.position`,
      [programmeIds],
    );
    const byProgramme = new Map<string, ProgrammeView['modules']>();
    for (const { programme_id, ...m } of rows) {
      byProgramme.set(programme_id, [...(byProgramme.get(programme_id) ?? []), m]);
    }
    return byProgramme;
  }

  /**
   * Enrols a learner of the same city in the programme's modules open to their audience
   * (or in the ones named). A module for another audience is refused; enrolling twice is
   * harmless. An explicit enrolment is the administrator's: a later selection no longer
   * takes back a module a selection had given (`selected_modules` is emptied).
   */
  async enrol(
    actor: Actor,
    id: string,
    userId: string,
    moduleCodes?: string[],
  ): Promise<{ programmeId: string; userId: string; moduleCodes: string[] }> {
    await programmeOfCity(this.ds.manager, actor, id);
    const [user] = await this.ds.query(`SELECT id, audience FROM users WHERE id = $1 AND city_id = $2`, [
      userId,
      actor.cityId,
    ]);
    if (!user) throw notFound('user', userId);
    const modules: { code: string; audience: string | null }[] = await this.ds.query(
      `SELECT m.code, m.audience FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
        WHERE pm.programme_id = $1 ORDER BY pm.position`,
      [id],
    );
    const wanted = moduleCodes?.map((c) => c.toUpperCase());
    const unknown = wanted?.filter((c) => !modules.some((m) => m.code === c)) ?? [];
    if (unknown.length) throw invalid(`moduleCodes: ${unknown.join(', ')} not in this programme`);
    const chosen = wanted ? modules.filter((m) => wanted.includes(m.code)) : modules;
    const closed = chosen.filter((m) => m.audience && m.audience !== user.audience);
    if (wanted && closed.length) {
      throw conflict(
        `moduleCodes: ${closed.map((m) => `${m.code} is for the ${m.audience} audience`).join('; ')}, ` +
          `and this learner is ${user.audience}`,
      );
    }
    const open = chosen.filter((m) => !m.audience || m.audience === user.audience).map((m) => m.code);
    if (!open.length) throw conflict(`no module of this programme is open to the ${user.audience} audience`);
    const restricted = open.length < modules.length ? open : null;
    await this.ds.query(
      `INSERT INTO enrolments (programme_id, user_id, module_codes) VALUES ($1, $2, $3)
       ON CONFLICT (programme_id, user_id) DO UPDATE SET module_codes = EXCLUDED.module_codes, selected_modules = '{}'`,
      [id, userId, restricted],
    );
    return { programmeId: id, userId, moduleCodes: open };
  }

  /** Certificates of the programme in any state: once there is one, its rules are frozen. */
  private async certificateCount(m: EntityManager, programmeId: string): Promise<number> {
    const [issued] = await m.query(`SELECT count(*)::int AS n FROM certificates WHERE programme_id = $1`, [programmeId]);
    return issued.n;
  }

  /**
   * Points a programme at another rule set; refused once certificates exist (they are
   * frozen). The new rule set's version is pinned again by the next decision; a closed
   * programme is evaluated again at once under it.
   */
  async changeRuleSet(actor: Actor, programmeId: string, ruleSet: string): Promise<ProgrammeView> {
    await this.ruleSets.require(actor.cityId, ruleSet);
    await this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, programmeId, { lock: true });
      if (p.ruleSet === ruleSet) return;
      const issued = await this.certificateCount(m, programmeId);
      if (issued > 0) throw conflict(`ruleSet: ${frozenWords(p, issued)}`);
      await m.query(`UPDATE programmes SET rule_set = $2, rule_set_version = NULL WHERE id = $1`, [programmeId, ruleSet]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.rule-set-changed', entity: 'programme',
        entityId: programmeId, before: { ruleSet: p.ruleSet, ruleSetVersion: p.ruleSetVersion },
        after: { ruleSet, ruleSetVersion: null },
      });
      if (p.status === 'closed') await this.closing.evaluateEveryone(m, programmeId);
    });
    return this.get(actor, programmeId);
  }

  /**
   * Opts a programme in to another version of its rule set (usually a newer one), only
   * while it has no certificate: certificates keep the rules that granted them. Audited; a
   * closed programme is evaluated again at once under the adopted version.
   */
  async adoptRuleSetVersion(actor: Actor, programmeId: string, version: number): Promise<ProgrammeView> {
    await this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, programmeId, { lock: true });
      const available = await this.ruleSets.versions(actor.cityId, p.ruleSet, m);
      if (!available.includes(version)) {
        throw invalid(`version: ${p.ruleSet} has no version ${version} (its versions: ${available.join(', ')})`);
      }
      if (p.ruleSetVersion === version) return;
      const issued = await this.certificateCount(m, programmeId);
      if (issued > 0) throw conflict(`version: ${frozenWords(p, issued)}`);
      await m.query(`UPDATE programmes SET rule_set_version = $2 WHERE id = $1`, [programmeId, version]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.rule-set-version-adopted', entity: 'programme',
        entityId: programmeId, before: { ruleSet: p.ruleSet, ruleSetVersion: p.ruleSetVersion },
        after: { ruleSet: p.ruleSet, ruleSetVersion: version },
      });
      if (p.status === 'closed') await this.closing.evaluateEveryone(m, programmeId);
    });
    return this.get(actor, programmeId);
  }
}

/** The truth about a programme whose rules can no longer change, and what the administrator can still do. */
function frozenWords(p: Programme, issued: number): string {
  const under = p.ruleSetVersion ? `${p.ruleSet} version ${p.ruleSetVersion}` : p.ruleSet;
  return (
    `the programme has ${issued} certificate${issued === 1 ? '' : 's'} decided under ${under}, so its rules are frozen: ` +
    `its later decisions are made under ${under} as well, and issued certificates keep the rules that granted them. ` +
    `To decide under other rules, create a new programme with the rule set you want (its first decision pins the latest version)`
  );
}

function view(p: Programme, modules: ProgrammeView['modules']): ProgrammeView {
  const { cityId: _city, closeCount: _closes, createdAt: _created, ...shown } = p;
  return { ...shown, modules };
}
