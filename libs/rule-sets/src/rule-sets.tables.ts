/** The table of this room: `rule_set_versions`, a city's own rule sets, one immutable version per row. Its SQL is in migrations/. */
export const RULE_SET_TABLES = ['rule_set_versions'] as const;
