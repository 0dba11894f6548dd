import type { ModuleKind } from '@academy/catalogue';

/**
 * A module of the catalogue: its code, kind and English title. Everything a person reads —
 * the title and description in every language, learner and trainer materials — comes from
 * the course content (libs/course-content/content/<code>.json), which the seed loads.
 */
export interface SeedModule {
  code: string;
  kind: ModuleKind;
  /** The English title, as the course content has it (a spec keeps the two equal). */
  title: string;
}

/** The shared catalogue: the introduction, one deep dive per thematic area, and train-the-trainer. */
export const CATALOGUE: SeedModule[] = [
  { code: 'DHR-INTRO', kind: 'introductory', title: 'Introduction to digital human rights' },
  { code: 'DHR-INCLUSION', kind: 'deep-dive', title: 'Deep dive: digital inclusion, equality and equity' },
  { code: 'DHR-AUTONOMY', kind: 'deep-dive', title: 'Deep dive: freedom, autonomy, control and self-determination' },
  { code: 'DHR-TRANSPARENCY', kind: 'deep-dive', title: 'Deep dive: transparency and accountability' },
  { code: 'DHR-PARTICIPATION', kind: 'deep-dive', title: 'Deep dive: public engagement and community participation' },
  { code: 'DHR-PRIVACY', kind: 'deep-dive', title: 'Deep dive: privacy, data control, safety, security and protection' },
  { code: 'DHR-PUBLIC-GOODS', kind: 'deep-dive', title: 'Deep dive: public goods and open infrastructure' },
  { code: 'DHR-TOT', kind: 'train-the-trainer', title: 'Train the trainer: delivering the digital human rights modules' },
];

export const TIRANA_CITY = {
  code: 'TIRANA',
  name: 'Tirana',
  issuer: 'Tirana Municipality',
  issuers: { en: 'Tirana Municipality', sq: 'Bashkia e Tiranës' },
  defaultLanguage: 'sq',
  timezone: 'Europe/Tirane',
};

export const TIRANA_2023 = {
  code: 'TIRANA-2023',
  title: 'Digital human rights capacity building for civil servants',
  titles: {
    en: 'Digital human rights capacity building for civil servants',
    sq: 'Ndërtimi i kapaciteteve të nëpunësve civilë për të drejtat digjitale të njeriut',
  },
  ruleSet: 'tirana-2023',
  periodStart: '2023-01-01',
  periodEnd: '2023-03-31',
  languages: ['sq', 'en'],
  deliveryMode: 'online' as const,
  timezone: 'Europe/Tirane',
  moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'],
};

/**
 * The coalition's MOOC as Tirana offers it: the introduction and two deep dives, each taken
 * self-paced (all lessons read and the knowledge check passed). Open-ended (no end date): a
 * self-paced programme is evaluated for each learner as their work changes, so nobody has to
 * close it for a certificate to be issued. Rule set `mooc-2024`: all three modules for a
 * Certificate of Completion, one or two for a Certificate of Attendance.
 */
export const MOOC_2024 = {
  code: 'MOOC-2024',
  title: 'Digital human rights for city staff: the self-paced course',
  titles: {
    en: 'Digital human rights for city staff: the self-paced course',
    sq: 'Të drejtat digjitale të njeriut për stafin e bashkisë: kursi në ritmin tuaj',
  },
  ruleSet: 'mooc-2024',
  periodStart: '2024-01-01',
  periodEnd: null,
  languages: ['sq', 'en'],
  deliveryMode: 'self-paced' as const,
  timezone: 'Europe/Tirane',
  moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION'],
};
