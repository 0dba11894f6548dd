/// <reference lib="dom" />
/**
 * The administrator's whole programme, through the pages alone, in a real headless Chromium
 * against the real api and worker: sign in, create a programme (its refused form first), add
 * its modules and a session in Tirana's local time, import the Tirana attendance sample (a
 * copy with a repeated and a bad line first), close it while the progress bar runs to the end,
 * the charts' tables equal to the statistics API; then a learner of that import sets a password
 * from the invitation mail, downloads the certificate PDF and opens its verification link.
 * Also people imported from a CSV, a trainer refused (403) and another city's forms not found
 * (404). axe-core on every new page: no serious or critical violations, no sideways scrolling.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { bearer, TestAcademy } from './support/academy.js';
import { chartTable, englishLeft, englishTexts, pageChecker } from './support/browser.js';
import { cityAdmin } from './support/city.js';
import { tokenIn, waitForMails } from './support/outbox.js';
import { decodeQr, pdfText, renderPage } from './support/pdf.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const ADMIN = { email: 'admin@tirana.example', password: 'academy-admin-2023' };
const TRAINER = { email: 'besa.trainer@tirana.example', name: 'Besa Trainer', password: 'a-long-password' };
const LEARNER = { email: 'arta.hoxha@tirana.example', name: 'Arta Hoxha', password: 'arta-own-password' };
/** In the order the programme gets them: the introduction first, then the others as the catalogue lists them. */
const MODULES = ['DHR-INTRO', 'DHR-INCLUSION', 'DHR-PRIVACY', 'DHR-TRANSPARENCY'];
const SAMPLE = new URL('../docs/samples/walkthrough-attendance.csv', import.meta.url);

