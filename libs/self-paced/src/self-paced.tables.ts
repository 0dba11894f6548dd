/**
 * Tables of this room: `lessons` of a self-paced module and the `lesson_progress` of each
 * learner; `knowledge_checks`, their `check_questions` (with the answer key, never sent to
 * learners) and the learners' `check_attempts`. Their SQL is in migrations/.
 */
export const SELF_PACED_TABLES = ['lessons', 'lesson_variants', 'lesson_progress', 'knowledge_checks', 'check_questions', 'check_attempts'] as const;
