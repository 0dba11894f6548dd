import { buildAnswer, type ScopedAnswer } from '@academy/statistics';
import { Messages } from '@academy/web';
import { statisticsView, type Translate } from './statistics-view.js';

const messages = new Messages();
const t = (language: string) => messages.translator(language) as Translate;

/** A small city: one named department and people with none recorded, two modules, a few certificates. */
function answer(): ScopedAnswer {
  const built = buildAnswer({
    programmes: [{ id: 'p1', code: 'T-2023', title: 'T', cityId: 'c1', cityName: 'Tirana', modules: [{ id: 'm1', code: 'DHR-INTRO', title: 'Intro' }, { id: 'm2', code: 'DHR-PRIVACY', title: 'Privacy' }] }],
    departments: new Map([['d1', 'Drejtoria e Financave']]),
    learners: [
      { set: 'department', programmeId: null, departmentId: 'd1', modulesAttended: 2, completed: null, n: 7 },
      { set: 'department', programmeId: null, departmentId: null, modulesAttended: 1, completed: null, n: 6 },
      { set: 'department', programmeId: null, departmentId: null, modulesAttended: 0, completed: null, n: 2 },
      { set: 'programme', programmeId: 'p1', departmentId: null, modulesAttended: 2, completed: null, n: 7 },
      { set: 'programme', programmeId: 'p1', departmentId: null, modulesAttended: 1, completed: null, n: 6 },
      { set: 'programme', programmeId: 'p1', departmentId: null, modulesAttended: 0, completed: null, n: 2 },
      { set: 'completed', programmeId: null, departmentId: null, modulesAttended: null, completed: true, n: 7 },
    ],
    modules: [
      { departmentId: 'd1', moduleCode: 'DHR-INTRO', n: 7 }, { departmentId: 'd1', moduleCode: 'DHR-PRIVACY', n: 7 },
      { departmentId: null, moduleCode: 'DHR-INTRO', n: 6 },
    ],
    demographics: [],
    sessions: [],
    certificates: [{ kind: 'completion', status: 'valid', month: '2023-03', n: 7 }, { kind: 'attendance', status: 'valid', month: '2023-03', n: 6 },
      { kind: 'completion', status: 'revoked', month: '2023-03', n: 1 }],
    trainers: [],
  }, 'city');
  return { ...built, freshness: { current: true, asOf: null, stale: [] } } as unknown as ScopedAnswer;
}

describe('the statistics dashboard’s words', () => {
  const a = answer();
  const en = statisticsView(a, t('en'), '/x.csv');
  const sq = statisticsView(a, t('sq'), '/x.csv');
  const chart = (v: typeof en, id: string) => v.charts.find((c) => c.id === id)!;

  it('in English, the heads and labels are the answer’s own words', () => {
    for (const id of ['modules', 'modules-attended', 'certificates']) {
      const table = a.tables.find((x) => x.id === id)!;
      const c = chart(en, id);
      expect(c.tableTitle).toBe(table.title);
      expect(c.head).toEqual([table.rowHeader, ...table.columns.map((col) => col.label), 'Total']);
      expect(c.rows.map((r) => r.label)).toEqual([...table.rows.map((r) => r.label), 'Total']);
    }
  });

  it('in Albanian, ids and codes are catalogue words, names from the database as stored, and every figure the same', () => {
    const certificates = chart(sq, 'certificates');
    expect(certificates.head).toEqual(['Lloji', 'E vlefshme', 'E zëvendësuar', 'E revokuar', 'Gjithsej']);
    expect(certificates.rows.map((r) => r.label)).toEqual(['Përfundimi', 'Pjesëmarrja', 'Trajneri', 'Gjithsej']);
    expect(certificates.svg).toContain('<title id="chart-certificates-title">Certifikata të vlefshme sipas llojit</title>');
    expect(certificates.svg).toContain('Përfundimi: 7');
    expect(chart(sq, 'modules-attended').head).toEqual(['Departamenti', '0 module', '1 modul', '2 module', 'Gjithsej']);
    expect(chart(sq, 'modules').head).toEqual(['Departamenti', 'DHR-INTRO', 'DHR-PRIVACY', 'Gjithsej']);
    expect(chart(sq, 'modules').rows.map((r) => r.label)).toEqual(['Drejtoria e Financave', 'Pa departament të regjistruar', 'Gjithsej']);
    expect(sq.rule).toContain('1 deri në 4');
    // The same numbers in both languages (only the words of a hidden or unprinted cell differ).
    const figures = (v: typeof en) => v.charts.map((c) => c.rows.map((r) => r.cells.map((x) => (/^\d+$/.test(x.text) ? x.text : x.hidden))));
    expect(figures(sq)).toEqual(figures(en));
  });
});
