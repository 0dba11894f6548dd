import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, DomainError, forbidden, notFound } from '@academy/common';
import type { MaterialAudience, ModuleKind } from './catalogue.tables.js';

export interface MaterialView {
  id: string;
  moduleCode: string;
  audience: MaterialAudience;
  slug: string;
  title: string;
  format: string;
  body: string;
  url: string | null;
}

export interface ModuleView {
  code: string;
  kind: ModuleKind;
  title: string;
  description: string;
  materials: Omit<MaterialView, 'body'>[];
}

const canSeeTrainerMaterial = (actor: Actor) => actor.role !== 'learner';

@Injectable()
export class CatalogueService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The catalogue; learners see only learner materials listed. */
  async modules(actor: Actor): Promise<ModuleView[]> {
    const rows = await this.ds.query(
      `SELECT m.code, m.kind, m.title, m.description,
              COALESCE(json_agg(json_build_object('id', t.id, 'moduleCode', m.code, 'audience', t.audience,
                'slug', t.slug, 'title', t.title, 'format', t.format, 'url', t.url) ORDER BY t.audience, t.slug)
                FILTER (WHERE t.id IS NOT NULL), '[]') AS materials
         FROM modules m LEFT JOIN materials t ON t.module_id = m.id AND ($1 OR t.audience = 'learner')
        GROUP BY m.id ORDER BY m.kind, m.code`,
      [canSeeTrainerMaterial(actor)],
    );
    return rows;
  }

  async module(actor: Actor, code: string): Promise<ModuleView> {
    const found = (await this.modules(actor)).find((m) => m.code === code.toUpperCase());
    if (!found) throw new DomainError('not-found', `module ${code} was not found`);
    return found;
  }

  /** One material; trainer-only material is refused to learners with 403. */
  async material(actor: Actor, id: string): Promise<MaterialView> {
    const [row] = await this.ds.query(
      `SELECT t.id, m.code AS "moduleCode", t.audience, t.slug, t.title, t.format, t.body, t.url
         FROM materials t JOIN modules m ON m.id = t.module_id WHERE t.id = $1`,
      [id],
    );
    if (!row) throw notFound('material', id);
    if (row.audience === 'trainer' && !canSeeTrainerMaterial(actor)) {
      throw forbidden('this material is for trainers only');
    }
    return row;
  }

  /** Trainer materials of the modules a trainer delivers (is assigned to a session of). */
  async trainerMaterials(actor: Actor): Promise<MaterialView[]> {
    if (!canSeeTrainerMaterial(actor)) throw forbidden('trainer materials are for trainers only');
    return this.ds.query(
      `SELECT t.id, m.code AS "moduleCode", t.audience, t.slug, t.title, t.format, t.body, t.url
         FROM materials t JOIN modules m ON m.id = t.module_id
        WHERE t.audience = 'trainer' AND t.module_id IN (
          SELECT s.module_id FROM session_trainers st JOIN sessions s ON s.id = st.session_id WHERE st.user_id = $1)
        ORDER BY m.code, t.slug`,
      [actor.id],
    );
  }
}
