import type { EntityManager } from 'typeorm';
import { loadCourseContent, type ModuleContent } from '@academy/course-content';
import { CATALOGUE, MOOC_2024, TIRANA_2023, TIRANA_CITY } from './catalogue.seed.js';
import { DUBLIN_2023, DUBLIN_CITY, DUBLIN_MODULES } from './dublin.seed.js';
import type { SeedAccounts } from '@academy/config';
import { hashPassword } from '@academy/identity';
import { COALITION } from './coalition.seed.js';
import { seedSelfPaced } from './self-paced.seed.js';

const CITIES = [
  { city: TIRANA_CITY, programmes: [TIRANA_2023, MOOC_2024] },
  { city: DUBLIN_CITY, programmes: [DUBLIN_2023] },
];

/**
 * The catalogue's modules and their materials, from the course content: titles and
 * descriptions in every language it has, and every learner and trainer material. Materials
 * are matched by (module, slug): new ones are added, changed ones updated, and seeded ones
 * the content no longer has (the one-paragraph stubs of earlier versions) are removed.
 * Materials added by other means (`seeded = false`) are never touched. Lessons and knowledge
 * checks are the coalition's shared self-paced courses (./self-paced.seed.ts).
 */
async function seedCatalogue(m: EntityManager, content: Map<string, ModuleContent>, dublinId: string): Promise<void> {
  // The shared catalogue belongs to no city; Dublin's audience modules are Dublin's own.
  const owned = [...CATALOGUE.map((mod) => ({ mod, cityId: null })), ...DUBLIN_MODULES.map((mod) => ({ mod, cityId: dublinId }))];
  for (const { mod, cityId } of owned) {
    const c = content.get(mod.code);
    if (!c) throw new Error(`the course content has no ${mod.code}.json: every catalogue module needs one`);
    const audience = 'audience' in mod ? mod.audience : null;
    const [row] = await m.query(
      `INSERT INTO modules (city_id, code, kind, title, titles, description, audience) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT uq_modules_owner_code DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
         titles = EXCLUDED.titles, description = EXCLUDED.description, audience = EXCLUDED.audience
       RETURNING id`,
      [cityId, mod.code, mod.kind, c.title.en, JSON.stringify(c.title), c.description.en, audience],
    );
    await m.query(
      `WITH content AS (
         SELECT * FROM json_to_recordset($2::json)
           AS x(slug text, audience material_audience, format text, title text, titles jsonb, body text, bodies jsonb, url text)
       ), upserted AS (
         INSERT INTO materials (module_id, audience, slug, title, titles, format, body, bodies, url, seeded)
         SELECT $1, audience, slug, title, titles, format, body, bodies, url, true FROM content
         ON CONFLICT (module_id, slug) DO UPDATE
           SET audience = EXCLUDED.audience, title = EXCLUDED.title, titles = EXCLUDED.titles, format = EXCLUDED.format,
               body = EXCLUDED.body, bodies = EXCLUDED.bodies, url = EXCLUDED.url, seeded = true
       )
       DELETE FROM materials WHERE module_id = $1 AND seeded AND slug NOT IN (SELECT slug FROM content)`,
      [
        row.id,
        JSON.stringify(
          c.materials.map((x) => ({
            slug: x.slug, audience: x.audience, format: x.format, title: x.title.en, titles: x.title, body: x.body.en,
            bodies: x.body, url: x.url,
          })),
        ),
      ],
    );
    if (c.lessons.length) await seedSelfPaced(m, row.id, c);
  }
}

/** A seeded account, created when its e-mail is not registered yet (an existing one is never changed). */
async function seedAccount(
  m: EntityManager, cityId: string, role: 'admin' | 'platform', name: string, account: { email: string; password: string },
): Promise<void> {
  const existing = await m.query(`SELECT 1 FROM users WHERE email = $1`, [account.email]);
  if (existing.length) return;
  await m.query(
    `INSERT INTO users (city_id, email, name, role, language, password_hash) VALUES ($1, $2, $3, $4, 'en', $5)`,
    [cityId, account.email, name, role, await hashPassword(account.password)],
  );
}

/**
 * Reference data every academy starts with: the coalition and its academy team's account,
 * the catalogue, the pilot cities, their programmes and administrators. Idempotent, and run
 * on every start: inserts what is missing and refreshes the catalogue's texts and materials
 * from the course content; a city's or programme's language versions are filled in only
 * while it has none; it never touches people's data or an existing password.
 */
export async function seed(m: EntityManager, accounts: SeedAccounts): Promise<void> {
  const [coalition] = await m.query(
    `INSERT INTO cities (code, name, issuer, issuers, default_language, timezone, coalition) VALUES ($1, $2, $3, $4, $5, $6, true)
     ON CONFLICT (code) DO UPDATE SET coalition = true RETURNING id`,
    [COALITION.code, COALITION.name, COALITION.issuer, JSON.stringify(COALITION.issuers), 'en', 'UTC'],
  );
  await seedAccount(m, coalition.id, 'platform', 'Coalition academy team', accounts.platform);

  const cityIds = new Map<string, string>();
  for (const { city: c } of CITIES) {
    const [city] = await m.query(
      `INSERT INTO cities (code, name, issuer, issuers, default_language, timezone) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET issuers = CASE WHEN cities.issuers = '{}' THEN EXCLUDED.issuers ELSE cities.issuers END
       RETURNING id`,
      [c.code, c.name, c.issuer, JSON.stringify(c.issuers), c.defaultLanguage, c.timezone],
    );
    cityIds.set(c.code, city.id);
  }
  await seedCatalogue(m, new Map(loadCourseContent().map((c) => [c.code, c])), cityIds.get(DUBLIN_CITY.code)!);

  for (const { city: c, programmes } of CITIES) {
    const city = { id: cityIds.get(c.code)! };
    for (const p of programmes) {
      const inserted = await m.query(
        `INSERT INTO programmes (city_id, code, title, titles, rule_set, period_start, period_end, languages, delivery_mode, timezone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (city_id, code) DO NOTHING RETURNING id`,
        [city.id, p.code, p.title, JSON.stringify(p.titles), p.ruleSet, p.periodStart, p.periodEnd, p.languages,
          p.deliveryMode, p.timezone],
      );
      if (inserted.length) {
        const criteria = 'selectionCriteria' in p ? p.selectionCriteria : {};
        await m.query(
          `INSERT INTO programme_modules (programme_id, module_id, position, selection_criteria)
           SELECT $1, m.id, array_position($2::text[], m.code), COALESCE($3::jsonb -> m.code, '[]')
             FROM modules m WHERE m.code = ANY($2) AND (m.city_id IS NULL OR m.city_id = $4)`,
          [inserted[0].id, p.moduleCodes, JSON.stringify(criteria), city.id],
        );
      } else {
        await m.query(`UPDATE programmes SET titles = $3 WHERE city_id = $1 AND code = $2 AND titles = '{}'`, [
          city.id, p.code, JSON.stringify(p.titles),
        ]);
      }
    }
  }

  await seedAccount(m, cityIds.get(TIRANA_CITY.code)!, 'admin', 'Tirana programme administrator', accounts.admin);
  await seedAccount(m, cityIds.get(DUBLIN_CITY.code)!, 'admin', 'Dublin programme administrator', accounts.dublinAdmin);
}
