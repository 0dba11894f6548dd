import { buildJointly, buildTable, type StatsTable, type TableSpec, SUPPRESSION_RULE } from './statistics-tables.js';
import { MIN_CELL } from './suppression.js';

/** The aggregates of the programmes in scope, as read from the cells (already filtered). */
export interface ScopeCells {
  programmes: { id: string; code: string; title: string; cityId: string; cityName: string; modules: { id: string; code: string; title: string }[] }[];
  departments: Map<string, string>;
  /**
   * Enrolments summed three ways: by department and number of modules attended
   * (`department`), by programme and number of modules attended (`programme`), and by
   * whether a valid Completion certificate is held (`completed`).
   */
  learners: { set: 'department' | 'programme' | 'completed'; programmeId: string | null; departmentId: string | null;
    modulesAttended: number | null; completed: boolean | null; n: number }[];
  modules: { departmentId: string | null; moduleCode: string; n: number }[];
  demographics: { departmentId: string | null; gender: string | null; deisSchool: boolean | null; n: number }[];
  sessions: { sessionId: string; moduleCode: string; localDate: string; present: number; late: number; excused: number; absent: number }[];
  certificates: { kind: string; status: string; month: string; n: number }[];
  trainers: { userId: string; led: number; cofacilitated: number }[];
}

export type Audience = 'city' | 'platform';

export interface StatsAnswer {
  headline: {
    enrolled: number | null;
    attendees: number | null;
    completed: number | null;
    completionRate: number | null;
    departmentsReached: number;
    programmes: number;
    sessions: number;
    trainers: number | null;
    sessionsLed: number;
    sessionsCoFacilitated: number;
  };
  tables: StatsTable[];
  suppression: { rule: string; minimum: number; audience: Audience; cells: { table: string; row: string; column: string; reason: string }[] };
}

const KINDS = ['completion', 'attendance', 'trainer'];
const STATUSES = ['valid', 'superseded', 'revoked'];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const bucketColumns = (buckets: number[]) => buckets.map((b) => ({ key: String(b), label: `${b} module${b === 1 ? '' : 's'}` }));

/**
 * Builds the answer's tables from the cells. A city's administrator sees the headline
 * figures of their own city whole (they manage each of those people's records anyway) and
 * every breakdown by department, session, month, programme or demographic suppressed; the
 * platform role sees every figure, headline included, only as it survives suppression.
 */
