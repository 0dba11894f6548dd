/**
 * Tables of this room: `lessons` of a self-paced module (`city_id` null: the shared
 * catalogue's or, for a city's own module, that city's; a city's id on a shared module: that
 * city's variant, which `lesson_variants` switches on) and the `lesson_progress` of each
 * learner; `knowledge_checks`, their `check_questions` (with the answer key, never sent to
 * learners) and the learners' `check_attempts`. Their SQL is in migrations/.
 */
export const SELF_PACED_TABLES = ['lessons', 'lesson_variants', 'lesson_progress', 'knowledge_checks', 'check_questions', 'check_attempts'] as const;
