import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, DomainError, forbidden, inLanguage, type LanguageVersions, notFound } from '@academy/common';
import type { MaterialAudience, ModuleKind } from './catalogue.tables.js';

export interface MaterialView {
  id: string;
  moduleCode: string;
  audience: MaterialAudience;
  slug: string;
  /** In the reader's language when the material has it, else in the fallback (see `language`). */
  title: string;
  format: string;
  body: string;
  url: string | null;
  /** The language `title` and `body` are in. */
  language: string;
  /** Every language the material is available in. */
  languages: string[];
}

export interface ModuleView {
  code: string;
  /** The code of the city that owns the module; null: the coalition's shared catalogue. */
  city: string | null;
  kind: ModuleKind;
  /** The title as the catalogue gives it (English). */
  title: string;
  /** The title in every language it has, e.g. `{ "en": "…", "sq": "…" }`. */
  titles: LanguageVersions;
  description: string;
  materials: Omit<MaterialView, 'body'>[];
}

const canSeeTrainerMaterial = (actor: Actor) => actor.role !== 'learner';

/** A module the caller sees ($2: their city, $3: they are the platform role): shared, their city's, or any for the platform. */
const VISIBLE_MODULE = '(m.city_id IS NULL OR m.city_id = $2 OR $3)';

interface MaterialRow {
  id: string;
  moduleCode: string;
  audience: MaterialAudience;
  slug: string;
  title: string;
  titles: LanguageVersions;
  format: string;
  body?: string;
  bodies?: LanguageVersions;
  url: string | null;
}

/**
 * The catalogue and its materials. A material is answered in one language: the one asked
 * for (`?lang=`), else the reader's own (`users.language`), else their city's default; when
 * the material has no version in it, the city's default language, else English. `language`
 * says which one it is, `languages` which ones exist.
 */
@Injectable()
export class CatalogueService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The language a reader is answered in, and the fallback: the city's default language. */
  private async readerLanguage(actor: Actor, asked?: string): Promise<{ language: string; fallback: string }> {
    const [row] = await this.ds.query(
      `SELECT u.language, c.default_language FROM users u JOIN cities c ON c.id = u.city_id WHERE u.id = $1`,
      [actor.id],
    );
    const fallback: string = row?.default_language ?? 'en';
    return { language: asked ?? row?.language ?? fallback, fallback };
  }

  private localise(row: MaterialRow, reader: { language: string; fallback: string }): MaterialView & { body: string } {
    const title = inLanguage(row.titles, reader.language, reader.fallback, row.title);
    const chosen = title.language ?? 'en';
    const body = row.bodies ? inLanguage(row.bodies, chosen, reader.fallback, row.body ?? '') : { text: row.body ?? '', language: chosen };
    const { titles, bodies: _bodies, ...rest } = row;
    return {
      ...rest, title: title.text, body: body.text, language: chosen,
      languages: Object.keys(titles).length ? Object.keys(titles).sort() : ['en'],
    };
  }

  /**
   * The catalogue the caller can see: the shared modules and their own city's (the platform
   * role: every city's). Learners see only learner materials listed.
   */
  async modules(actor: Actor, lang?: string): Promise<ModuleView[]> {
    const reader = await this.readerLanguage(actor, lang);
    const rows = await this.ds.query(
      `SELECT m.code, c.code AS city, m.kind, m.title, m.titles, m.description,
              COALESCE(json_agg(json_build_object('id', t.id, 'moduleCode', m.code, 'audience', t.audience,
                'slug', t.slug, 'title', t.title, 'titles', t.titles, 'format', t.format, 'url', t.url)
                ORDER BY t.audience, t.slug) FILTER (WHERE t.id IS NOT NULL), '[]') AS materials
         FROM modules m LEFT JOIN cities c ON c.id = m.city_id
         LEFT JOIN materials t ON t.module_id = m.id AND ($1 OR t.audience = 'learner')
        WHERE ${VISIBLE_MODULE}
        GROUP BY m.id, c.code ORDER BY m.city_id NULLS FIRST, m.kind, m.code`,
      [canSeeTrainerMaterial(actor), actor.cityId, actor.role === 'platform'],
    );
    return rows.map((r: Omit<ModuleView, 'materials'> & { materials: MaterialRow[] }) => ({
      ...r,
      materials: r.materials.map((x) => {
        const { body: _body, ...listed } = this.localise(x, reader);
        return listed;
      }),
    }));
  }

  async module(actor: Actor, code: string, lang?: string): Promise<ModuleView> {
    const found = (await this.modules(actor, lang)).find((m) => m.code === code.toUpperCase());
    if (!found) throw new DomainError('not-found', `module ${code} was not found`);
    return found;
  }

  /** One material; trainer-only material is refused to learners with 403. */
  async material(actor: Actor, id: string, lang?: string): Promise<MaterialView> {
    const [row] = await this.ds.query(
      `SELECT t.id, m.code AS "moduleCode", t.audience, t.slug, t.title, t.titles, t.format, t.body, t.bodies, t.url
         FROM materials t JOIN modules m ON m.id = t.module_id WHERE t.id = $1 AND ${VISIBLE_MODULE}`,
      [id, actor.cityId, actor.role === 'platform'],
    );
    if (!row) throw notFound('material', id);
    if (row.audience === 'trainer' && !canSeeTrainerMaterial(actor)) {
      throw forbidden('this material is for trainers only');
    }
    return this.localise(row, await this.readerLanguage(actor, lang));
  }

  /** Trainer materials of the modules a trainer delivers (is assigned to a session of). */
  async trainerMaterials(actor: Actor, lang?: string): Promise<MaterialView[]> {
    if (!canSeeTrainerMaterial(actor)) throw forbidden('trainer materials are for trainers only');
    const rows: MaterialRow[] = await this.ds.query(
      `SELECT t.id, m.code AS "moduleCode", t.audience, t.slug, t.title, t.titles, t.format, t.body, t.bodies, t.url
         FROM materials t JOIN modules m ON m.id = t.module_id
        WHERE t.audience = 'trainer' AND t.module_id IN (
          SELECT s.module_id FROM session_trainers st JOIN sessions s ON s.id = st.session_id WHERE st.user_id = $1)
        ORDER BY m.code, t.slug`,
      [actor.id],
    );
    const reader = await this.readerLanguage(actor, lang);
    return rows.map((r) => this.localise(r, reader));
  }
}
