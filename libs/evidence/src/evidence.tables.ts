/** The table of this room: `submissions` (texts, links or files, and their review). Its SQL is in migrations/. */
export const EVIDENCE_TABLES = ['submissions'] as const;
