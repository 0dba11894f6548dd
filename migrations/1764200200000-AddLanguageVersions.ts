import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Language versions of what a certificate and a course page print: module and programme
 * titles, a city's issuer name, and materials' titles and bodies, each as an object of
 * language code → text (`{"en": "…", "sq": "…"}`). The plain `title` / `issuer` / `body`
 * columns stay what they were (the text as first given), so every existing reader keeps
 * working; a reader that knows the language looks it up in the object first.
 *
 * Catalogue modules and materials came from the seed, in English: that is their `en` version.
 * The seed (re-run on every start) then adds the other languages from libs/course-content.
 * `materials.seeded` marks the materials the seed owns, so it can replace and retire them
 * without touching any added by other means.
 *
 * `certificates.printed` keeps the texts a certificate was issued with and the language each
 * is really in, so its web view shows what its PDF shows.
 */
export class AddLanguageVersions1764200200000 implements MigrationInterface {
  name = 'AddLanguageVersions1764200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE modules ADD COLUMN titles jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT ck_modules_titles CHECK (jsonb_typeof(titles) = 'object');
      UPDATE modules SET titles = jsonb_build_object('en', title);

      ALTER TABLE programmes ADD COLUMN titles jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT ck_programmes_titles CHECK (jsonb_typeof(titles) = 'object');

      ALTER TABLE cities ADD COLUMN issuers jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT ck_cities_issuers CHECK (jsonb_typeof(issuers) = 'object');

      ALTER TABLE materials
        ADD COLUMN titles jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_materials_titles CHECK (jsonb_typeof(titles) = 'object'),
        ADD COLUMN bodies jsonb NOT NULL DEFAULT '{}' CONSTRAINT ck_materials_bodies CHECK (jsonb_typeof(bodies) = 'object'),
        ADD COLUMN seeded boolean NOT NULL DEFAULT false;
      UPDATE materials SET titles = jsonb_build_object('en', title), bodies = jsonb_build_object('en', body), seeded = true;

      ALTER TABLE certificates ADD COLUMN printed jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificates DROP COLUMN printed;
      ALTER TABLE materials DROP COLUMN seeded, DROP COLUMN bodies, DROP COLUMN titles;
      ALTER TABLE cities DROP COLUMN issuers;
      ALTER TABLE programmes DROP COLUMN titles;
      ALTER TABLE modules DROP COLUMN titles;
    `);
  }
}
