import type { SeedModule } from './catalogue.seed.js';

/**
 * Dublin's audience modules: a workshop for council staff, a walking debate for
 * transition-year students and a three-part workshop for residents.
 */
export const DUBLIN_MODULES: (SeedModule & { audience: 'staff' | 'youth' | 'resident' })[] = [
  {
    code: 'DUB-STAFF',
    kind: 'audience',
    audience: 'staff',
    title: 'Dublin: ethics and data privacy for local authority staff',
    description:
      'An in-person workshop for council staff from different departments. It starts from what digital human ' +
      'rights are, looks at unconscious bias, and traces the intended and unintended effects of a technology ' +
      'through a real case — delivery robots sharing the footpath — before groups draft policy options for ' +
      'technology in public space. It ties the discussion to the public sector duty to respect human rights ' +
      'and equality: dignity, diversity and accessibility, inclusion, participation, choice and autonomy.',
    materials: [
      {
        slug: 'workshop-slides',
        audience: 'learner',
        format: 'slides',
        title: 'Ethics and data privacy in council work',
        body:
          'Slides for participants: the same rights online as offline; where bias enters a system (data, ' +
          'design, deployment); consequences a project meant and did not mean to have; the values of the ' +
          'public sector duty and how each one reads for a digital service.',
      },
      {
        slug: 'case-delivery-robots',
        audience: 'trainer',
        format: 'case-study',
        title: 'Case study: delivery robots on public footpaths',
        body:
          'A city is asked to let a company run small delivery robots on its footpaths. Facilitator notes walk ' +
          'groups through who benefits (shops, customers who cannot travel), who carries the cost (wheelchair ' +
          'and buggy users, people with visual impairments, children), what the robots record with their ' +
          'cameras and who keeps it, and what happens when one blocks a kerb ramp. Prompts for each step and ' +
          'the points groups usually miss.',
      },
      {
        slug: 'policy-exercise',
        audience: 'trainer',
        format: 'exercise',
        title: 'Policy exercise: regulate, permit with conditions, or ban',
        body:
          'Groups write a one-page policy for the robots: an outright ban, a permit with conditions (speed, ' +
          'hours, routes, data retention, a complaints channel) or no regulation, and defend it across ' +
          'departments. The written policy is the evidence of completion the trainer reviews.',
      },
      {
        slug: 'evaluation-form',
        audience: 'trainer',
        format: 'evaluation-form',
        title: 'Workshop evaluation form',
        body:
          'Five questions for the end of each Dublin module: what you will do differently, what was unclear, ' +
          'which topic deserves more time, how confident you feel explaining digital rights to a colleague ' +
          '(1–5), and whether the format suited you.',
      },
    ],
  },
  {
    code: 'DUB-YOUTH',
    kind: 'audience',
    audience: 'youth',
    title: 'Dublin: walking debate for youth',
    description:
      'Transition-year students take positions on a line from "strongly agree" to "strongly disagree" as the ' +
      'facilitator reads open statements about technology in their lives and their city, then explain why ' +
      'and move when convinced. The session ends with a reflective zine of the group\'s recommendations.',
    materials: [
      {
        slug: 'what-to-expect',
        audience: 'learner',
        format: 'reading',
        title: 'What happens in a walking debate',
        body:
          'There are no right answers: you stand where you agree, you may change your mind, and everyone who ' +
          'wants to speak gets a turn. At the end your group makes a zine with its recommendations to the city.',
      },
      {
        slug: 'debate-statements',
        audience: 'trainer',
        format: 'session-plan',
        title: 'Walking debate statements',
        body:
          '1. Cameras that recognise faces would make the city centre safer. 2. Schools should let students use ' +
          'generative AI for homework. 3. Social media companies know me better than my friends do. 4. I would ' +
          'share my location with the council if it made buses run on time. 5. Technology built for social good ' +
          'should still ask for consent. 6. I would spend my free time in the metaverse rather than in a park. ' +
          'For each: a follow-up question when the line is lopsided, and a fact to bring in.',
      },
      {
        slug: 'zine-brief',
        audience: 'trainer',
        format: 'exercise',
        title: 'Zine brief: our recommendations',
        body:
          'Eight folded pages from one sheet: a cover, the statement that split the group most, three ' +
          'recommendations to the city, one thing each person wants adults to understand. The finished zine ' +
          'is the reflection the trainer accepts as evidence of completion.',
      },
      {
        slug: 'evaluation-form',
        audience: 'trainer',
        format: 'evaluation-form',
        title: 'Walking debate evaluation form',
        body: 'Three smiley-scale questions and one open question, read aloud and answered on sticky notes.',
      },
    ],
  },
  {
    code: 'DUB-COMMUNITY',
    kind: 'audience',
    audience: 'resident',
    title: 'Dublin: community workshop for residents',
    description:
      'A workshop in three parts for residents: what privacy and digital rights mean to each person; where ' +
      'those rights meet daily life and public space; and the trade-offs — when sharing personal data is ' +
      'justified, and which organisations people trust with it.',
    materials: [
      {
        slug: 'handout',
        audience: 'learner',
        format: 'reading',
        title: 'Your digital rights in the city — handout',
        body: 'A two-page summary of the rights discussed and where to ask the council about data it holds on you.',
      },
      {
        slug: 'three-part-plan',
        audience: 'trainer',
        format: 'session-plan',
        title: 'Three-part workshop plan',
        body:
          'Part 1 (30 min): personal views — pairs share a moment they felt watched or excluded online. ' +
          'Part 2 (40 min): daily life and public space — a walk-through of a street map marking sensors, ' +
          'cameras, wifi and kiosks. Part 3 (40 min): values and trade-offs — cards with data-sharing scenarios ' +
          'sorted into justified / depends / not justified, then a discussion of trust in the organisations ' +
          'involved. Close with the written reflection used as evidence of completion.',
      },
      {
        slug: 'evaluation-form',
        audience: 'trainer',
        format: 'evaluation-form',
        title: 'Community workshop evaluation form',
        body: 'Four questions on what participants learned, what they will do, and what the council should hear.',
      },
    ],
  },
];

export const DUBLIN_CITY = {
  code: 'DUBLIN',
  name: 'Dublin',
  issuer: 'Dublin City Council',
  defaultLanguage: 'en',
  timezone: 'Europe/Dublin',
};

export const DUBLIN_2023 = {
  code: 'DUBLIN-2023',
  title: 'Digital rights learning modules for staff, youth and residents',
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
