import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, invalid, notFound } from '@academy/common';
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

/**
 * Rule sets as data. The two pilot rule sets ship with the code; a city adds its own as
 * validated JSON, one immutable version at a time. A decision always uses the latest
 * version of its programme's rule set and records which one it used, so certificates
 * already issued keep the rules that decided them.
 */
@Injectable()
export class RuleSetsService {
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The rule set a programme of this city decides with now; undefined when it does not exist. */
  async resolve(cityId: string, id: string): Promise<CompiledRuleSet | undefined> {
    const builtIn = findRuleSet(id);
    if (builtIn) return builtIn;
    const [row] = await this.ds.query(
      `SELECT version, definition FROM rule_set_versions WHERE rule_set = $1 AND city_id = $2
        ORDER BY version DESC LIMIT 1`,
      [id, cityId],
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

  async require(cityId: string, id: string): Promise<CompiledRuleSet> {
    const ruleSet = await this.resolve(cityId, id);
    if (!ruleSet) throw invalid(`ruleSet: "${id}" is not a known rule set (known: ${(await this.ids(cityId)).join(', ')})`);
    return ruleSet;
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
      `SELECT version, definition FROM rule_set_versions WHERE rule_set = $1 AND city_id = $2
         AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [id, actor.cityId, version ?? null],
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

  /** Stores a new version of a city's rule set; versions are immutable and must increase. */
  async publish(actor: Actor, json: unknown): Promise<RuleSetSummary> {
    const errors = this.validate(json);
    if (errors.length) throw new RuleSetValidationError(errors);
    const def = json as RuleSetDefinition;
    if (findRuleSet(def.id)) throw conflict(`id: "${def.id}" is a built-in rule set; choose another id`);
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rule-set:${actor.cityId}:${def.id}`]);
      const [latest] = await m.query(
        `SELECT max(version) AS v FROM rule_set_versions WHERE rule_set = $1 AND city_id = $2`,
        [def.id, actor.cityId],
      );
      const taken = await m.query(`SELECT 1 FROM rule_set_versions WHERE rule_set = $1 AND (city_id <> $2 OR version = $3)`, [
        def.id, actor.cityId, def.version,
      ]);
      if (taken.length) throw conflict(`version: ${def.id} version ${def.version} already exists (versions are immutable)`);
      if (latest.v !== null && def.version <= latest.v) {
        throw conflict(`version: must be greater than the latest version ${latest.v}`);
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
