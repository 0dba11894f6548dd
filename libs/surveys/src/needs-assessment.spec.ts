import { aggregateNeeds, AREAS, DEEP_DIVES, type NeedsAnswers } from './needs-assessment.js';

const answer = (overrides: Partial<NeedsAnswers> & { all?: number } = {}): NeedsAnswers => ({
  knowledgeLevel: 'general',
  hadDataProtectionTraining: false,
  necessity: Object.fromEntries(AREAS.map((a) => [a.key, overrides.all ?? 3])) as NeedsAnswers['necessity'],
  concerns: ['phishing'],
  preferredFormats: ['in-person-workshops', 'videos', 'virtual-workshops', 'text'],
  ...overrides,
});

describe('needs assessment aggregation', () => {
  it.each([0, 1, 4])('suppresses a group of %i answers', (n) => {
    expect(aggregateNeeds(Array.from({ length: n }, () => answer()))).toEqual({ responses: n, suppressed: true });
  });

  it('ranks formats by Borda points and areas by mean necessity', () => {
    const answers = [
      ...Array.from({ length: 3 }, () => answer({ all: 4, preferredFormats: ['in-person-workshops', 'videos'] })),
      answer({ all: 2, preferredFormats: ['videos', 'text'], knowledgeLevel: 'basic', hadDataProtectionTraining: true }),
      answer({ all: 3, preferredFormats: ['virtual-workshops'], concerns: ['surveillance', 'phishing', 'phishing'] }),
    ];
    const r = aggregateNeeds(answers);
    expect(r.suppressed).toBe(false);
    expect(r.knowledgeLevels).toMatchObject({ general: 4, basic: 1 });
    expect(r.hadDataProtectionTraining).toBe(1);
    expect(r.formats!.map((f) => [f.format, f.points, f.chosenBy])).toEqual([
      ['videos', 13, 4],
      ['in-person-workshops', 12, 3],
      ['virtual-workshops', 4, 1],
      ['text', 3, 1],
    ]);
    const ethics = r.areas!.find((a) => a.key === 'ethics')!;
    expect(ethics).toMatchObject({ mean: 3.4, veryNecessaryShare: 0.6, distribution: [0, 1, 1, 3] });
    expect(r.concerns).toEqual([{ concern: 'phishing', count: 5 }, { concern: 'surveillance', count: 1 }]);
  });

  it('ranks the deep dives by the need their areas show', () => {
    const privacyFirst = (i: number) =>
      answer({ necessity: { ethics: 2, 'human-rights': 2, bias: 2, inclusion: 1, 'data-control': 4, 'privacy-security': 4, participation: 3 }, knowledgeLevel: i ? 'general' : 'none' });
    const r = aggregateNeeds(Array.from({ length: 5 }, (_, i) => privacyFirst(i)));
    expect(r.deepDives!.map((d) => d.moduleCode)).toEqual([
      'DHR-PRIVACY', 'DHR-AUTONOMY', 'DHR-PARTICIPATION', 'DHR-PUBLIC-GOODS', 'DHR-TRANSPARENCY', 'DHR-INCLUSION',
    ]);
    expect(r.deepDives![0]).toEqual({ moduleCode: 'DHR-PRIVACY', need: 4, areas: ['data-control', 'privacy-security'] });
    expect(r.deepDives!.find((d) => d.moduleCode === 'DHR-PUBLIC-GOODS')).toEqual({ moduleCode: 'DHR-PUBLIC-GOODS', need: 2, areas: ['human-rights'] });
  });

  it('ranks each of the six deep dives once, and never the introduction', () => {
    const r = aggregateNeeds(Array.from({ length: 5 }, () => answer()));
    expect(r.deepDives!.map((d) => d.moduleCode).sort()).toEqual([...DEEP_DIVES].sort());
    expect(r.deepDives!.map((d) => d.moduleCode)).not.toContain('DHR-INTRO');
  });
});
