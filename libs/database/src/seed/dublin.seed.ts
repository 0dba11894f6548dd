import type { SeedModule } from './catalogue.seed.js';

/**
 * Dublin's audience modules: a workshop for council staff, a walking debate for
 * transition-year students and a three-part workshop for residents. Their texts and
 * materials are in libs/course-content/content, like the catalogue's.
 */
export const DUBLIN_MODULES: (SeedModule & { audience: 'staff' | 'youth' | 'resident' })[] = [
  { code: 'DUB-STAFF', kind: 'audience', audience: 'staff', title: 'Dublin: ethics and data privacy for local authority staff' },
  { code: 'DUB-YOUTH', kind: 'audience', audience: 'youth', title: 'Dublin: walking debate for youth' },
  { code: 'DUB-COMMUNITY', kind: 'audience', audience: 'resident', title: 'Dublin: community workshop for residents' },
];

export const DUBLIN_CITY = {
  code: 'DUBLIN',
  name: 'Dublin',
  issuer: 'Dublin City Council',
  issuers: { en: 'Dublin City Council' },
  defaultLanguage: 'en',
  timezone: 'Europe/Dublin',
};

export const DUBLIN_2023 = {
  code: 'DUBLIN-2023',
  title: 'Digital rights learning modules for staff, youth and residents',
  titles: { en: 'Digital rights learning modules for staff, youth and residents' },
  ruleSet: 'dublin-2023',
  periodStart: '2022-09-01',
  periodEnd: '2023-06-30',
  languages: ['en'],
  deliveryMode: 'in-person' as const,
  timezone: 'Europe/Dublin',
  moduleCodes: ['DUB-STAFF', 'DUB-YOUTH', 'DUB-COMMUNITY', 'DHR-TOT'],
  /** The pilot gave priority to girls and to students of DEIS schools for the youth debate. */
  selectionCriteria: {
    'DUB-YOUTH': [
      { attribute: 'gender', value: 'female', minShare: 0.5, label: 'girls' },
      { attribute: 'deis', value: true, minShare: 0.5, label: 'students of DEIS schools' },
    ],
  } as Record<string, { attribute: string; value: string | boolean; minShare: number; label: string }[]>,
};