describe('an administrator’s programme from creation to a learner’s certificate, all through pages', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let programmeId: string;
  let token: string;

  const check = pageChecker(async (p) => new URL(p.url()).pathname.replace(/[0-9a-f-]{36}|[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/g, ':id'));

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', email);
    await p.fill('#field-password', password);
    await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/sign-in')), p.click('main button[type=submit]')]);
  }

  /** Submits the form that holds `button` and answers the response of its POST. */
  async function submit(p: Page, button: string) {
    const [response] = await Promise.all([
      p.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      p.click(button),
    ]);
    await p.waitForLoadState();
    return response;
  }

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pagesadminflow', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    await academy.createUser({ ...TRAINER, role: 'trainer' });
    token = await academy.login();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ ...PHONE, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('creates a programme from its form; a refused form names each field', async () => {
    await signIn(page, ADMIN.email, ADMIN.password);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.click('a[href="/admin/programmes/new"]');
    await page.waitForURL(`${base}/admin/programmes/new`);
    // The city's zone is the programme's by default; the rule sets are the city's.
    expect(await page.inputValue('#field-timezone')).toBe('Europe/Tirane');
    expect(await page.locator('#field-ruleSet option[value="tirana-2023"]').count()).toBe(1);
    await check(page);

    // A refused form names its fields: no modules, a bad code, an unknown zone.
    await page.fill('#field-code', 'x');
    await page.fill('#field-title', 'Digital rights, the flow');
    await page.selectOption('#field-ruleSet', 'tirana-2023');
    await page.fill('#field-timezone', 'Europe/Atlantis');
    expect((await submit(page, 'main button[type=submit]')).status()).toBe(400);
    const named = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(named.sort()).toEqual(['#field-code', '#field-modules']);
    expect(await page.inputValue('#field-title')).toBe('Digital rights, the flow');
    await check(page);
    // The zone is the service's check (after the DTO's): it answers once the rest is right.
    await page.fill('#field-code', 'FLOW-2023');
    await page.check('#field-modules');
    expect((await submit(page, 'main button[type=submit]')).status()).toBe(400);
    expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#field-timezone');
    expect(await page.textContent('.notice [lang=en]')).toContain('Europe/Atlantis');
    await page.fill('#field-timezone', 'Europe/Tirane');
    // The title's Albanian version, for the learners who read Albanian.
    await page.fill('input[name="titles[sq]"]', 'Të drejtat digjitale, rrjedha');
    await submit(page, 'main button[type=submit]');
    expect(page.url()).toMatch(/\/admin\/programmes\/[0-9a-f-]{36}\?created=1$/);
    programmeId = /programmes\/([0-9a-f-]{36})/.exec(page.url())![1];
    const made = (await academy.http.get(`/api/programmes/${programmeId}`).set(bearer(await academy.login()))).body;
    expect(made.title).toBe('Digital rights, the flow');
    expect(made.titles).toEqual({ sq: 'Të drejtat digjitale, rrjedha' });
    expect(await page.locator('.modules li').allInnerTexts()).toEqual([expect.stringContaining('DHR-INTRO')]);
    await check(page);

  });

  it('adds its modules from the catalogue and a session in Tirana’s local time', async () => {
    // Its other modules, from the catalogue.
    for (const code of MODULES.slice(1)) await page.check(`input[name=moduleCodes][value="${code}"]`);
    await submit(page, 'form[action$="/modules"] button');
    expect(page.url()).toContain('done=modules');
    expect((await page.locator('.modules li .module-code').allInnerTexts())).toEqual(MODULES);

    // A session in Tirana's local time: a time the clocks skip there is refused naming the field.
    await page.selectOption('#field-sessionModule', 'DHR-INTRO');
    await page.fill('#field-date', '2023-03-26');
    await page.fill('#field-startTime', '02:30');
    expect(await page.textContent('#session-zone')).toContain('Europe/Tirane');
    expect((await submit(page, 'form[action$="/sessions"] button')).status()).toBe(400);
    expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#field-startTime');
    await check(page);
    await page.fill('#field-date', '2023-01-17');
    await page.fill('#field-startTime', '09:00');
    await page.fill('#field-endTime', '10:30');
    await page.fill('#field-place', 'City Hall, room 204');
    await page.selectOption('#field-trainer', { label: TRAINER.name });
    await submit(page, 'form[action$="/sessions"] button');
    expect(page.url()).toContain('done=session');
    const row = await page.locator('.sessions tbody tr').innerText();
    expect(row).toMatch(/DHR-INTRO[\s\S]*2023-01-17 09:00–10:30[\s\S]*Europe\/Tirane[\s\S]*City Hall, room 204[\s\S]*Besa Trainer/);
    const [session] = (await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(token))).body;
    expect(session.startsAt).toBe('2023-01-17T08:00:00.000Z');

  });

  it('imports the attendance sample: rows imported, repeated lines, warnings and each bad line by its number', async () => {
    // The attendance: the sample with a repeated line and a bad one, then the sample itself.
    await page.click(`a[href="/admin/programmes/${programmeId}/attendance"]`);
    await page.waitForURL(`${base}/admin/programmes/${programmeId}/attendance`);
    await check(page);
    const sample = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    const flawed = [...sample, sample[1], 'ilir.gashi@tirana.example,Ilir Gashi,Finance,DHR-INCLUSION,2023-02-14,here,'].join('\n');
    await page.setInputFiles('#field-file', { name: 'attendance.csv', mimeType: 'text/csv', buffer: Buffer.from(flawed) });
    expect((await submit(page, 'main form button[type=submit]')).status()).toBe(200);
    expect(await page.textContent('.import-result')).toContain('Lines read: 14');
    expect(await page.textContent('.import-imported')).toContain('Attendance records imported: 12');
    expect(await page.textContent('.import-duplicates')).toContain(': 1');
    expect(await page.textContent('.import-bad')).toContain(': 1');
    const bad = await page.locator('.bad-lines tbody tr').allInnerTexts();
    expect(bad).toEqual([expect.stringMatching(/^15\s+status/)]);
    expect(await page.locator('.warnings tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^14\s/)]);
    await check(page);
    await page.setInputFiles('#field-file', SAMPLE.pathname);
    await submit(page, 'main form button[type=submit]');
    expect(await page.textContent('.import-imported')).toContain('already so: 12');
    expect(await page.locator('.bad-lines').count()).toBe(0);

  });

  it('closes it from its page: the progress reaches the end and the charts’ tables equal the statistics API', async () => {
    // Close it from its page and watch the progress reach the end.
    await page.click(`a[href="/admin/programmes/${programmeId}"]`);
    await Promise.all([page.waitForURL(/#close$/), page.click('form[action$="/close"] button')]);
    await page.waitForSelector('.close-progress[data-done="1"]', { timeout: 30_000 });
    expect(await page.getAttribute('progress#close-progress', 'value')).toBe('5');
    expect(await page.getAttribute('progress#close-progress', 'max')).toBe('5');
    expect(await page.textContent('#close-progress-text')).toMatch(/Every decision is made: 5 of 5/);
    // Closed: its modules stay as they were decided with.
    expect(await page.locator('form[action$="/modules"]').count()).toBe(0);
    await check(page);
    const api = (await academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(token))).body;
    const modules = await chartTable(page, 'modules');
    expect(modules.Total.slice(0, MODULES.length).map(Number)).toEqual(MODULES.map((m) => api.modules[m]));
    const certificates = await chartTable(page, 'certificates');
    expect(['Completion', 'Attendance', 'Trainer'].map((k) => Number(certificates[k][0])))
      .toEqual([api.certificates.completion, api.certificates.attendance, api.certificates.trainer]);
    expect(api.certificates.completion).toBe(2);

  });

  it('a learner of the import sets a password from the invitation, downloads the certificate and opens its verification link', async () => {
    // The learner: a password from the invitation link, then My certificates.
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, LEARNER.email, /\/invitation#token=/);
    const learner = await browser.newContext({ ...PHONE, locale: 'en-GB', acceptDownloads: true });
    const lp = await learner.newPage();
    await lp.goto(`${base}/invitation#token=${tokenIn(mail!, 'invitation')}`);
    await lp.fill('#field-password', LEARNER.password);
    await lp.fill('#field-confirm', LEARNER.password);
    await Promise.all([lp.waitForURL(`${base}/learning`), lp.click('main button[type=submit]')]);
    await lp.click('header a[href="/certificates"]');
    await lp.waitForURL(`${base}/certificates`);
    const [download] = await Promise.all([lp.waitForEvent('download'), lp.click('a[download]')]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(LEARNER.name);
    const verifyUrl = decodeQr(await renderPage(pdf, { dpi: 150 }));
    expect(verifyUrl).toMatch(new RegExp(`^${base}/verify/[A-Z0-9-]+$`));
    const code = verifyUrl!.split('/').pop()!;
    expect(text).toContain(code);
    await lp.goto(verifyUrl!);
    const main = (await lp.textContent('main'))!;
    expect(main).toContain('Valid certificate');
    expect(main).toContain('Certificate of completion');
    expect(main).toMatch(/Tiran/);
    expect(main).toContain(code);
    await learner.close();
  });

  it('imports people from a CSV: created and invited, and each bad line by its number', async () => {
    await page.goto(`${base}/admin/people`);
    const csv = [
      'email,name,role,department',
      'drita.kola@tirana.example,Drita Kola,,Finance',
      'genti.leka@tirana.example,Genti Leka,trainer,',
      'not-an-address,Someone,,',
      `${LEARNER.email},Arta Again,,`,
    ].join('\n');
    await page.setInputFiles('#field-file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect((await submit(page, 'form[action^="/admin/people/import"] button')).status()).toBe(200);
    expect(await page.textContent('.people-created')).toContain('People created: 2, of whom invited by e-mail: 2');
    const bad = await page.locator('.bad-lines tbody tr').allInnerTexts();
    expect(bad).toEqual([expect.stringMatching(/^4\s+email/), expect.stringMatching(/^5\s+email: .*already registered/)]);
    expect(await page.textContent('tr[data-email="genti.leka@tirana.example"]')).toMatch(/Trainer/);
    await check(page);
    await waitForMails(academy.db, academy.config.dataDir, 'drita.kola@tirana.example', /\/invitation#token=/);
  });

  it('a trainer opening the new forms gets 403; another city’s programme’s forms answer 404', async () => {
    const trainer = await browser.newContext(PHONE);
    const tp = await trainer.newPage();
    await signIn(tp, TRAINER.email, TRAINER.password);
    for (const path of ['/admin/programmes/new', `/admin/programmes/${programmeId}`, `/admin/programmes/${programmeId}/attendance`]) {
      expect({ path, status: (await tp.goto(`${base}${path}`))!.status() }).toEqual({ path, status: 403 });
    }
    await check(tp);
    await trainer.close();

    await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    const dublin = await browser.newContext(PHONE);
    const dp = await dublin.newPage();
    await signIn(dp, 'coordinator@dublin.example', 'a-coordinator-password');
    expect((await dp.goto(`${base}/admin/programmes/${programmeId}/attendance`))!.status()).toBe(404);
    expect(await dp.textContent('h1')).toBe('Page not found');
    // The forms posted with Dublin's own valid token: still nothing of Tirana's is found.
    await dp.goto(`${base}/admin/programmes/new`);
    const csrf = (await dp.getAttribute('input[name=_csrf]', 'value'))!;
    const modules = await dp.request.post(`${base}/admin/programmes/${programmeId}/modules`, { form: { _csrf: csrf, moduleCodes: 'DHR-TOT' } });
    expect(modules.status()).toBe(404);
    const session = await dp.request.post(`${base}/admin/programmes/${programmeId}/sessions`, {
      form: { _csrf: csrf, sessionModule: 'DHR-INTRO', date: '2023-02-01', startTime: '09:00' },
    });
    expect(session.status()).toBe(404);
    const upload = await dp.request.post(`${base}/admin/programmes/${programmeId}/attendance?_csrf=${csrf}`, {
      multipart: { file: { name: 'a.csv', mimeType: 'text/csv', buffer: readFileSync(SAMPLE) } },
    });
    expect(upload.status()).toBe(404);
    await dublin.close();
    // Nothing of Tirana's programme changed.
    const after = (await academy.http.get(`/api/programmes/${programmeId}`).set(bearer(await academy.login()))).body;
    expect(after.modules.map((m: { code: string }) => m.code)).toEqual(MODULES);
  });

  it('in Albanian no English text of the catalogue is left on the new forms, the dry run or the charts', async () => {
    await page.goto(`${base}/admin/programmes/new`);
    await Promise.all([page.waitForURL(`${base}/admin/programmes/new`), page.click('.language-switcher button[lang=sq]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    const english = englishTexts();
    // A refused form too: its summary and the fields' messages.
    expect((await submit(page, 'main button[type=submit]')).status()).toBe(400);
    expect(await englishLeft(page, english)).toEqual([]);
    for (const path of [`/admin/programmes/${programmeId}`, `/admin/programmes/${programmeId}/attendance`, '/admin/people']) {
      await page.goto(`${base}${path}`);
      // The whole page: the forms, the dry run's explanations and the statistics charts.
      expect({ path, left: await englishLeft(page, english) }).toEqual({ path, left: [] });
    }
  });
});
