import { createHash } from 'node:crypto';

/** A DataSource, an EntityManager or a QueryRunner: anything that runs raw SQL. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The pg pool behind a DataSource, as far as preparedQuery uses it. */
interface StatementPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[] }>;
}

/** Statement names by text; capped, so that a caller building its text from data cannot fill every connection's memory. */
const statementNames = new Map<string, string>();
const MAX_STATEMENTS = 256;

/**
 * Runs `sql` as a named prepared statement when `q` is the DataSource itself: each pooled
 * connection parses and plans it once and then only binds and executes it (PostgreSQL
 * keeps a generic plan once it costs no more than the custom ones). Measured on the hot
 * paths (a check-in, the viewer of every page, a learner's sessions), planning took longer
 * than running these statements: 0.4 ms against 0.06 ms for a session's lookup, 8 ms
 * against 0.4 ms for the upcoming sessions through module_enrolments.
 *
 * For statements whose text is a constant and that answer rows (the rows are returned).
 * Given an EntityManager or QueryRunner (a transaction), or past the cap, it runs as
 * `q.query` would.
 */
export async function preparedQuery<T = any>(q: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const source = q as { createQueryRunner?: unknown; driver?: { master?: StatementPool } };
  const pool = typeof source.createQueryRunner === 'function' ? source.driver?.master : undefined;
  if (!pool) return q.query(sql, parameters);
  let name = statementNames.get(sql);
  if (!name) {
    if (statementNames.size >= MAX_STATEMENTS) return q.query(sql, parameters);
    name = `academy_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  const { rows } = await pool.query({ name, text: sql, values: parameters });
  return rows;
}
