import { DataSource } from 'typeorm';
import { preparedQuery } from '@academy/common';
import { dataSourceOptions } from '@academy/database';
import { createTestDatabase, type TestDatabase } from './setup/services.js';

/** Hot statements run as named prepared statements, on the pool or on the connection of the transaction they belong to. */
describe('preparedQuery', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const SQL = 'SELECT $1::int + $2::int AS sum';
  const prepared = async () =>
    (await ds.query(`SELECT name FROM pg_prepared_statements WHERE statement = $1`, [SQL])).map((r: { name: string }) => r.name);

  beforeAll(async () => {
    db = await createTestDatabase('prepared-statements');
    // One connection: the statements this test looks for in pg_prepared_statements are that connection's.
    ds = new DataSource(dataSourceOptions(db.url, 1));
    await ds.initialize();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop();
  });

  it('answers the rows of a statement prepared once per connection', async () => {
    expect(await prepared()).toEqual([]);
    for (let i = 0; i < 3; i++) expect(await preparedQuery(ds, SQL, [i, 40])).toEqual([{ sum: i + 40 }]);
    const names = await prepared();
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^academy_[0-9a-f]{24}$/);
  });

  it('runs in the transaction it is given, prepared on the transaction\'s connection', async () => {
    const other = 'SELECT $1::text AS inside';
    const rows = await ds.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE only_here (x int) ON COMMIT DROP`);
      // The temporary table exists only on the transaction's connection: the statement must run there.
      expect(await preparedQuery(m, 'INSERT INTO only_here VALUES ($1) RETURNING x', [7])).toEqual([{ x: 7 }]);
      expect(await preparedQuery(m.queryRunner!, 'SELECT count(*)::int AS n FROM only_here', [])).toEqual([{ n: 1 }]);
      return preparedQuery(m, other, ['yes']);
    });
    expect(rows).toEqual([{ inside: 'yes' }]);
    // The pool has one connection: the transaction's, which keeps the statement after the commit.
    expect((await ds.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [other]))[0].n).toBe(1);
  });

  it('runs an EntityManager outside a transaction on the pool', async () => {
    expect(await preparedQuery(ds.manager, SQL, [1, 1])).toEqual([{ sum: 2 }]);
    expect(await prepared()).toHaveLength(1);
  });

  it('reports a statement error as PostgreSQL states it, with its SQLSTATE', async () => {
    await expect(preparedQuery(ds, 'SELECT 1 / $1::int AS x', [0])).rejects.toMatchObject({ code: '22012' });
  });
});
