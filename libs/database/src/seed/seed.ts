import type { EntityManager } from 'typeorm';
import { CATALOGUE, TIRANA_2023, TIRANA_CITY } from './catalogue.seed.js';
import { DUBLIN_2023, DUBLIN_CITY, DUBLIN_MODULES } from './dublin.seed.js';
import { hashPassword } from '@academy/identity';

const CITIES = [
  { city: TIRANA_CITY, programmes: [TIRANA_2023] },
  { city: DUBLIN_CITY, programmes: [DUBLIN_2023] },
];

/**
 * Reference data every academy starts with: the catalogue, the pilot cities and their
 * programmes, and Tirana's administrator. Idempotent: inserts what is missing and refreshes
 * catalogue texts; never touches people's data or an existing password.
 */
export async function seed(m: EntityManager, admin: { email: string; password: string }): Promise<void> {
  for (const mod of [...CATALOGUE, ...DUBLIN_MODULES]) {
    const audience = 'audience' in mod ? mod.audience : null;
    const [row] = await m.query(
      `INSERT INTO modules (code, kind, title, description, audience) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
         description = EXCLUDED.description, audience = EXCLUDED.audience
       RETURNING id`,
      [mod.code, mod.kind, mod.title, mod.description, audience],
    );
    for (const mat of mod.materials) {
      await m.query(
        `INSERT INTO materials (module_id, audience, slug, title, format, body) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (module_id, slug) DO UPDATE
           SET audience = EXCLUDED.audience, title = EXCLUDED.title, format = EXCLUDED.format, body = EXCLUDED.body`,
        [row.id, mat.audience, mat.slug, mat.title, mat.format, mat.body],
      );
    }
  }

  const cityIds = new Map<string, string>();
  for (const { city: c, programmes } of CITIES) {
    const [city] = await m.query(
      `INSERT INTO cities (code, name, issuer, default_language, timezone) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
      [c.code, c.name, c.issuer, c.defaultLanguage, c.timezone],
    );
    cityIds.set(c.code, city.id);
    for (const p of programmes) {
      const inserted = await m.query(
        `INSERT INTO programmes (city_id, code, title, rule_set, period_start, period_end, languages, delivery_mode, timezone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (city_id, code) DO NOTHING RETURNING id`,
        [city.id, p.code, p.title, p.ruleSet, p.periodStart, p.periodEnd, p.languages, p.deliveryMode, p.timezone],
      );
      if (inserted.length) {
        const criteria = 'selectionCriteria' in p ? p.selectionCriteria : {};
        await m.query(
          `INSERT INTO programme_modules (programme_id, module_id, position, selection_criteria)
           SELECT $1, m.id, array_position($2::text[], m.code), COALESCE($3::jsonb -> m.code, '[]')
             FROM modules m WHERE m.code = ANY($2)`,
          [inserted[0].id, p.moduleCodes, JSON.stringify(criteria)],
        );
      }
    }
  }

  const existing = await m.query(`SELECT 1 FROM users WHERE email = $1`, [admin.email]);
  if (!existing.length) {
    await m.query(
      `INSERT INTO users (city_id, email, name, role, language, password_hash) VALUES ($1, $2, $3, 'admin', 'en', $4)`,
      [cityIds.get(TIRANA_CITY.code), admin.email, 'Tirana programme administrator', await hashPassword(admin.password)],
    );
  }
}
