import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, invalid } from '@academy/common';
import { programmeOfCity } from './programme-access.js';

/**
 * Adding catalogue modules to a programme after it was created: the shared catalogue's
 * modules and the city's own, appended in the order given after the ones it has. A closed
 * programme's modules stay as they were decided with.
 */
@Injectable()
export class ProgrammeModulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Appends the modules (codes, any case); those the programme already has are left alone. Answers the codes added. */
  async add(actor: Actor, programmeId: string, moduleCodes: string[]): Promise<string[]> {
    const codes = [...new Set(moduleCodes.map((c) => c.trim().toUpperCase()))].filter(Boolean);
    if (!codes.length) throw invalid('moduleCodes: choose at least one module');
    return this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, programmeId, { lock: true });
      if (p.status === 'closed') throw conflict('moduleCodes: the programme is closed; its modules stay as it was decided with');
      const modules: { id: string; code: string }[] = await m.query(
        `SELECT id, code FROM modules WHERE code = ANY($1) AND (city_id IS NULL OR city_id = $2)`,
        [codes, actor.cityId],
      );
      const unknown = codes.filter((c) => !modules.some((x) => x.code === c));
      if (unknown.length) throw invalid(`moduleCodes: unknown module ${unknown.join(', ')}`);
      const added: { code: string }[] = await m.query(
        `INSERT INTO programme_modules (programme_id, module_id, position, selection_criteria)
         SELECT $1, mo.id, (SELECT COALESCE(max(position), 0) FROM programme_modules WHERE programme_id = $1) + array_position($2::text[], mo.code), '[]'
           FROM modules mo WHERE mo.code = ANY($2) AND (mo.city_id IS NULL OR mo.city_id = $3)
             AND NOT EXISTS (SELECT 1 FROM programme_modules x WHERE x.programme_id = $1 AND x.module_id = mo.id)
         RETURNING (SELECT code FROM modules WHERE id = module_id) AS code`,
        [programmeId, codes, actor.cityId],
      );
      const addedCodes = codes.filter((c) => added.some((a) => a.code === c));
      if (addedCodes.length) {
        await this.audit.record(m, {
          cityId: actor.cityId, actorId: actor.id, action: 'programme.modules-added', entity: 'programme', entityId: programmeId,
          after: { moduleCodes: addedCodes },
        });
      }
      return addedCodes;
    });
  }
}
