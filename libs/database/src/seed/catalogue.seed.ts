import type { MaterialAudience, ModuleKind } from '@academy/catalogue';

export interface SeedMaterial {
  slug: string;
  audience: MaterialAudience;
  format: string;
  title: string;
  body: string;
}

export interface SeedModule {
  code: string;
  kind: ModuleKind;
  title: string;
  description: string;
  materials: SeedMaterial[];
}

const guide = (slug: string, title: string, body: string): SeedMaterial => ({
  slug,
  audience: 'trainer',
  format: 'facilitator-guide',
  title,
  body,
});

/** The shared catalogue: the introduction, one deep dive per thematic area, and train-the-trainer. */
export const CATALOGUE: SeedModule[] = [
  {
    code: 'DHR-INTRO',
    kind: 'introductory',
    title: 'Introduction to digital human rights',
    description:
      'Human rights do not stop at the screen: the rights people hold offline apply to the services a city ' +
      'runs online too. This module sets out that principle, walks through the six thematic areas of digital ' +
      'human rights, and shows the levers a municipality has: procurement, design of its own services, ' +
      'data policies and the way it involves residents.',
    materials: [
      {
        slug: 'slides',
        audience: 'learner',
        format: 'slides',
        title: 'Same rights online as offline — the six areas at a glance',
        body:
          'Slides covering inclusion and equity; freedom and self-determination; transparency and ' +
          'accountability; public participation; privacy and security; public goods and open infrastructure. ' +
          'Each area comes with one example of a municipal service where it matters.',
      },
      guide(
        'facilitator-guide',
        'Running the introductory session',
        'A 90-minute plan: a 10-minute warm-up asking participants which city service they used online this ' +
          'week; 30 minutes on the principle and the six areas; 30 minutes of small-group mapping of a service ' +
          'of their own department onto the areas; 20 minutes of plenary feedback. Notes on common questions ' +
          '("is this just data protection?") and how to answer them.',
      ),
    ],
  },
  {
    code: 'DHR-INCLUSION',
    kind: 'deep-dive',
    title: 'Deep dive: digital inclusion, equality and equity',
    description:
      'Who is left out when a service goes digital-first? Learners look at access, skills, affordability and ' +
      'accessibility, and at how automated systems can reproduce bias, then plan assisted and offline ' +
      'channels so no resident loses a service for lack of a device or a connection.',
    materials: [
      {
        slug: 'reading',
        audience: 'learner',
        format: 'reading',
        title: 'Reading: designing services nobody is shut out of',
        body: 'Short reading on accessibility standards, assisted digital channels and checking services for bias.',
      },
      guide(
        'case-study',
        'Case study: an online-only housing application',
        'A case for groups: a housing benefit moves online only. Participants identify who loses access, ' +
          'estimate the size of each group and propose mitigations with their cost.',
      ),
    ],
  },
  {
    code: 'DHR-AUTONOMY',
    kind: 'deep-dive',
    title: 'Deep dive: freedom, autonomy, control and self-determination',
    description:
      'People should stay in charge of decisions that shape their lives. The module covers consent that is ' +
      'real rather than a tick box, the right to an alternative to automated decisions, and protecting ' +
      'freedom of expression and assembly in digital public space.',
    materials: [
      {
        slug: 'slides',
        audience: 'learner',
        format: 'slides',
        title: 'Slides: meaningful choice in city services',
        body: 'When is consent the right legal basis, and what does a fair opt-out look like for a public service?',
      },
      guide(
        'exercise',
        'Exercise: redesigning a consent flow',
        'Participants rewrite a sign-up form of a city app so that refusing optional data use costs nothing.',
      ),
    ],
  },
  {
    code: 'DHR-TRANSPARENCY',
    kind: 'deep-dive',
    title: 'Deep dive: transparency and accountability',
    description:
      'Residents are entitled to know which technologies the city uses, why, and who answers for them. ' +
      'Learners practise explaining an algorithmic system in plain language, keeping a public register of ' +
      'systems, and setting up ways to contest a decision.',
    materials: [
      {
        slug: 'reading',
        audience: 'learner',
        format: 'reading',
        title: 'Reading: algorithm registers in European cities',
        body: 'What a public register of algorithmic systems contains and how cities keep it up to date.',
      },
      guide(
        'session-plan',
        'Session plan: write a register entry',
        'Groups draft a register entry for a system their department runs, then swap and critique for clarity.',
      ),
    ],
  },
  {
    code: 'DHR-PARTICIPATION',
    kind: 'deep-dive',
    title: 'Deep dive: public engagement and community participation',
    description:
      'Technology decisions affect everyone, so residents should help make them. The module compares ' +
      'participation methods, from consultations to citizen panels, and how to reach groups that rarely take part.',
    materials: [
      {
        slug: 'slides',
        audience: 'learner',
        format: 'slides',
        title: 'Slides: a ladder of participation for tech decisions',
        body: 'From informing to co-deciding, with one city example on each rung.',
      },
      guide(
        'facilitator-guide',
        'Facilitating a participation design sprint',
        'Timings and prompts for a two-hour sprint in which staff plan engagement for an upcoming project.',
      ),
    ],
  },
  {
    code: 'DHR-PRIVACY',
    kind: 'deep-dive',
    title: 'Deep dive: privacy, data control, safety, security and protection',
    description:
      'How a city collects, keeps and protects personal data, and how residents can see and control what is ' +
      'held about them. Covers data minimisation, security basics against phishing and ransomware, and ' +
      'handling access requests.',
    materials: [
      {
        slug: 'slides',
        audience: 'learner',
        format: 'slides',
        title: 'Slides: collect less, protect better',
        body: 'Data minimisation, retention, access requests and the everyday security habits that stop most attacks.',
      },
      guide(
        'case-study',
        'Case study: a phishing incident in a municipal department',
        'A timeline of a fictional incident; participants decide what should have happened at each step.',
      ),
    ],
  },
  {
    code: 'DHR-PUBLIC-GOODS',
    kind: 'deep-dive',
    title: 'Deep dive: public goods and open infrastructure',
    description:
      'Open data, open source and open standards keep public digital infrastructure in public hands. ' +
      'Learners weigh procurement choices, lock-in and the value of publishing data for reuse.',
    materials: [
      {
        slug: 'reading',
        audience: 'learner',
        format: 'reading',
        title: 'Reading: what makes digital infrastructure public',
        body: 'Open licences, interoperability and data sharing agreements explained with city examples.',
      },
      guide(
        'exercise',
        'Exercise: scoring a tender for openness',
        'Participants score two fictional software tenders against openness criteria and justify the winner.',
      ),
    ],
  },
  {
    code: 'DHR-TOT',
    kind: 'train-the-trainer',
    title: 'Train the trainer: delivering the digital human rights modules',
    description:
      'For staff who will run the modules themselves as digital rights champions of their department: ' +
      'adult-learning basics, facilitating discussion on contested topics, adapting the material to a ' +
      'department, and the path from co-facilitating a session to leading one.',
    materials: [
      {
        slug: 'handbook',
        audience: 'learner',
        format: 'reading',
        title: 'Champion handbook',
        body: 'What a digital rights champion does, how sessions are prepared and how attendance is recorded.',
      },
      guide(
        'co-facilitation-checklist',
        'Co-facilitation and lead checklist',
        'What to observe when co-facilitating, what to prepare before leading, and how feedback is given.',
      ),
    ],
  },
];

export const TIRANA_CITY = {
  code: 'TIRANA',
  name: 'Tirana',
  issuer: 'Tirana Municipality',
  defaultLanguage: 'sq',
  timezone: 'Europe/Tirane',
};

export const TIRANA_2023 = {
  code: 'TIRANA-2023',
  title: 'Digital human rights capacity building for civil servants',
  ruleSet: 'tirana-2023',
  periodStart: '2023-01-01',
  periodEnd: '2023-03-31',
  languages: ['sq', 'en'],
  deliveryMode: 'online' as const,
  timezone: 'Europe/Tirane',
  moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'],
};
