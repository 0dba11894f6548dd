import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, invalid, notFound, type Queryable } from '@academy/common';
import {
  type CompiledRuleSet, findRuleSet, type RuleSetDefinition, ruleSetFromJson, ruleSetIds, RuleSetValidationError,
  validateRuleSet,
} from '@academy/rules';

export interface RuleSetSummary {
  id: string;
  version: number;
  title: string;
  description: string;
  builtIn: boolean;
  definition: RuleSetDefinition;
}

/** What a programme names: its rule set, and the version it is pinned to (null before its first decision). */
export interface ProgrammeRuleSetRef {
  cityId: string;
  ruleSet: string;
  ruleSetVersion: number | null;
}

/**
 * Rule sets as data. The two pilot rule sets ship with the code and can be used by every
 * city; a city adds its own as validated JSON, one immutable version at a time. A city's
 * rule set ids are its own: another city may use the same id for a different rule set, and
 * nothing here says what exists in another city.
 *
 * Which version decides a programme: the one it is pinned to (`programmes.rule_set_version`,
 * set by its first decision), else the latest. Publishing a new version therefore changes
 * only programmes that have decided nothing yet; the others adopt it explicitly.
 */
@Injectable()
export class RuleSetsService {
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * A rule set of this city (or a built-in one): the given version, or the latest when none
   * is given; undefined when it does not exist.
   */
  async resolve(cityId: string, id: string, version?: number | null, q: Queryable = this.ds): Promise<CompiledRuleSet | undefined> {
    const builtIn = findRuleSet(id);
    if (builtIn) return version === undefined || version === null || version === builtIn.version ? builtIn : undefined;
    const [row] = await q.query(
      `SELECT version, definition FROM rule_set_versions
        WHERE city_id = $1 AND rule_set = $2 AND ($3::int IS NULL OR version = $3)
        ORDER BY version DESC LIMIT 1`,
      [cityId, id, version ?? null],
    );
    if (!row) return undefined;
    const key = `${cityId}/${id}/${row.version}`;
    let ruleSet = this.compiled.get(key);
    if (!ruleSet) {
      const loaded = ruleSetFromJson(row.definition);
      if (!loaded.ok) throw new RuleSetValidationError(loaded.errors);
      ruleSet = loaded.ruleSet;
      this.compiled.set(key, ruleSet);
    }
    return ruleSet;
  }

  /** The rule set that decides a programme now: its pinned version, or the latest before its first decision. */
  async forProgramme(p: ProgrammeRuleSetRef, q: Queryable = this.ds): Promise<CompiledRuleSet> {
    const ruleSet = await this.resolve(p.cityId, p.ruleSet, p.ruleSetVersion, q);
    if (!ruleSet) {
      throw new Error(`a programme names ${p.ruleSet}${p.ruleSetVersion ? ` version ${p.ruleSetVersion}` : ''}, which does not exist`);
    }
    return ruleSet;
  }

  async require(cityId: string, id: string): Promise<CompiledRuleSet> {
    const ruleSet = await this.resolve(cityId, id);
    if (!ruleSet) throw invalid(`ruleSet: "${id}" is not a known rule set (known: ${(await this.ids(cityId)).join(', ')})`);
    return ruleSet;
  }

  /** The versions of a rule set this city can use, oldest first (a built-in one has exactly one). */
  async versions(cityId: string, id: string, q: Queryable = this.ds): Promise<number[]> {
    const builtIn = findRuleSet(id);
    if (builtIn) return [builtIn.version];
    const rows: { version: number }[] = await q.query(
      `SELECT version FROM rule_set_versions WHERE city_id = $1 AND rule_set = $2 ORDER BY version`,
      [cityId, id],
    );
    return rows.map((r) => r.version);
  }

  async list(actor: Actor): Promise<RuleSetSummary[]> {
    const out: RuleSetSummary[] = [];
    for (const id of await this.ids(actor.cityId)) {
      const r = (await this.resolve(actor.cityId, id))!;
      out.push({ id: r.id, version: r.version, title: r.title, description: r.description, builtIn: !!findRuleSet(id), definition: r.definition });
    }
    return out;
  }

  async get(actor: Actor, id: string, version?: number): Promise<RuleSetSummary> {
    const builtIn = findRuleSet(id);
    if (builtIn && (version === undefined || version === builtIn.version)) {
      return { id, version: builtIn.version, title: builtIn.title, description: builtIn.description, builtIn: true, definition: builtIn.definition };
    }
    const [row] = await this.ds.query(
      `SELECT version, definition FROM rule_set_versions WHERE city_id = $1 AND rule_set = $2
         AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [actor.cityId, id, version ?? null],
    );
    if (!row) throw notFound('rule set', version ? `${id} version ${version}` : id);
    const def: RuleSetDefinition = row.definition;
    return { id, version: row.version, title: def.title, description: def.description, builtIn: false, definition: def };
  }

  /** Checks a definition without storing it: the errors name their JSON path. */
  validate(json: unknown): { path: string; message: string }[] {
    const checked = validateRuleSet(json);
    return checked.ok ? [] : checked.errors;
  }

  /**
   * Stores a new version of one of the city's rule sets; versions are immutable and must
   * increase. Only the city's own versions are looked at: the same id in another city is
   * another rule set.
   */
  async publish(actor: Actor, json: unknown): Promise<RuleSetSummary> {
    const errors = this.validate(json);
    if (errors.length) throw new RuleSetValidationError(errors);
    const def = json as RuleSetDefinition;
    if (findRuleSet(def.id)) {
      throw conflict(`id: "${def.id}" is the id of a built-in rule set, which cannot get new versions; publish your rules under another id`);
    }
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rule-set:${actor.cityId}:${def.id}`]);
      const [latest] = await m.query(
        `SELECT max(version) AS v FROM rule_set_versions WHERE city_id = $1 AND rule_set = $2`,
        [actor.cityId, def.id],
      );
      if (latest.v !== null && def.version === latest.v) {
        throw conflict(`version: ${def.id} version ${def.version} already exists (versions are immutable); publish it as version ${latest.v + 1}`);
      }
      if (latest.v !== null && def.version < latest.v) {
        throw conflict(`version: must be greater than the latest version ${latest.v}; publish it as version ${latest.v + 1}`);
      }
      await m.query(
        `INSERT INTO rule_set_versions (rule_set, version, city_id, definition, created_by) VALUES ($1, $2, $3, $4, $5)`,
        [def.id, def.version, actor.cityId, JSON.stringify(def), actor.id],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'rule-set.published', entity: 'rule-set',
        entityId: `${def.id}@${def.version}`, after: { id: def.id, version: def.version },
      });
    });
    return this.get(actor, def.id, def.version);
  }

  private async ids(cityId: string): Promise<string[]> {
    const rows = await this.ds.query(`SELECT DISTINCT rule_set FROM rule_set_versions WHERE city_id = $1 ORDER BY 1`, [cityId]);
    return [...ruleSetIds(), ...rows.map((r: { rule_set: string }) => r.rule_set)];
  }
}
