/// <reference lib="dom" />
/**
 * The administrators' and trainers' pages of a person whose language is Albanian, in a real
 * headless Chromium against the real api and worker: the statistics dashboard and a
 * programme's page (charts, their tables' titles, heads, kinds and statuses) show no English
 * text of the catalogue, while the tables' numbers still equal the statistics API; an import's
 * bad line, a trainer's refusal (separation of duties) and what a Teams report's import says
 * (its warnings, why each person waits for review) are said in Albanian. axe-core on
 * every page: no serious or critical violations, no sideways scrolling on a phone.
 */
import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { loadCatalogues } from '@academy/web';
import { bearer, TestAcademy } from './support/academy.js';
import { chartTable, englishLeft, englishTexts, pageChecker, PHONE } from './support/browser.js';

const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const ADMIN = { email: 'drita.admin@tirana.example', name: 'Drita Berisha', password: 'a-long-password' };
const TRAINER = { email: 'besnik.trainer@tirana.example', name: 'Besnik Trajneri', password: 'a-long-password' };
/** In the walk-through file (two modules attended): an account first, so that the import's rows are hers. */
const LEARNER = { email: 'blerina.shehu@tirana.example', name: 'Blerina Shehu', password: 'a-long-password' };
const { sq } = loadCatalogues();
const said = (key: string): string => key.split('.').reduce((o: any, k) => o?.[k], sq) as string;