export function buildAnswer(c: ScopeCells, audience: Audience): StatsAnswer {
  const platform = audience === 'platform';
  const byDepartmentRows = c.learners.filter((l) => l.set === 'department');
  const byProgrammeRows = c.learners.filter((l) => l.set === 'programme');
  const deptKeys = [...new Set(byDepartmentRows.map((l) => l.departmentId ?? 'none'))].sort((a, b) =>
    label(a).localeCompare(label(b)));
  function label(key: string) {
    return key === 'none' ? 'No department recorded' : (c.departments.get(key) ?? key);
  }
  const maxModules = Math.max(0, ...c.programmes.map((p) => p.modules.length), ...byDepartmentRows.map((l) => l.modulesAttended ?? 0));
  const buckets = Array.from({ length: maxModules + 1 }, (_, i) => i);

  // Sums by key, built once: the tables below read them cell by cell.
  const tally = <T>(rows: T[], key: (r: T) => string, n: (r: T) => number) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
    return (k: string) => m.get(k) ?? 0;
  };
  const deptOf = (d: string | null) => d ?? 'none';
  const byDeptBucket = tally(byDepartmentRows, (l) => `${deptOf(l.departmentId)}|${l.modulesAttended}`, (l) => l.n);
  const distributionSpec: TableSpec = {
    id: 'modules-attended', title: 'Enrolled people by number of modules attended, per department', unit: 'enrolments',
    rowHeader: 'Department', columns: bucketColumns(buckets),
    rows: deptKeys.map((d) => ({ key: d, label: label(d), values: buckets.map((b) => byDeptBucket(`${d}|${b}`)) })),
    suppress: true, publicColumnTotals: !platform,
  };
  const moduleCodes = [...new Map(c.programmes.flatMap((p) => p.modules.map((m) => [m.code, m] as const))).values()];
  const byDeptModule = tally(c.modules, (x) => `${deptOf(x.departmentId)}|${x.moduleCode}`, (x) => x.n);
  const perModule = buildTable({
    id: 'modules', title: 'Enrolled people who attended each module, per department', unit: 'enrolments', rowHeader: 'Department',
    columns: moduleCodes.map((m) => ({ key: m.code, label: m.code })),
    rows: deptKeys.map((d) => ({
      key: d, label: label(d),
      values: moduleCodes.map((m) => byDeptModule(`${d}|${m.code}`)),
    })),
    // A person attends several modules: a row's total would be another table's figure, so none is printed.
    suppress: true, publicColumnTotals: !platform, omitRowTotals: true,
  });

  const sessions = buildTable({
    id: 'sessions', title: 'Participant records per session, by status', unit: 'records', rowHeader: 'Session',
    columns: ['present', 'late', 'excused', 'absent'].map((s) => ({ key: s, label: s[0].toUpperCase() + s.slice(1) })),
    rows: c.sessions.map((s) => ({ key: s.sessionId, label: `${s.localDate} ${s.moduleCode}`, values: [s.present, s.late, s.excused, s.absent] })),
    suppress: true,
  });
  const byCertificate = tally(c.certificates, (x) => `${x.kind}|${x.status}`, (x) => x.n);
  const byMonthKind = tally(c.certificates, (x) => `${x.month}|${x.kind}`, (x) => x.n);
  const certificates = buildTable({
    id: 'certificates', title: 'Certificates by kind and status', unit: 'certificates', rowHeader: 'Kind',
    columns: STATUSES.map((s) => ({ key: s, label: s[0].toUpperCase() + s.slice(1) })),
    rows: KINDS.map((k) => ({ key: k, label: k[0].toUpperCase() + k.slice(1),
      values: STATUSES.map((s) => byCertificate(`${k}|${s}`)) })),
    suppress: platform,
  });
  const months = [...new Set(c.certificates.map((x) => x.month))].sort();
  const overTime = buildTable({
    id: 'certificates-by-month', title: 'Certificates issued per month (city time), by kind', unit: 'certificates',
    rowHeader: 'Month', columns: KINDS.map((k) => ({ key: k, label: k[0].toUpperCase() + k.slice(1) })),
    rows: months.map((m) => ({ key: m, label: m, values: KINDS.map((k) => byMonthKind(`${m}|${k}`)) })),
    // The totals per kind are the certificates table's rows.
    suppress: true, omitColumnTotals: true,
  });

  const demoDepts = [...new Set(c.demographics.map((d) => d.departmentId ?? 'none'))].sort((a, b) => label(a).localeCompare(label(b)));
  const genders = [...new Set(c.demographics.map((d) => d.gender ?? 'not stated'))].sort();
  const byDeptGender = tally(c.demographics, (x) => `${deptOf(x.departmentId)}|${x.gender ?? 'not stated'}`, (x) => x.n);
  const byDeptDeis = tally(c.demographics, (x) => `${deptOf(x.departmentId)}|${x.deisSchool}`, (x) => x.n);
  const genderSpec: TableSpec = {
    id: 'gender', title: 'Gender of enrolled people who consented to give it, per department', unit: 'enrolments',
    rowHeader: 'Department', columns: genders.map((g) => ({ key: g, label: g })),
    rows: demoDepts.map((d) => ({ key: d, label: label(d), values: genders.map((g) => byDeptGender(`${d}|${g}`)) })),
    suppress: true,
  };
  const deisValues = [{ key: 'yes', v: true }, { key: 'no', v: false }, { key: 'not stated', v: null }];
  const deisSpec: TableSpec = {
    id: 'deis-school', title: 'DEIS school of enrolled people who consented to give it, per department', unit: 'enrolments',
    rowHeader: 'Department', columns: deisValues.map((x) => ({ key: x.key, label: x.key })),
    rows: demoDepts.map((d) => ({ key: d, label: label(d), values: deisValues.map((v) => byDeptDeis(`${d}|${v.v}`)) })),
    suppress: true,
  };

  const byProgrammeBucket = tally(byProgrammeRows, (l) => `${l.programmeId}|${l.modulesAttended}`, (l) => l.n);
  const byProgramme = (pid: string, b: number) => byProgrammeBucket(`${pid}|${b}`);
  const programmesSpec: TableSpec = {
    id: 'programmes', title: 'Enrolled people per programme, by number of modules attended', unit: 'people', rowHeader: 'Programme',
    columns: bucketColumns(buckets),
    rows: c.programmes.map((p) => ({ key: p.id, label: platform ? `${p.cityName} ${p.code}` : p.code, values: buckets.map((b) => byProgramme(p.id, b)) })),
    suppress: true, publicColumnTotals: !platform,
  };
  const shared = [distributionSpec, programmesSpec];
  if (platform) {
    const cities = [...new Map(c.programmes.map((p) => [p.cityId, p.cityName])).entries()];
    const cityOf = new Map(c.programmes.map((p) => [p.id, p.cityId]));
    const byCityBucket = tally(byProgrammeRows, (l) => `${cityOf.get(l.programmeId!)}|${l.modulesAttended}`, (l) => l.n);
    const byCity = (city: string, b: number) => byCityBucket(`${city}|${b}`);
    shared.push({
      id: 'cities', title: 'Enrolled people per city, by number of modules attended', unit: 'enrolments', rowHeader: 'City',
      columns: bucketColumns(buckets),
      rows: cities.map(([id, name]) => ({ key: id, label: name, values: buckets.map((b) => byCity(id, b)) })),
      suppress: true,
    });
  }
  const [distribution, programmes, cities] = buildJointly(shared, 'columns');
  const [gender, deis] = buildJointly([genderSpec, deisSpec], 'rows');
  const tables = [distribution, perModule, sessions, certificates, overTime, gender, deis, programmes, ...(cities ? [cities] : [])];

  const enrolledAll = sum(byDepartmentRows.map((l) => l.n));
  const attendeesAll = sum(byDepartmentRows.filter((l) => l.modulesAttended! > 0).map((l) => l.n));
  const completedAll = sum(c.learners.filter((l) => l.set === 'completed' && l.completed).map((l) => l.n));
  const trainersAll = c.trainers.length;
  // The platform's headline is what the tables' totals show: nothing it prints can be
  // subtracted from another printed figure to reveal a hidden one.
  const enrolled = platform ? distribution.totals.total : enrolledAll;
  const none = distribution.totals.values[0] ?? null;
  const attendees = platform ? (enrolled !== null && none !== null ? enrolled - none : null) : attendeesAll;
  const completed = platform && completedAll > 0 && completedAll < MIN_CELL ? null : completedAll;
  const trainers = platform && trainersAll > 0 && trainersAll < MIN_CELL ? null : trainersAll;
  const reached = new Set(byDepartmentRows.filter((l) => l.modulesAttended! > 0 && l.departmentId).map((l) => l.departmentId));
  return {
    headline: {
      enrolled, attendees, completed,
      completionRate: enrolled && completed !== null ? Math.round((completed / enrolled) * 1000) / 1000 : enrolled === 0 ? 0 : null,
      departmentsReached: reached.size,
      programmes: c.programmes.length,
      sessions: c.sessions.length,
      trainers,
      sessionsLed: sum(c.trainers.map((t) => t.led)),
      sessionsCoFacilitated: sum(c.trainers.map((t) => t.cofacilitated)),
    },
    tables,
    suppression: {
      rule: SUPPRESSION_RULE, minimum: MIN_CELL, audience,
      cells: tables.flatMap((t) => t.suppression.cells.map((x) => ({ table: t.id, ...x }))),
    },
  };
}
