import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule sets belong to a city: one city's `city-2025` and another's are two rule sets, so the
 * key of a version becomes (city, id, version) and no city can take a name another uses.
 *
 * A programme keeps the version of its rule set it first decided with
 * (`programmes.rule_set_version`); a later version applies only when the programme adopts it.
 * Programmes that already have decisions are pinned to the version of their first decision.
 */
export class PinRuleSetVersionsPerCity1764200000000 implements MigrationInterface {
  name = 'PinRuleSetVersionsPerCity1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Every stored version was published by someone of a city; keep it with that city. A row
      -- with neither a city nor a publisher was never readable (rule sets are looked up by city).
      UPDATE rule_set_versions v SET city_id = u.city_id FROM users u WHERE v.city_id IS NULL AND u.id = v.created_by;
      DELETE FROM rule_set_versions WHERE city_id IS NULL;
      ALTER TABLE rule_set_versions DROP CONSTRAINT rule_set_versions_pkey;
      ALTER TABLE rule_set_versions ALTER COLUMN city_id SET NOT NULL;
      ALTER TABLE rule_set_versions ADD CONSTRAINT pk_rule_set_versions PRIMARY KEY (city_id, rule_set, version);

      UPDATE programmes p SET rule_set_version = first.rule_set_version
        FROM (SELECT DISTINCT ON (d.programme_id) d.programme_id, d.rule_set, d.rule_set_version
                FROM decisions d
               WHERE d.rule_set_version IS NOT NULL
               ORDER BY d.programme_id, d.decided_at, d.id) first
       WHERE p.id = first.programme_id AND p.rule_set = first.rule_set AND p.rule_set_version IS NULL;
      ALTER TABLE programmes ADD CONSTRAINT ck_programmes_rule_set_version CHECK (rule_set_version IS NULL OR rule_set_version > 0);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programmes DROP CONSTRAINT ck_programmes_rule_set_version;
      ALTER TABLE rule_set_versions DROP CONSTRAINT pk_rule_set_versions;
      ALTER TABLE rule_set_versions ALTER COLUMN city_id DROP NOT NULL;
      ALTER TABLE rule_set_versions ADD PRIMARY KEY (rule_set, version);
    `);
  }
}
