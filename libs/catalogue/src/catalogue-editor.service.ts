import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, invalid, type LanguageVersions, languageVersionsProblems } from '@academy/common';
import type { LearnerAudience, ModuleKind } from './catalogue.tables.js';

export interface NewModule {
  code: string;
  kind: ModuleKind;
  title: string;
  titles?: LanguageVersions;
  description: string;
  /** Only learners of this audience may enrol (omitted: anyone). */
  audience?: LearnerAudience;
}

export interface CreatedModule {
  code: string;
  /** The owning city's code; null: the shared catalogue. */
  city: string | null;
  kind: ModuleKind;
  title: string;
  titles: LanguageVersions;
  description: string;
  audience: LearnerAudience | null;
}

/**
 * Adds modules to the catalogue: the platform role adds to the coalition's shared catalogue,
 * a city's administrator adds their city's own module, which only that city sees and uses.
 * A city's module code must differ from the shared catalogue's codes and from its own
 * city's; other cities' codes do not matter (and are never mentioned).
 */
@Injectable()
export class CatalogueEditorService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, mod: NewModule): Promise<CreatedModule> {
    if (actor.role !== 'admin' && actor.role !== 'platform') throw forbidden('only administrators add modules');
    const problems = mod.titles !== undefined ? languageVersionsProblems(mod.titles, 'titles', 200) : [];
    if (problems.length) throw invalid(problems.join('; '), problems);
    const code = mod.code.toUpperCase();
    const owner = actor.role === 'platform' ? null : actor.cityId;
    return this.ds.transaction(async (m) => {
      // One writer per code at a time, so the two checks below hold until the insert commits.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('module-code:' || $1, 0))`, [code]);
      const [taken] = await m.query(
        `SELECT city_id FROM modules WHERE code = $1 AND (city_id IS NULL OR city_id = $2 OR $3) LIMIT 1`,
        [code, owner, owner === null],
      );
      if (taken) {
        throw conflict(
          taken.city_id === null
            ? `code: ${code} is a module of the shared catalogue`
            : owner === null ? `code: a city already has a module ${code}` : `code: your city already has a module ${code}`,
        );
      }
      const titles = mod.titles ?? { en: mod.title };
      const [row] = await m.query(
        `INSERT INTO modules (city_id, code, kind, title, titles, description, audience) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, (SELECT code FROM cities WHERE id = $1) AS city`,
        [owner, code, mod.kind, mod.title, JSON.stringify(titles), mod.description, mod.audience ?? null],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'module.created', entity: 'module', entityId: code,
        after: { code, kind: mod.kind, shared: owner === null },
      });
      return {
        code, city: row.city, kind: mod.kind, title: mod.title, titles, description: mod.description, audience: mod.audience ?? null,
      };
    });
  }
}
