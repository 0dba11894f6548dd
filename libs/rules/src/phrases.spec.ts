import { loadCatalogues } from '@academy/web';
import { tirana2023 } from './tirana-2023.rule-set.js';
import { dublin2023 } from './dublin-2023.rule-set.js';
import { PHRASES_EN, type PhraseTree } from './phrases-en.js';
import { wordingFrom } from './wording.js';
import type { CompiledRuleSet } from './definition.js';
import type { LearnerFacts } from './types.js';

const catalogues = loadCatalogues();

/** Every phrase of a tree, by dotted key. */
const flat = (tree: PhraseTree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flat(v, `${prefix}${k}.`)));

describe('the wording of explanations', () => {
  it("the English catalogue's explain section is the rules' own English, phrase for phrase", () => {
    expect(catalogues.en.explain).toEqual(PHRASES_EN);
  });

  it.each(Object.keys(catalogues))('%s has every phrase, with the same placeholders', (language) => {
    const own = new Map(flat(catalogues[language].explain as PhraseTree));
    const holes = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join();
    expect(flat(PHRASES_EN).filter(([k, v]) => !own.has(k) || holes(own.get(k)!) !== holes(v)).map(([k]) => k)).toEqual([]);
  });

  it('words a decision in Albanian with no English phrase left, deciding exactly as in English', () => {
    const sqTree = catalogues.sq.explain as PhraseTree;
    const sq = wordingFrom(sqTree, 'sq-AL');
    const albanian = new Map(flat(sqTree));
    // The English phrases that Albanian words differently, cut at their placeholders.
    const english = flat(PHRASES_EN)
      .filter(([k, v]) => v !== albanian.get(k))
      .flatMap(([, v]) => v.split(/{{\w+}}/))
      .map((s) => s.replace(/^[\s,;:.()]+|[\s,;:.()]+$/g, ''))
      .filter((s) => s.split(' ').length >= 2);
    const present = { status: 'present' as const, minutes: null };
    const cases: [CompiledRuleSet, LearnerFacts][] = [
      [tirana2023, { modules: [] }],
      [tirana2023, { modules: [{ code: 'DHR-INTRO', sessions: [present] }, { code: 'DHR-PRIVACY', sessions: [{ status: 'excused', minutes: null }] }] }],
      [dublin2023, {
        modules: [
          { code: 'DUB-STAFF', sessions: [present], evidence: [{ kind: 'policy-exercise', status: 'submitted' }] },
          { code: 'DHR-TOT', sessions: [present] },
        ],
        trainer: { totModuleAttended: false, sessionsCoFacilitated: 1, sessionsLed: 0 },
      }],
    ];
    for (const [ruleSet, facts] of cases) {
      const inEnglish = ruleSet.decide(facts);
      const inAlbanian = ruleSet.decide(facts, sq);
      expect(inAlbanian.awards).toEqual(inEnglish.awards);
      expect(inAlbanian.explanation).toHaveLength(inEnglish.explanation.length);
      const text = inAlbanian.explanation.join(' ');
      expect({ text, english: english.filter((e) => text.includes(e)) }).toEqual({ text, english: [] });
    }
    expect(tirana2023.decide(cases[1][1], sq).explanation).toEqual([
      'Keni ndjekur 1 modul: DHR-INTRO.',
      'Të pandjekura: DHR-PRIVACY.',
      'DHR-PRIVACY: i justifikuar në 1 seancë, çka sipas këtyre rregullave nuk llogaritet si pjesëmarrje.',
      'Asnjë certifikatë: edhe 1 modul për certifikatën e pjesëmarrjes, edhe 2 për certifikatën e përfundimit.',
    ]);
  });
});
