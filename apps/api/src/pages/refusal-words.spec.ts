import { decodeAttendanceFile, parseAttendanceCsv } from '@academy/attendance-csv';
import { conflict, DomainError, forbidden, invalid } from '@academy/common';
import { keysOf, loadCatalogues } from '@academy/web';
import { FILE_REFUSALS, lineWords, refusalWords } from './refusal-words.js';

const catalogue = new Set(keysOf(loadCatalogues().en));

describe('refusals in the viewer\'s words', () => {
  it('a known refusal is its sentence alone; an unknown one keeps the service\'s English beside', () => {
    const known = [{ code: 'conflict' as const, when: /without an active administrator/, key: 'refusals.people.lastAdmin' }];
    expect(refusalWords(conflict('userId: the city would be left without an active administrator: appoint another administrator first'), known, 'refusals.people.other'))
      .toEqual({ key: 'refusals.people.lastAdmin' });
    expect(refusalWords(forbidden('userId: x is a platform account'), known, 'refusals.people.other'))
      .toEqual({ key: 'refusals.people.other', detail: 'userId: x is a platform account' });
    expect(() => refusalWords(new Error('boom'), known, 'refusals.people.other')).toThrow('boom');
    expect(refusalWords(new DomainError('conflict', 'something else'), known, 'refusals.people.other').detail).toBe('something else');
  });

  it('every problem the attendance file reader words is said by a sentence of the catalogue, its values carried over', () => {
    const csv = [
      'email,name,department,module,session,status,minutes',
      'arta@tirana.example,Arta,,DHR-INTRO,2023-01-17,present,80',
      'arta@tirana.example,Arta,,DHR-INTRO,2023-01-17,present,80',
      'arta@tirana.example,Arta,,DHR-INTRO,2023-01-17,late,80',
      'not-an-address,X,,NOPE,2023-02-30,here,',
      'erion@tirana.example,Erion,,DHR-INTRO,someday,present,',
      'ilir@tirana.example,Ilir,,,,,',
      'ilir@tirana.example,Ilir,,DHR-INTRO,2023-01-17',
    ].join('\n');
    const parsed = parseAttendanceCsv(csv, { moduleCodes: new Set(['DHR-INTRO']) });
    const said = [...parsed.errors, ...parsed.warnings].flatMap((p) => lineWords(p.message));
    expect(said.filter((w) => w.key === 'refusals.line.other')).toEqual([]);
    expect(said.filter((w) => !catalogue.has(w.key))).toEqual([]);
    const keys = said.map((w) => w.key);
    for (const k of ['duplicate', 'repeats', 'email', 'module', 'sessionDate', 'sessionValue', 'status', 'required', 'fieldCount']) {
      expect(keys).toContain(`refusals.line.${k}`);
    }
    expect(said).toContainEqual({ key: 'refusals.line.status', values: { value: '"here"' } });
    expect(said).toContainEqual({ key: 'refusals.line.duplicate', values: { line: '2' } });
  });

  it('the importers\' own line problems, and a line that continues after "; "', () => {
    expect(lineWords('email: a@b.example belongs to a person of another city')).toEqual([{ key: 'refusals.line.otherCity', values: { email: 'a@b.example' } }]);
    expect(lineWords('session: DHR-INTRO has 2 sessions on 2023-01-17; name the session by its id'))
      .toEqual([{ key: 'refusals.line.sessionAmbiguous', values: { module: 'DHR-INTRO', n: '2', date: '2023-01-17' } }]);
    expect(lineWords('email must be an email; name should not be empty').map((w) => [w.key, w.values?.column, w.detail]))
      .toEqual([['refusals.line.column', 'email', 'email must be an email'], ['refusals.line.column', 'name', 'name should not be empty']]);
    expect(lineWords('something new')).toEqual([{ key: 'refusals.line.other', detail: 'something new' }]);
  });

  it('a whole file the attendance reader refuses is said by its sentence, as the import wraps it ("file: …")', () => {
    const refusedAs = (read: () => unknown) => {
      try {
        read();
      } catch (e) {
        return refusalWords(invalid(`file: ${(e as Error).message}`), FILE_REFUSALS, 'refusals.file.other');
      }
      throw new Error('not refused');
    };
    const parse = (csv: string | Buffer) => () => parseAttendanceCsv(csv, { moduleCodes: new Set(['DHR-INTRO']) });
    expect(refusedAs(parse(''))).toEqual({ key: 'refusals.file.empty' });
    expect(refusedAs(parse('email,module,module,session,status\n'))).toEqual({ key: 'refusals.file.repeatedColumn', values: { column: 'module' } });
    expect(refusedAs(parse('email,name,module\na@b.example,A,DHR-INTRO\n'))).toEqual({ key: 'refusals.file.missingColumns', values: { columns: 'session, status' } });
    expect(refusedAs(() => decodeAttendanceFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).key).toBe('refusals.file.notText');
  });
});
