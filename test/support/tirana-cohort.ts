/**
 * The 2023 Tirana cohort as the city reported it: 47 people, 27/23/17/22 attendees per
 * module, which forces 6 people with 4 modules, 7 with 3, 10 with 2 and 24 with 1.
 * Names and departments are invented; the shape is the real one.
 */
export const MODULE_DATES: Record<string, string> = {
  'DHR-INTRO': '2023-01-17',
  'DHR-PRIVACY': '2023-01-24',
  'DHR-INCLUSION': '2023-02-14',
  'DHR-TRANSPARENCY': '2023-03-07',
};

const FOUR = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

/** Module sets per learner that add up to exactly 27/23/17/22. */
export function tiranaCohort(): { email: string; name: string; department: string; modules: string[] }[] {
  const sets: string[][] = [
    ...Array.from({ length: 6 }, () => FOUR),
    ...Array.from({ length: 7 }, () => ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-TRANSPARENCY']),
    ...Array.from({ length: 4 }, () => ['DHR-INTRO', 'DHR-PRIVACY']),
    ...Array.from({ length: 3 }, () => ['DHR-INCLUSION', 'DHR-TRANSPARENCY']),
    ...Array.from({ length: 3 }, () => ['DHR-INTRO', 'DHR-INCLUSION']),
    ...Array.from({ length: 7 }, () => ['DHR-INTRO']),
    ...Array.from({ length: 6 }, () => ['DHR-PRIVACY']),
    ...Array.from({ length: 5 }, () => ['DHR-INCLUSION']),
    ...Array.from({ length: 6 }, () => ['DHR-TRANSPARENCY']),
  ];
  const departments = ['Urban Planning', 'Social Services', 'Finance', 'Directorate of Information Technology', 'Education'];
  return sets.map((modules, i) => ({
    email: `official${String(i + 1).padStart(2, '0')}@tirana.example`,
    name: `Zyrtar ${i + 1}`,
    department: departments[i % departments.length],
    modules,
  }));
}

/** The cohort as the platform's attendance CSV, with an absence row for a module missed. */
export function tiranaCsv(): string {
  const lines = ['email,name,department,module,session,status,minutes'];
  for (const p of tiranaCohort()) {
    for (const code of FOUR) {
      if (p.modules.includes(code)) {
        lines.push(`${p.email},${p.name},${p.department},${code},${MODULE_DATES[code]},present,85`);
      } else if (p.modules.length === 1 && code === 'DHR-TRANSPARENCY') {
        lines.push(`${p.email},${p.name},${p.department},${code},${MODULE_DATES[code]},absent,`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
