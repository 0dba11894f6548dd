import { parseAttendanceCsv, type ParseOptions } from './index.js';

const OPTIONS: ParseOptions = { moduleCodes: new Set(['DHR-INTRO', 'DHR-PRIVACY']) };
const HEADER = 'email,name,department,module,session,status,minutes';
const ARTA = 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,present,88';
const ERION = 'erion.krasniqi@tirana.example,Erion Krasniqi,Urban Planning,DHR-INTRO,2023-01-17,late,71';
const BLERINA = 'blerina.shehu@tirana.example,Blerina Shehu,Social Services,DHR-PRIVACY,2023-01-24,present,';

const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

describe('repeated lines', () => {
  it('counts an exact repeat once and warns about it, naming both lines', () => {
    const result = parseAttendanceCsv(csv(ARTA, ERION, ARTA, BLERINA), OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(result.duplicates).toBe(1);
    expect(result.warnings).toEqual([{ line: 4, message: 'repeats line 2; counted once' }]);
    expect(result.total).toBe(4);
  });

  it('takes a repeat that differs only in case, spaces or leading zeros as the same line', () => {
    const same = ' ARTA.Hoxha@tirana.example , Arta Hoxha ,IT, dhr-intro ,2023-01-17, Present ,088';
    const result = parseAttendanceCsv(csv(ARTA, same), OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
    expect(result.warnings).toEqual([{ line: 3, message: 'repeats line 2; counted once' }]);
  });

  it('counts every further repeat, each pointing at the first line', () => {
    const result = parseAttendanceCsv(csv(ARTA, ARTA, ERION, ARTA), OPTIONS);
    expect(result.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(result.duplicates).toBe(2);
    expect(result.warnings).toEqual([
      { line: 3, message: 'repeats line 2; counted once' },
      { line: 5, message: 'repeats line 2; counted once' },
    ]);
  });

  it('makes two lines that disagree about one learner and session one error naming both, and keeps the other rows', () => {
    const contradiction = 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,absent,';
    const result = parseAttendanceCsv(csv(ARTA, ERION, contradiction, BLERINA), OPTIONS);
    expect(result.errors).toEqual([{ line: 4, message: 'duplicate of line 2 for the same learner and session' }]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(result.duplicates).toBe(0);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['minutes', 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,present,87'],
    ['minutes left empty', 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,present,'],
    ['name', 'arta.hoxha@tirana.example,Arta Hoxha-Krasniqi,IT,DHR-INTRO,2023-01-17,present,88'],
    ['department', 'arta.hoxha@tirana.example,Arta Hoxha,Finance,DHR-INTRO,2023-01-17,present,88'],
  ])('a repeat with different %s disagrees', (_field, other) => {
    const result = parseAttendanceCsv(csv(ARTA, other), OPTIONS);
    expect(result.errors).toEqual([{ line: 3, message: 'duplicate of line 2 for the same learner and session' }]);
    expect(result.duplicates).toBe(0);
  });

  it('tells a repeat from a contradiction when both follow the same line', () => {
    const contradiction = 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,late,40';
    const result = parseAttendanceCsv(csv(ARTA, contradiction, ARTA), OPTIONS);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([{ line: 3, message: 'duplicate of line 2 for the same learner and session' }]);
    expect(result.warnings).toEqual([{ line: 4, message: 'repeats line 2; counted once' }]);
  });

  it('does not take the same learner in another session, or another learner, for a repeat', () => {
    const otherSession = ARTA.replace('2023-01-17', '2023-01-24');
    const otherLearner = ARTA.replace('arta.hoxha', 'arta.hoxha2');
    const result = parseAttendanceCsv(csv(ARTA, otherSession, otherLearner), OPTIONS);
    expect(result.rows).toHaveLength(3);
    expect(result.duplicates).toBe(0);
  });
});
