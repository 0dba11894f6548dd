/** A DataSource, an EntityManager or a QueryRunner: anything that runs raw SQL. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}
