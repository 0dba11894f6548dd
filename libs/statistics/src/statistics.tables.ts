/** The tables of this room: the change log and the per-programme aggregates. Their SQL is in migrations/. */
export const STATISTICS_TABLES = [
  'stats_changes', 'stats_snapshots', 'stats_learner_cells', 'stats_module_cells', 'stats_demographic_cells',
  'stats_session_cells', 'stats_certificate_cells', 'stats_trainer_cells',
] as const;
