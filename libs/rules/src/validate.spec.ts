import { compileRuleSet, ruleSetFromJson } from './compile.js';
import { dublin2023Definition } from './definitions/dublin-2023.js';
import { tirana2023Definition } from './definitions/tirana-2023.js';
import { RuleSetValidationError, validateRuleSet, type RuleSetError } from './validate.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the point is to build invalid documents */
type Doc = Record<string, any>;

/** A valid document exercising most of the vocabulary; each case breaks one thing. */
function valid(): Doc {
  return {
    format: 'academy.rule-set/1',
    id: 'custom-2024',
    version: 2,
    title: 'Custom 2024',
    description: 'Used by the validation spec.',
    moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: 0.8, selfPaced: 'all-lessons-and-check' },
    totModules: ['DHR-TOT'],
    awards: [
      { kind: 'completion', scope: 'programme', when: { minModules: 4, requiredModules: ['DHR-INTRO'], acceptedEvidence: ['final-assignment'] } },
      { kind: 'attendance', scope: 'programme', when: { minModules: 2 } },
      { kind: 'completion', scope: 'each-module', when: { attended: true, acceptedEvidence: [{ oneOf: ['zine', 'reflection'] }] } },
      { kind: 'trainer', scope: 'programme', when: { totModuleAttended: true, minCoFacilitated: 1, minLed: 1 } },
    ],
    videoConference: { presentShare: 0.75, lateGraceMinutes: 10 },
  };
}

function broken(change: (doc: Doc) => void): unknown {
  const doc = valid();
  change(doc);
  return doc;
}

