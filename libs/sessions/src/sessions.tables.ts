/**
 * Tables of this room: `sessions` (a live delivery of a module: instants in UTC plus the
 * IANA zone they are shown in, and the local date imports match on) and `session_trainers`
 * (lead or co-facilitator). Their SQL is in migrations/.
 */
export const SESSION_TABLES = ['sessions', 'session_trainers'] as const;

export const SESSION_MODES = ['online', 'in-person', 'hybrid'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const TRAINER_ROLES = ['lead', 'co-facilitator'] as const;
export type TrainerRole = (typeof TRAINER_ROLES)[number];
