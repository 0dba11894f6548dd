/**
 * Tables of this room: `applications` to a session's places and `selection_runs` (each
 * selection with its seed and result, so it can be recomputed). Their SQL is in the
 * migrations/.
 */
export const SELECTION_TABLES = ['applications', 'selection_runs'] as const;
