/**
 * Tables of this room: `modules` (the catalogue: `city_id` null for the coalition's shared
 * modules, a city's id for that city's own; programmes pick modules by code) and `materials` (learning or facilitation material of a module; trainer
 * material is never shown to learners). Their SQL is in migrations/.
 */
export const CATALOGUE_TABLES = ['modules', 'materials'] as const;

export const MODULE_KINDS = ['introductory', 'deep-dive', 'train-the-trainer', 'audience'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

/** Only learners of a module's audience may enrol in it (`modules.audience`, null: anyone). */
export const LEARNER_AUDIENCES = ['staff', 'youth', 'resident'] as const;
export type LearnerAudience = (typeof LEARNER_AUDIENCES)[number];

export const MATERIAL_AUDIENCES = ['learner', 'trainer'] as const;
export type MaterialAudience = (typeof MATERIAL_AUDIENCES)[number];
