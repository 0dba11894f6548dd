/**
 * The needs-assessment instrument Tirana used before its 2023 programme, and the pure
 * aggregation of its answers. Areas map onto the deep dives so the results can rank
 * which deep dives a city needs most.
 */
export const NEEDS_ASSESSMENT = 'needs-assessment';

export const KNOWLEDGE_LEVELS = ['none', 'general', 'basic', 'good', 'advanced'] as const;
export type KnowledgeLevel = (typeof KNOWLEDGE_LEVELS)[number];

/** 1 not necessary … 4 very necessary. */
export const NECESSITY_SCALE = ['not necessary', 'somewhat necessary', 'necessary', 'very necessary'] as const;

/** The six deep dives, one per thematic area: what the needs-assessment ranking ranks (never the introduction). */
export const DEEP_DIVES = [
  'DHR-INCLUSION', 'DHR-AUTONOMY', 'DHR-TRANSPARENCY', 'DHR-PARTICIPATION', 'DHR-PRIVACY', 'DHR-PUBLIC-GOODS',
] as const;
export type DeepDive = (typeof DEEP_DIVES)[number];

/**
 * The seven areas of the survey and the deep dives each one calls for. Protecting human
 * rights in the technology a city runs is about who controls it (open source, open
 * standards, tenders that keep the data in public hands: public goods) and who answers for
 * it (transparency); the introduction is a prerequisite of every deep dive, not a need an
 * area can rank. Every deep dive appears at least once.
 */
export const AREAS: readonly { key: AreaKey; label: string; modules: readonly DeepDive[] }[] = [
  { key: 'ethics', label: 'Ethical issues of technology', modules: ['DHR-AUTONOMY'] },
  { key: 'human-rights', label: 'Protecting human rights in technology', modules: ['DHR-PUBLIC-GOODS', 'DHR-TRANSPARENCY'] },
  { key: 'bias', label: 'Measures against bias and discrimination in technology', modules: ['DHR-INCLUSION', 'DHR-TRANSPARENCY'] },
  { key: 'inclusion', label: 'Digital inclusion and accessibility', modules: ['DHR-INCLUSION'] },
  { key: 'data-control', label: 'Ways for people to access and control data collected about them', modules: ['DHR-PRIVACY', 'DHR-AUTONOMY'] },
  { key: 'privacy-security', label: 'Privacy, safety and security of data and technology use', modules: ['DHR-PRIVACY'] },
  { key: 'participation', label: 'Community participation and public engagement in technology decisions', modules: ['DHR-PARTICIPATION'] },
] as const;
export type AreaKey = 'ethics' | 'human-rights' | 'bias' | 'inclusion' | 'data-control' | 'privacy-security' | 'participation';

export const CONCERNS = [
  'cyber-attacks', 'personal-data-theft', 'ransomware', 'phishing', 'children-safety', 'surveillance', 'digital-exclusion',
] as const;
export const FORMATS = ['in-person-workshops', 'videos', 'virtual-workshops', 'text'] as const;
export type Format = (typeof FORMATS)[number];

export interface NeedsAnswers {
  knowledgeLevel: KnowledgeLevel;
  hadDataProtectionTraining: boolean;
  /** 1–4 for every area. */
  necessity: Record<AreaKey, number>;
  concerns: string[];
  otherConcern?: string;
  /** Most preferred first; a subset of FORMATS. */
  preferredFormats: Format[];
}

/** Groups smaller than this are not reported, so no answer can be traced to a person. */
export const MIN_GROUP = 5;

export interface NeedsResults {
  responses: number;
  suppressed: boolean;
  knowledgeLevels?: Record<KnowledgeLevel, number>;
  hadDataProtectionTraining?: number;
  areas?: { key: AreaKey; label: string; mean: number; veryNecessaryShare: number; distribution: number[] }[];
  /** Borda count: a format ranked first of n gets n points, second n−1, … */
  formats?: { format: Format; points: number; chosenBy: number }[];
  concerns?: { concern: string; count: number }[];
  deepDives?: { moduleCode: string; need: number; areas: AreaKey[] }[];
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function aggregateNeeds(answers: NeedsAnswers[]): NeedsResults {
  const n = answers.length;
  if (n < MIN_GROUP) return { responses: n, suppressed: true };
  const knowledgeLevels = Object.fromEntries(KNOWLEDGE_LEVELS.map((k) => [k, 0])) as Record<KnowledgeLevel, number>;
  for (const a of answers) knowledgeLevels[a.knowledgeLevel]++;
  const areas = AREAS.map((area) => {
    const distribution = [0, 0, 0, 0];
    let sum = 0;
    for (const a of answers) {
      const v = a.necessity[area.key];
      distribution[v - 1]++;
      sum += v;
    }
    return { key: area.key, label: area.label, mean: round(sum / n), veryNecessaryShare: round(distribution[3] / n), distribution };
  });
  const formats = FORMATS.map((format) => {
    let points = 0;
    let chosenBy = 0;
    for (const a of answers) {
      const i = a.preferredFormats.indexOf(format);
      if (i >= 0) {
        chosenBy++;
        points += FORMATS.length - i;
      }
    }
    return { format, points, chosenBy };
  }).sort((x, y) => y.points - x.points);
  const concernCounts = new Map<string, number>();
  for (const a of answers) for (const c of new Set(a.concerns)) concernCounts.set(c, (concernCounts.get(c) ?? 0) + 1);
  const concerns = [...concernCounts].map(([concern, count]) => ({ concern, count })).sort((x, y) => y.count - x.count);
  const byModule = new Map<string, AreaKey[]>();
  for (const area of AREAS) for (const m of area.modules) byModule.set(m, [...(byModule.get(m) ?? []), area.key]);
  const deepDives = [...byModule]
    .map(([moduleCode, keys]) => ({
      moduleCode,
      areas: keys,
      need: round(keys.reduce((s, k) => s + areas.find((a) => a.key === k)!.mean, 0) / keys.length),
    }))
    .sort((x, y) => y.need - x.need || x.moduleCode.localeCompare(y.moduleCode));
  return {
    responses: n,
    suppressed: false,
    knowledgeLevels,
    hadDataProtectionTraining: answers.filter((a) => a.hadDataProtectionTraining).length,
    areas,
    formats,
    concerns,
    deepDives,
  };
}
