/// <reference lib="dom" />
/**
 * The pages in a real headless Chromium (Debian's, installed when missing) on a phone-sized
 * screen, against the real api and worker on a real port: invitation, My learning, keyboard
 * sign-in, certificates and their verification, Albanian, and the refusals. axe-core checks
 * every page visited: no serious or critical violations.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { keysOf, loadCatalogues } from '@academy/web';
import { bearer, TestAcademy } from './support/academy.js';
import { englishLeft, englishTexts, PHONE, pageChecker } from './support/browser.js';
import { cityAdmin, person } from './support/city.js';
import { tokenIn, waitForMails } from './support/outbox.js';

const LEARNER = { email: 'endrra.cela@tirana.example', name: 'Ëndrra Çela', password: 'my-own-password' };


describe('pages in a browser', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let programmeId: string;

  const check = pageChecker(async (p) => `${new URL(p.url()).pathname.replace(/[0-9a-f-]{36}|[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/g, ':id')} ${await p.getAttribute('html', 'lang')}`);

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    // The links the pages print (verification) must reach this server: its address is the public one.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('browser', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    programmeId = (await academy.tirana()).id;
    const csv = [
      'email,name,department,module,session,status,minutes',
      `${LEARNER.email},${LEARNER.name},Social Services,DHR-INTRO,2023-01-17,present,88`,
      `${LEARNER.email},${LEARNER.name},Social Services,DHR-PRIVACY,2023-01-24,late,70`,
      `${LEARNER.email},${LEARNER.name},Social Services,DHR-INCLUSION,2023-02-14,present,`,
      `${LEARNER.email},${LEARNER.name},Social Services,DHR-TRANSPARENCY,2023-03-07,excused,`,
    ].join('\n');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    phone = await browser.newContext({ ...PHONE, locale: 'en-GB', acceptDownloads: true });
    page = await phone.newPage();
    // Installing Chromium with apt-get on a fresh machine takes longer than a test.
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('the invitation link sets a password and signs in; My learning shows each module attended or not', async () => {
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, LEARNER.email, /invitation#token=/);
    const token = tokenIn(mail!, 'invitation');

    await page.goto(`${base}/invitation#token=${token}`);
    // The script took the token from the fragment into the form and hid its field.
    expect(await page.inputValue('#field-token')).toBe(token);
    expect(await page.isHidden('#token-group')).toBe(true);
    expect(page.url()).toBe(`${base}/invitation`);
    await check(page);
    await page.fill('#field-password', LEARNER.password);
    await page.fill('#field-confirm', 'something-else');
    await page.click('main button[type=submit]');
    await page.waitForSelector('.error-summary a[href="#field-confirm"]');
    await check(page);
    await page.fill('#field-password', LEARNER.password);
    await page.fill('#field-confirm', LEARNER.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/learning`);

    const modules = await page.locator('.modules li').allInnerTexts();
    expect(modules.map((m) => [m.match(/DHR-[A-Z]+/)![0], /Not attended yet/.test(m) ? 'no' : /Attended/.test(m) ? 'yes' : '?'])).toEqual([
      ['DHR-INTRO', 'yes'], ['DHR-PRIVACY', 'yes'], ['DHR-INCLUSION', 'yes'], ['DHR-TRANSPARENCY', 'no'],
    ]);
    expect(await page.textContent('main')).toContain('3 of 4 modules attended');
    // The dry run's words: what counts now and what the next certificate still needs.
    expect((await page.locator('.explanation li').allInnerTexts()).join(' ')).toMatch(/Completion/);
    await check(page);
  });

  it('signing in works with the keyboard alone', async () => {
    const context = await browser.newContext(PHONE);
    const p = await context.newPage();
    await p.goto(`${base}/learning`);
    await p.waitForURL(/\/sign-in\?next=%2Flearning$/);
    await check(p);
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    for (let i = 0; i < 10 && (await p.evaluate(() => document.activeElement?.id)) !== 'field-email'; i++) await p.keyboard.press('Tab');
    await p.keyboard.type(LEARNER.email);
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('field-password');
    await p.keyboard.type(LEARNER.password);
    await p.keyboard.press('Enter');
    await p.waitForURL(`${base}/learning`);
    await context.close();
  });

  it('after closing, the certificate downloads through the session and its verification page opens', async () => {
    const admin = await academy.login();
    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId);
    await page.goto(`${base}/certificates`);
    await check(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^certificate-completion-.+\.pdf$/);

    await page.click('a.copy-link__url');
    await page.waitForURL(/\/verify\//);
    const main = await page.textContent('main');
    expect(main).toContain('Valid certificate');
    expect(main).toContain(LEARNER.name);
    expect(main).toContain('Certificate of completion');
    expect(main).toMatch(/Tiran/);
    await check(page);
  });

  it('in Albanian no English text of the catalogue is left on the learner pages', async () => {
    await page.goto(`${base}/learning`);
    await page.click('.language-switcher button[lang=sq]');
    await page.waitForURL(`${base}/learning`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    const english = englishTexts();
    const verifyUrl = await (async () => {
      await page.goto(`${base}/certificates`);
      return page.getAttribute('a.copy-link__url', 'href');
    })();
    for (const url of [`${base}/learning`, `${base}/certificates`, verifyUrl!, `${base}/admin`, `${base}/no-such-page`]) {
      await page.goto(url);
      const left = await englishLeft(page, english);
      expect({ url, left }).toEqual({ url, left: [] });
      await check(page);
    }
    expect(await page.textContent('main')).toContain('Faqja nuk u gjet');
  });

  it('refuses a form without its CSRF token, a learner on /admin, and another city’s certificate', async () => {
    await page.goto(`${base}/learning`);
    await page.evaluate(() => document.querySelectorAll('.language-switcher input[name=_csrf]').forEach((e) => e.remove()));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/language')), page.click('.language-switcher button')]);
    expect(refused.status()).toBe(403);
    await check(page);

    const admin = await page.goto(`${base}/admin`);
    expect(admin!.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Kjo faqe nuk është për rolin tuaj');

    const learnerToken = await academy.login(LEARNER.email, LEARNER.password);
    const [certificate] = (await academy.http.get('/api/me/certificates').set(bearer(learnerToken))).body;
    const dublinAdmin = await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    await person(academy, dublinAdmin, { email: 'aoife@dublin.example', name: 'Aoife' });
    const dublin = await browser.newContext(PHONE);
    const p = await dublin.newPage();
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', 'aoife@dublin.example');
    await p.fill('#field-password', 'a-long-password');
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}/learning`);
    const other = await p.goto(`${base}/certificates/${certificate.id}/pdf`);
    expect(other!.status()).toBe(404);
    expect(await p.textContent('h1')).toBe('Page not found');
    await dublin.close();
  });
});
