/// <reference lib="dom" />
/**
 * The administrators' pages in a real headless Chromium against the real api and worker: a
 * programme created and its attendance imported through the API, then closed from its page
 * while the progress bar runs to the end; the charts' tables equal the statistics API and a
 * CSV link downloads the API's CSV; people and certificates (revocation with a public reason,
 * never the private note); a learner refused, another city's programme not found. axe-core on
 * every page: no serious or critical violations, no sideways scrolling on a phone.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { bearer, PLATFORM, TestAcademy } from './support/academy.js';
import { chartTable, pageChecker } from './support/browser.js';
import { cityAdmin } from './support/city.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const ADMIN = { email: 'admin@tirana.example', password: 'academy-admin-2023' };
const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

describe('administrators’ pages in a browser', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let programmeId: string;

  const check = pageChecker(async (p) => new URL(p.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id'));

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', email);
    await p.fill('#field-password', password);
    await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/sign-in')), p.click('main button[type=submit]')]);
  }

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pagesadmin', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    token = await academy.login();
    const created = await academy.http.post('/api/programmes').set(bearer(token))
      .send({ code: 'WALK-2023', title: 'Walk-through 2023', moduleCodes: MODULES, ruleSet: 'tirana-2023', timezone: 'Europe/Tirane' });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    const csv = readFileSync(new URL('../docs/samples/walkthrough-attendance.csv', import.meta.url), 'utf8');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ ...PHONE, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('closes a programme from its page, the progress reaches the end, and the charts’ tables equal the statistics API', async () => {
    expect(new URL(page.url()).pathname).toBe('/admin');
    await check(page);
    await page.click('a:has-text("WALK-2023")');
    await page.waitForURL(`${base}/admin/programmes/${programmeId}`);
    await check(page);
    // The dry run: one row per enrolled learner, each with the rules' explanation.
    const dryRun = await page.locator('.dry-run tbody tr').allInnerTexts();
    expect(dryRun).toHaveLength(5);
    expect(dryRun.join(' ')).toMatch(/Arta Hoxha/);
    expect(await page.locator('.dry-run .explanation li').count()).toBeGreaterThanOrEqual(5);

    await Promise.all([page.waitForURL(`${base}/admin/programmes/${programmeId}#close`), page.click('form[action$="/close"] button')]);
    // The script polls the page's JSON and reloads once every decision is made.
    await page.waitForSelector('.close-progress[data-done="1"]', { timeout: 30_000 });
    const bar = page.locator('progress#close-progress');
    expect(await bar.getAttribute('value')).toBe('5');
    expect(await bar.getAttribute('max')).toBe('5');
    expect(await page.textContent('#close-progress-text')).toMatch(/Every decision is made: 5 of 5/);
    await check(page);

    const api = (await academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(token))).body;
    expect(api.freshness.current).toBe(true);
    const modules = await chartTable(page, 'modules');
    expect(modules.Total.slice(0, MODULES.length).map(Number)).toEqual(MODULES.map((m) => api.modules[m]));
    const distribution = await chartTable(page, 'modules-attended');
    expect(distribution.Total.slice(0, 5).map(Number)).toEqual([0, 1, 2, 3, 4].map((b) => api.modulesAttended[String(b)]));
    const certificates = await chartTable(page, 'certificates');
    expect(['Completion', 'Attendance', 'Trainer'].map((k) => Number(certificates[k][0])))
      .toEqual([api.certificates.completion, api.certificates.attendance, api.certificates.trainer]);
    expect(api.certificates.completion).toBe(2);
    // Breakdowns by department of so few people are hidden, in words, with the reason.
    expect(await page.textContent('[data-table="modules"] tbody')).toContain('fewer than 5');
    // Each chart is an image named by its title, with its figures in words.
    const svg = page.locator('[data-table="modules"] svg[role="img"]');
    expect(await svg.locator('title').textContent()).toBe('Attendees per module');
    expect(await svg.locator('desc').textContent()).toContain(`DHR-INTRO: ${api.modules['DHR-INTRO']}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-table="modules"] a[download]')]);
    const fromPage = readFileSync((await download.path())!, 'utf8');
    const fromApi = await academy.http.get(`/api/programmes/${programmeId}/stats?format=csv&table=modules`).set(bearer(token));
    expect(fromPage).toBe(fromApi.text);
    expect(download.suggestedFilename()).toBe(`programme-${programmeId}-modules.csv`);
  });

  it('the city dashboard filters by programme with a GET form and says which field is wrong', async () => {
    await page.goto(`${base}/admin/statistics`);
    await check(page);
    await page.selectOption('#field-programme', programmeId);
    await Promise.all([page.waitForURL(/programme=/), page.click('form.filters button[type=submit]')]);
    const api = (await academy.http.get(`/api/statistics?programme=${programmeId}`).set(bearer(token))).body;
    const distribution = await chartTable(page, 'modules-attended');
    expect(Number(distribution.Total[distribution.Total.length - 1])).toBe(api.headline.enrolled);
    const response = await page.goto(`${base}/admin/statistics?from=2023-02-30`);
    expect(response!.status()).toBe(400);
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#field-from');
    await check(page);
  });

  it('people: invites one person, and refuses in words to deactivate the last administrator', async () => {
    await page.goto(`${base}/admin/people`);
    await check(page);
    await page.fill('#field-email', 'new.trainer@tirana.example');
    await page.fill('#field-name', 'Drita Trainer');
    await page.selectOption('#field-role', 'trainer');
    await Promise.all([page.waitForURL(/done=invited/), page.click('form[action="/admin/people"] button[type=submit]')]);
    expect(await page.textContent('tr[data-email="new.trainer@tirana.example"]')).toMatch(/Invited/);
    const row = page.locator(`tr[data-email="${ADMIN.email}"]`);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), row.locator('form[action$="/deactivate"] button').click()]);
    expect(refused.status()).toBe(409);
    expect(await page.textContent('.error-summary')).toMatch(/without an active administrator/);
    await check(page);
  });

  it('revokes a certificate with a public reason; its verification page shows the reason and never the note', async () => {
    await page.goto(`${base}/admin/certificates?programme=${programmeId}`);
    await check(page);
    const row = page.locator('.admin-certificates tbody tr', { has: page.locator('form.revoke-form') }).first();
    const code = (await row.getAttribute('data-code'))!;
    await row.locator('select[name=reason]').selectOption('attendance_corrected');
    await row.locator('textarea[name=note]').fill('Private: the sign-in sheet of 24 January was misread');
    await Promise.all([page.waitForURL(/revoked=1/), row.locator('button[type=submit]').click()]);
    await page.goto(`${base}/verify/${code}`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('The attendance records it was based on were corrected');
    expect(main).not.toContain('sign-in sheet');
    await check(page);
  });

  it('a learner opening /admin gets 403; another city’s programme page is 404', async () => {
    await academy.createUser({ email: 'plain.learner@tirana.example', name: 'Plain Learner', role: 'learner' });
    const learner = await browser.newContext(PHONE);
    const lp = await learner.newPage();
    await signIn(lp, 'plain.learner@tirana.example', 'a-long-password');
    for (const path of ['/admin', `/admin/programmes/${programmeId}`, '/admin/statistics', '/admin/people', '/admin/certificates']) {
      expect({ path, status: (await lp.goto(`${base}${path}`))!.status() }).toEqual({ path, status: 403 });
    }
    await learner.close();

    await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    const dublin = await browser.newContext(PHONE);
    const dp = await dublin.newPage();
    await signIn(dp, 'coordinator@dublin.example', 'a-coordinator-password');
    const other = await dp.goto(`${base}/admin/programmes/${programmeId}`);
    expect(other!.status()).toBe(404);
    expect((await dp.goto(`${base}/admin/programmes/${programmeId}/statistics.csv?table=modules`))!.status()).toBe(404);
    expect(await dp.textContent('h1')).toBe('Page not found');
    await dublin.close();
  });

  it('the platform role sees the cross-city figures only as they survive suppression', async () => {
    const platform = await browser.newContext(PHONE);
    const pp = await platform.newPage();
    await signIn(pp, PLATFORM.email, PLATFORM.password);
    expect(new URL(pp.url()).pathname).toBe('/platform');
    await check(pp);
    const api = (await academy.http.get('/api/platform/statistics').set(bearer(await academy.login(PLATFORM.email, PLATFORM.password)))).body;
    const distribution = await chartTable(pp, 'modules-attended');
    const shown = (v: number | null) => (v === null ? 'fewer than 5' : String(v));
    expect(distribution.Total).toEqual([...api.tables.find((t: { id: string }) => t.id === 'modules-attended').totals.values, api.headline.enrolled].map(shown));
    // No figure of 1 to 4 anywhere on the page's tables.
    const cells = await pp.locator('.stats-table td').allInnerTexts();
    expect(cells.filter((c) => /^[1-4]$/.test(c))).toEqual([]);
    expect((await pp.goto(`${base}/admin`))!.status()).toBe(403);
    await platform.close();
  });
});