function errorsOf(json: unknown): RuleSetError[] {
  const result = validateRuleSet(json);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

describe('validateRuleSet', () => {
  it('accepts the shipped definitions and the full example', () => {
    expect(validateRuleSet(tirana2023Definition)).toMatchObject({ ok: true });
    expect(validateRuleSet(dublin2023Definition)).toMatchObject({ ok: true });
    const result = validateRuleSet(valid());
    expect(result).toEqual({ ok: true, ruleSet: valid() });
  });

  it('accepts the optional parts left out', () => {
    const minimal = broken((d) => {
      delete d.totModules;
      delete d.videoConference;
      d.moduleAttended = { statuses: ['present'] };
    });
    expect(validateRuleSet(minimal).ok).toBe(true);
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ['not an object', [], '$', /must be an object \(got an array\)/],
    ['null', null, '$', /must be an object \(got null\)/],
    ['unknown top-level key', broken((d) => (d.name = 'x')), 'name', /unknown key/],
    ['missing id', broken((d) => delete d.id), 'id', /is required/],
    ['another format', broken((d) => (d.format = 'academy.rule-set/2')), 'format', /must be "academy.rule-set\/1"/],
    ['id not a slug', broken((d) => (d.id = 'Tirana 2023')), 'id', /lower-case slug/],
    ['version zero', broken((d) => (d.version = 0)), 'version', /at least 1/],
    ['version as a string', broken((d) => (d.version = '2')), 'version', /must be a number \(got the string "2"\)/],
    ['empty title', broken((d) => (d.title = '  ')), 'title', /must not be empty/],
    ['bad attendance status', broken((d) => (d.moduleAttended.statuses[1] = 'on-time')), 'moduleAttended.statuses[1]', /must be one of/],
    ['status listed twice', broken((d) => (d.moduleAttended.statuses = ['late', 'late'])), 'moduleAttended.statuses[1]', /listed twice/],
    ['no counting status', broken((d) => (d.moduleAttended.statuses = [])), 'moduleAttended.statuses', /must not be empty/],
    ['share written as a percentage', broken((d) => (d.moduleAttended.minShareOfMinutes = 80)), 'moduleAttended.minShareOfMinutes', /between 0 and 1/],
    ['negative share', broken((d) => (d.moduleAttended.minShareOfMinutes = -0.1)), 'moduleAttended.minShareOfMinutes', /between 0 and 1/],
    ['unknown self-paced policy', broken((d) => (d.moduleAttended.selfPaced = 'lessons')), 'moduleAttended.selfPaced', /must be one of/],
    ['unknown key in moduleAttended', broken((d) => (d.moduleAttended.minutes = 60)), 'moduleAttended.minutes', /unknown key/],
    ['totModules not a list', broken((d) => (d.totModules = 'DHR-TOT')), 'totModules', /must be an array/],
    ['awards empty', broken((d) => (d.awards = [])), 'awards', /at least one award/],
    ['awards not a list', broken((d) => (d.awards = { kind: 'completion' })), 'awards', /must be an array/],
    ['award not an object', broken((d) => (d.awards[2] = 'completion')), 'awards[2]', /must be an object/],
    ['unknown award kind', broken((d) => (d.awards[1].kind = 'diploma')), 'awards[1].kind', /"attendance", "completion", "trainer"/],
    ['unknown scope', broken((d) => (d.awards[0].scope = 'module')), 'awards[0].scope', /"programme", "each-module"/],
    ['award without when', broken((d) => delete d.awards[1].when), 'awards[1].when', /is required/],
    ['unknown key on an award', broken((d) => (d.awards[1].label = 'x')), 'awards[1].label', /unknown key/],
    ['negative minModules', broken((d) => (d.awards[1].when.minModules = -1)), 'awards[1].when.minModules', /must not be negative/],
    ['fractional minModules', broken((d) => (d.awards[1].when.minModules = 2.5)), 'awards[1].when.minModules', /whole number/],
    ['minModules as a string', broken((d) => (d.awards[1].when.minModules = '2')), 'awards[1].when.minModules', /must be a number/],
    ['misspelt condition', broken((d) => (d.awards[1].when = { minModule: 2 })), 'awards[1].when.minModule', /unknown condition/],
    ['condition key with a space', broken((d) => (d.awards[1].when = { minModules: 2, 'min led': 1 })), 'awards[1].when["min led"]', /unknown condition/],
    ['module count on a per-module award', broken((d) => (d.awards[2].when.minModules = 1)), 'awards[2].when.minModules', /not allowed with scope "each-module"/],
    ['attended on a programme award', broken((d) => (d.awards[1].when.attended = true)), 'awards[1].when.attended', /not allowed with scope "programme"/],
    ['attended false', broken((d) => (d.awards[2].when.attended = false)), 'awards[2].when.attended', /must be true/],
    ['maxModules below minModules', broken((d) => (d.awards[1].when.maxModules = 1)), 'awards[1].when.maxModules', /below minModules \(2\)/],
    ['module code in lower case', broken((d) => (d.awards[0].when.requiredModules = ['dhr-intro'])), 'awards[0].when.requiredModules[0]', /module code/],
    ['required module listed twice', broken((d) => (d.awards[0].when.requiredModules = ['DHR-INTRO', 'DHR-INTRO'])), 'awards[0].when.requiredModules[1]', /listed twice/],
    [
      'required module outside the counted modules',
      broken((d) => (d.awards[0].when.modules = ['DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-AUTONOMY', 'DHR-PARTICIPATION'])),
      'awards[0].when.requiredModules[0]',
      /"DHR-INTRO" is not among when.modules/,
    ],
    [
      'more modules required than listed',
      broken((d) => (d.awards[1].when.modules = ['DHR-INTRO'])),
      'awards[1].when.minModules',
      /can never be met/,
    ],
    ['empty evidence list', broken((d) => (d.awards[0].when.acceptedEvidence = [])), 'awards[0].when.acceptedEvidence', /must not be empty/],
    ['evidence kind with spaces', broken((d) => (d.awards[0].when.acceptedEvidence = ['Final Assignment'])), 'awards[0].when.acceptedEvidence[0]', /evidence kind/],
    ['evidence as a number', broken((d) => (d.awards[0].when.submittedEvidence = [3])), 'awards[0].when.submittedEvidence[0]', /must be an evidence kind/],
    ['"any" among choices', broken((d) => (d.awards[2].when.acceptedEvidence[0].oneOf[1] = 'any')), 'awards[2].when.acceptedEvidence[0].oneOf[1]', /on its own/],
    ['a single choice', broken((d) => (d.awards[2].when.acceptedEvidence[0].oneOf = ['zine'])), 'awards[2].when.acceptedEvidence[0].oneOf', /at least two/],
    ['unknown key beside oneOf', broken((d) => (d.awards[2].when.acceptedEvidence[0].allOf = ['zine'])), 'awards[2].when.acceptedEvidence[0].allOf', /unknown key/],
    ['negative minLed', broken((d) => (d.awards[3].when.minLed = -2)), 'awards[3].when.minLed', /must not be negative/],
    ['trainer condition on a per-module award', broken((d) => (d.awards[2].when.minLed = 1)), 'awards[2].when.minLed', /only with "programme"/],
    ['condition-less award', broken((d) => (d.awards[1].when = {})), 'awards[1].when', /states no condition/],
    ['only a module list', broken((d) => (d.awards[1].when = { modules: ['DHR-INTRO'] })), 'awards[1].when', /states no condition/],
    ['present share above 1', broken((d) => (d.videoConference.presentShare = 1.5)), 'videoConference.presentShare', /between 0 and 1/],
    ['negative grace', broken((d) => (d.videoConference.lateGraceMinutes = -5)), 'videoConference.lateGraceMinutes', /must not be negative/],
    ['grace missing', broken((d) => delete d.videoConference.lateGraceMinutes), 'videoConference.lateGraceMinutes', /is required/],
  ];
  it.each(invalid.map(([name, json, path, message]) => [name, path, json, message] as const))(
    'rejects %s at %s',
    (_case, path, json, message) => {
      const errors = errorsOf(json);
      expect(errors.map((e) => e.path)).toEqual([path]);
      expect(errors[0].message).toMatch(message);
    },
  );

  it('reports every problem at once, in document order', () => {
    const errors = errorsOf(
      broken((d) => {
        d.version = -1;
        d.awards[0].kind = 'gold';
        d.awards[1].when.minModules = 'two';
        d.videoConference.presentShare = 2;
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'version',
      'awards[0].kind',
      'awards[1].when.minModules',
      'videoConference.presentShare',
    ]);
  });

  it('returns a copy, not the caller’s object', () => {
    const doc = valid();
    const result = validateRuleSet(doc);
    if (!result.ok) throw new Error('expected ok');
    doc.awards[1].when.minModules = 99;
    expect(result.ruleSet.awards[1].when.minModules).toBe(2);
  });
});

describe('compileRuleSet and ruleSetFromJson', () => {
  it('refuses to compile an invalid definition, naming the paths', () => {
    const bad = broken((d) => (d.awards[1].when.minModules = -1)) as never;
    expect(() => compileRuleSet(bad)).toThrow(RuleSetValidationError);
    expect(() => compileRuleSet(bad)).toThrow('awards[1].when.minModules: must not be negative (got -1)');
  });

  it('compiles untrusted JSON in one step', () => {
    const good = ruleSetFromJson(JSON.parse(JSON.stringify(valid())));
    expect(good.ok && good.ruleSet.id).toBe('custom-2024');
    expect(good.ok && good.ruleSet.version).toBe(2);
    const bad = ruleSetFromJson({ format: 'academy.rule-set/1' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['id', 'version', 'title', 'description', 'moduleAttended', 'awards']);
  });

  it('freezes the definition it keeps', () => {
    const set = compileRuleSet(valid() as never);
    expect(Object.isFrozen(set.definition.awards[0].when)).toBe(true);
    expect(set.countingStatuses).toEqual(['present', 'late']);
  });
});