describe('pages in Albanian: statistics and refusals', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let token: string;
  let programmeId: string;
  const english = englishTexts();
  const check = pageChecker();

  async function signedIn(who: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    const p = await context.newPage();
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', who.email);
    await p.fill('#field-password', who.password);
    await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/sign-in')), p.click('main button[type=submit]')]);
    return p;
  }

  const heads = (p: Page, id: string) => p.locator(`[data-table="${id}"] thead th`).allInnerTexts();

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pages-albanian', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    token = await academy.login();
    const created = await academy.http.post('/api/programmes').set(bearer(token))
      .send({ code: 'SHQIP-2023', title: 'Walk-through 2023', moduleCodes: MODULES, ruleSet: 'tirana-2023', timezone: 'Europe/Tirane' });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    await academy.createUser({ ...LEARNER, role: 'learner', language: 'sq' });
    const csv = readFileSync(new URL('../docs/samples/walkthrough-attendance.csv', import.meta.url), 'utf8');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);
    // Closed, so that the certificates table has figures to compare.
    expect((await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(token))).status).toBeLessThan(300);
    await academy.waitForEvaluation(programmeId, token);
    await academy.createUser({ ...ADMIN, role: 'admin', language: 'sq' });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('a programme’s charts and tables are in Albanian, and their numbers equal the statistics API', async () => {
    const page = await signedIn(ADMIN);
    await page.goto(`${base}/admin/programmes/${programmeId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    expect(await page.locator('[data-table] [lang=en]').count()).toBe(0);
    expect(await englishLeft(page, english)).toEqual([]);
    await check(page);

    const api = (await academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(token))).body;
    const total = said('stats.total');
    const modules = await chartTable(page, 'modules');
    expect(modules[total].slice(0, MODULES.length).map(Number)).toEqual(MODULES.map((m) => api.modules[m]));
    expect(await heads(page, 'modules')).toEqual([said('stats.rowHeader.department'), ...MODULES, total]);
    expect(await page.textContent('#modules-caption')).toBe(said('stats.table.modules'));

    const certificates = await chartTable(page, 'certificates');
    const kinds = ['completion', 'attendance', 'trainer'] as const;
    expect(kinds.map((k) => Number(certificates[said(`stats.kind.${k}`)][0]))).toEqual(kinds.map((k) => api.certificates[k]));
    expect(api.certificates.completion).toBe(2);
    expect(await heads(page, 'certificates')).toEqual([said('stats.rowHeader.kind'),
      ...['valid', 'superseded', 'revoked'].map((s) => said(`stats.status.${s}`)), total]);

    const distribution = await chartTable(page, 'modules-attended');
    const table = api.tables.find((t: { id: string }) => t.id === 'modules-attended');
    expect(await heads(page, 'modules-attended')).toEqual([said('stats.rowHeader.department'),
      ...table.columns.map((c: { key: string }) => said(`stats.bucket.${c.key === '1' ? 'one' : 'other'}`).replace('{{n}}', c.key)), total]);
    const shown = (v: number | null) => (v === null ? said('stats.fewerThan').replace('{{n}}', '5') : String(v));
    expect(distribution[total]).toEqual([...table.totals.values, table.totals.total].map(shown));
    // Small departments are hidden, said in Albanian.
    expect(await page.textContent('[data-table="modules"] tbody')).toContain(said('stats.fewerThan').replace('{{n}}', '5'));

    // Each chart is an image named and described in Albanian.
    const svg = page.locator('[data-table="certificates"] svg[role="img"]');
    expect(await svg.locator('title').textContent()).toBe(said('stats.chart.certificates'));
    expect(await svg.locator('desc').textContent()).toContain(`${said('stats.kind.completion')}: ${api.certificates.completion}`);
    expect(await page.locator('[data-table="modules"] svg title').textContent()).toBe(said('stats.chart.modules'));
    await page.context().close();
  });

  it('a learner’s decision in the closed programme is explained in Albanian, line for line what the job recorded', async () => {
    const mine = (await academy.http.get('/api/me/programmes').set(bearer(await academy.login(LEARNER.email, LEARNER.password)))).body;
    const recorded: string[] = mine.find((p: { id: string }) => p.id === programmeId).decision.explanation;
    expect(recorded.length).toBeGreaterThan(0);
    const page = await signedIn(LEARNER);
    await page.goto(`${base}/learning`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    const section = page.locator('section', { has: page.locator('h2', { hasText: 'Walk-through 2023' }) });
    expect(await section.textContent()).toContain(said('learning.decided'));
    const shown = await section.locator('.explanation li').allInnerTexts();
    expect(shown).toHaveLength(recorded.length);
    shown.forEach((line, i) => expect(line).not.toBe(recorded[i]));
    expect(await section.locator('.explanation[lang=en]').count()).toBe(0);
    expect(await englishLeft(page, english)).toEqual([]);
    await check(page);
    await page.context().close();
  });

  it('the city dashboard in Albanian, its numbers those of the API', async () => {
    const page = await signedIn(ADMIN);
    await page.goto(`${base}/admin/statistics`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    expect(await page.locator('[data-table] [lang=en], .hint[lang=en]').count()).toBe(0);
    expect(await englishLeft(page, english)).toEqual([]);
    await check(page);
    const api = (await academy.http.get('/api/statistics').set(bearer(token))).body;
    const distribution = await chartTable(page, 'modules-attended');
    const totals = distribution[said('stats.total')];
    expect(Number(totals[totals.length - 1])).toBe(api.headline.enrolled);
    const certificates = await chartTable(page, 'certificates');
    const row = api.tables.find((t: { id: string }) => t.id === 'certificates').rows.find((r: { key: string }) => r.key === 'completion');
    expect(certificates[said('stats.kind.completion')]).toEqual([...row.values, row.total].map(String));
    await page.context().close();
  });

  it('a bad line of an attendance import, and a trainer recording their own attendance, are refused in Albanian', async () => {
    const tirana = (await academy.tirana()).id;
    const trainerId = (await academy.createUser({ ...TRAINER, role: 'trainer', language: 'sq' })).id;
    const learner = await academy.createUser({ email: 'mira.learner@tirana.example', name: 'Mira Hoxha', role: 'learner' });
    await academy.http.post(`/api/programmes/${tirana}/enrolments`).set(bearer(token)).send({ userId: learner.id }).expect(201);
    const now = Date.now();
    const session = await academy.http.post(`/api/programmes/${tirana}/sessions`).set(bearer(token))
      .send({ moduleCode: 'DHR-INTRO', startsAt: new Date(now - 5 * 60_000).toISOString(), endsAt: new Date(now + 85 * 60_000).toISOString(), mode: 'in-person' });
    expect(session.status).toBe(201);
    await academy.http.post(`/api/sessions/${session.body.id}/trainers`).set(bearer(token)).send({ userId: trainerId, role: 'lead' }).expect(201);

    // The administrator's import: the line's problem in Albanian, its column named.
    const admin = await signedIn(ADMIN);
    await admin.goto(`${base}/admin/programmes/${tirana}/attendance`);
    const csv = 'email,name,department,module,session,status,minutes\nmira.learner@tirana.example,Mira Hoxha,,DHR-INTRO,2023-01-17,here,\n';
    await admin.setInputFiles('#field-file', { name: 'attendance.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([admin.waitForResponse((r) => r.request().method() === 'POST'), admin.click('main form button[type=submit]')]);
    expect((await admin.locator('.bad-lines tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()))
      .toEqual([`2 ${said('refusals.line.status').replace('{{value}}', '"here"')}`]);
    expect(await admin.locator('.bad-lines [lang=en]').count()).toBe(0);
    expect(await englishLeft(admin, english)).toEqual([]);
    await check(admin);
    await admin.context().close();

    // The trainer's form sent for themselves: separation of duties, in Albanian only.
    const page = await signedIn(TRAINER);
    await page.goto(`${base}/trainer/sessions/${session.body.id}/attendance`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    await page.evaluate(([form, me]) => {
      (document.querySelector(`#learner-${form} input[name=userId]`) as HTMLInputElement).value = me!;
      const select = document.querySelector(`#learner-${form} select`) as HTMLSelectElement;
      select.value = 'present';
      select.id = `field-status-${me}`;
    }, [learner.id, trainerId]);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click(`#learner-${learner.id} button[type=submit]`),
    ]);
    expect(refused.status()).toBe(403);
    expect(await page.textContent('.error-summary')).toContain(said('trainer.attendance.errors.ownAttendance'));
    // Said in full by the sentence: no English beside it.
    expect(await page.locator('main [lang=en]').count()).toBe(0);
    expect(await englishLeft(page, english)).toEqual([]);
    await check(page);
    await page.context().close();

    // The trainer's Teams report of that session: what the import says of it, and why each person waits for review, in Albanian.
    const report = await signedIn(TRAINER);
    await report.goto(`${base}/trainer/sessions/${session.body.id}/report`);
    await report.setInputFiles('#field-file', new URL('../docs/samples/teams-attendance-report.csv', import.meta.url).pathname);
    await Promise.all([report.waitForSelector('#imported-heading'), report.click('form[enctype] button[type=submit]')]);
    expect(await report.locator('.report-warnings li').count()).toBeGreaterThan(1);
    expect(await report.locator('.review-reason').count()).toBeGreaterThan(0);
    expect(await report.textContent('.report-warnings')).toContain(said('vcWords.fromActivities'));
    expect(await report.locator('main [lang=en]').count()).toBe(0);
    expect(await englishLeft(report, english)).toEqual([]);
    await check(report);
    await report.context().close();
  });
});
