/** The table of this room: `survey_responses`, one per person and survey. Its SQL is in migrations/. */
export const SURVEY_TABLES = ['survey_responses'] as const;
