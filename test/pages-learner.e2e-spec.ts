/// <reference lib="dom" />
/**
 * The learner's pages in a real headless Chromium on a phone-sized screen, against the real
 * api and worker: from the invitation mail of MOOC-2024 through a self-paced module's lessons
 * (in order) and its knowledge check (failed once, then passed) to the module attended on My
 * learning; the same pages in Albanian without English; check-in with the keyboard alone (a
 * wrong code refused in words, then the trainer's code); a forgotten password end to end.
 * axe-core checks every page visited.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadCourseContent, type ModuleContent } from '@academy/course-content';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { bearer, TestAcademy } from './support/academy.js';
import { englishLeft, englishTexts, PHONE, pageChecker } from './support/browser.js';
import { tokenIn, waitForMails } from './support/outbox.js';

const LEARNER = { email: 'mira.leka@tirana.example', name: 'Mira Leka', password: 'my-own-long-password' };

describe('learner pages in a browser', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let moocId: string;
  let sessionId: string;
  const check = pageChecker();
  const content = new Map<string, ModuleContent>(loadCourseContent().map((c) => [c.code, c]));

  const focusWithTab = async (p: Page, id: string) => {
    for (let i = 0; i < 30 && (await p.evaluate(() => document.activeElement?.id)) !== id; i++) await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe(id);
  };

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pages-learner', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    const admin = await academy.login();
    const programmes = (await academy.http.get('/api/programmes').set(bearer(admin))).body;
    moocId = programmes.find((p: { code: string }) => p.code === 'MOOC-2024').id;
    const tiranaId = programmes.find((p: { code: string }) => p.code === 'TIRANA-2023').id;
    const created = await academy.http.post('/api/users').set(bearer(admin)).send({ email: LEARNER.email, name: LEARNER.name, role: 'learner', language: 'en' });
    expect(created.body.invited).toBe(true);
    for (const id of [moocId, tiranaId]) {
      await academy.http.post(`/api/programmes/${id}/enrolments`).set(bearer(admin)).send({ userId: created.body.id })
        .expect((r) => expect([200, 201]).toContain(r.status));
    }
    // An in-person session of Tirana's programme that started five minutes ago.
    const start = new Date(Date.now() - 5 * 60_000);
    const session = await academy.http.post(`/api/programmes/${tiranaId}/sessions`).set(bearer(admin)).send({
      moduleCode: 'DHR-INTRO', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
      mode: 'in-person', place: 'City Hall, room 204',
    });
    expect(session.status).toBe(201);
    sessionId = session.body.id;
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    phone = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    page = await phone.newPage();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  /** Marks every lesson of the module done in order from its page, checking each page; ends on the knowledge check. */
  async function takeLessons(code: string, lang: 'en' | 'sq', english?: string[]) {
    const mod = content.get(code)!;
    await page.goto(`${base}/learning/modules/${code}`);
    await check(page);
    expect(await page.locator('.lesson-list li a').allInnerTexts()).toEqual(mod.lessons.map((l) => l.title[lang]));
    if (english) expect({ url: page.url(), left: await englishLeft(page, english) }).toEqual({ url: page.url(), left: [] });
    // Out of order: refused, in words, naming the lesson to do first.
    await page.goto(`${base}/learning/modules/${code}/lessons/2`);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
    expect(refused.status()).toBe(409);
    expect(await page.textContent('.error-summary')).toContain(mod.lessons[0].title[lang]);
    await check(page);
    if (english) expect({ url: page.url(), left: await englishLeft(page, english) }).toEqual({ url: page.url(), left: [] });
    await page.goto(`${base}/learning/modules/${code}`);
    await page.click('main a.button');
    for (let i = 0; i < mod.lessons.length; i++) {
      await page.waitForURL(`${base}/learning/modules/${code}/lessons/${i + 1}`);
      expect(await page.textContent('h1')).toBe(mod.lessons[i].title[lang]);
      await check(page);
      if (english && i === 0) expect({ url: page.url(), left: await englishLeft(page, english) }).toEqual({ url: page.url(), left: [] });
      await page.click('main form button[type=submit]');
    }
    await page.waitForURL(`${base}/learning/modules/${code}/check`);
  }

  /** Fails the check once (attempts left shown), then passes it; feedback only after passing. */
  async function takeCheck(code: string, lang: 'en' | 'sq', english?: string[]) {
    const questions = content.get(code)!.knowledgeCheck!.questions;
    const html = await page.content();
    for (const q of questions) expect(html).not.toContain(q.feedback[lang]);
    expect(await page.locator('fieldset.question').count()).toBe(questions.length);
    expect(await page.locator('fieldset.question legend').first().innerText()).toContain(questions[0].prompt[lang]);
    await check(page);
    // Nothing chosen: an error summary naming each question.
    await page.click('main form button[type=submit]');
    await page.waitForSelector('.error-summary a[href="#field-q0-0"]');
    await check(page);
    if (english) expect({ url: page.url(), left: await englishLeft(page, english) }).toEqual({ url: page.url(), left: [] });
    const answer = async (pick: (q: (typeof questions)[number]) => number) => {
      for (let i = 0; i < questions.length; i++) await page.check(`#field-q${i}-${pick(questions[i])}`);
      await page.click('main form button[type=submit]');
      await page.waitForSelector('.result__verdict');
    };
    await answer((q) => (q.correctIndex + 1) % q.options.length);
    expect(await page.textContent('#attempts-left')).toContain(lang === 'en' ? 'Attempts left: 2 of 3' : 'Përpjekje të mbetura: 2 nga 3');
    const failed = await page.content();
    for (const q of questions) expect(failed).not.toContain(q.feedback[lang]);
    await check(page);
    if (english) expect({ url: page.url(), left: await englishLeft(page, english) }).toEqual({ url: page.url(), left: [] });
    await page.goto(`${base}/learning/modules/${code}/check`);
    expect(await page.textContent('#attempts-left')).toContain(lang === 'en' ? '2 of 3' : '2 nga 3');
    await answer((q) => q.correctIndex);
    expect(await page.textContent('.result__verdict')).toBe(lang === 'en' ? 'Passed' : 'I kaluar');
    expect(await page.locator('.review li').allInnerTexts()).toHaveLength(questions.length);
    expect(await page.textContent('.review')).toContain(questions[0].feedback[lang]);
    await check(page);
  }

  it('opens the invitation link from the mail, sets a password, takes a module in order and passes its check: attended', async () => {
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, LEARNER.email, /invitation#token=/);
    await page.goto(`${base}/invitation#token=${tokenIn(mail, 'invitation')}`);
    await page.fill('#field-password', LEARNER.password);
    await page.fill('#field-confirm', LEARNER.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/learning`);
    const mooc = page.locator(`section[aria-labelledby="programme-${moocId}"]`);
    expect(await mooc.locator('.modules li').first().innerText()).toMatch(/DHR-INTRO[\s\S]*0 of \d+ lessons done[\s\S]*Not attended yet/);
    await check(page);

    await takeLessons('DHR-INTRO', 'en');
    await takeCheck('DHR-INTRO', 'en');
    await page.click('main a.button');
    await page.waitForURL(`${base}/learning`);
    const intro = await mooc.locator('.modules li').first().innerText();
    expect(intro).toMatch(/DHR-INTRO/);
    expect(intro).toMatch(/knowledge check passed/);
    expect(intro).toMatch(/Attended/);
    expect(intro).not.toMatch(/Not attended/);
  });

  it('checks in with the keyboard alone: a wrong code is refused in words, the code on the screen is accepted', async () => {
    await page.goto(`${base}/check-in`);
    expect(await page.locator('input[name=session]').count()).toBe(1);
    await check(page);
    const admin = await academy.login();
    const opened = await academy.http.post(`/api/sessions/${sessionId}/checkin/open`).set(bearer(admin));
    expect(opened.status).toBe(200);

    // The link the trainer's QR code opens.
    await page.goto(`${base}/check-in/${sessionId}`);
    expect(await page.getAttribute('#field-code', 'autocomplete')).toBe('one-time-code');
    await check(page);
    await focusWithTab(page, 'field-code');
    const wrong = opened.body.code === '333333' ? '444444' : '333333';
    await page.keyboard.type(wrong);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toContain('That is not the code of this session');
    expect(await page.getAttribute('#field-code', 'aria-invalid')).toBe('true');
    await check(page);

    // The error summary's link leads to the field.
    await focusWithTab(page, 'field-code');
    const { body: screen } = await academy.http.get(`/api/sessions/${sessionId}/checkin/code`).set(bearer(admin));
    await page.keyboard.type(screen.code.toLowerCase());
    const [accepted] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    expect(accepted.status()).toBe(200);
    await page.waitForSelector('h1:has-text("You are checked in")');
    expect(await page.textContent('main')).toContain('present');
    await check(page);
    const attendance = await academy.http.get(`/api/sessions/${sessionId}/attendance`).set(bearer(admin));
    expect(JSON.stringify(attendance.body)).toContain(LEARNER.email.split('@')[0]);
  });

  it('in Albanian, the same flow shows no English text of the catalogue', async () => {
    const english = englishTexts();
    await page.goto(`${base}/learning`);
    await page.click('.language-switcher button[lang=sq]');
    await page.waitForURL(`${base}/learning`);
    expect(await page.getAttribute('html', 'lang')).toBe('sq');
    expect({ left: await englishLeft(page, english) }).toEqual({ left: [] });
    await takeLessons('DHR-PRIVACY', 'sq', english);
    await takeCheck('DHR-PRIVACY', 'sq', english);
    expect({ left: await englishLeft(page, english) }).toEqual({ left: [] });
    for (const url of [`${base}/check-in`, `${base}/check-in/${sessionId}`]) {
      await page.goto(url);
      expect({ url, left: await englishLeft(page, english) }).toEqual({ url, left: [] });
      await check(page);
    }
    await page.fill('#field-code', '333333');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toContain('Ky nuk është kodi i kësaj seance');
    expect({ left: await englishLeft(page, english) }).toEqual({ left: [] });
    await check(page);
  });

  it('a forgotten password: the link from the mail sets a new one and signs in', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    const p = await context.newPage();
    await p.goto(`${base}/sign-in`);
    await p.click('a[href="/forgot-password"]');
    await p.waitForURL(`${base}/forgot-password`);
    await check(p);
    await p.fill('#field-email', 'not-an-address');
    await p.click('main button[type=submit]');
    await p.waitForSelector('.error-summary a[href="#field-email"]');
    await check(p);
    await p.fill('#field-email', LEARNER.email);
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}/forgot-password/sent`);
    const sentText = await p.textContent('main');
    await check(p);
    // An unknown address gets exactly the same answer.
    await p.goto(`${base}/forgot-password`);
    await p.fill('#field-email', 'nobody@tirana.example');
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}/forgot-password/sent`);
    expect(await p.textContent('main')).toBe(sentText);

    const [mail] = await waitForMails(academy.db, academy.config.dataDir, LEARNER.email, /password-reset#token=/);
    await p.goto(`${base}/password-reset#token=${tokenIn(mail, 'password-reset')}`);
    expect(await p.isHidden('#token-group')).toBe(true);
    expect(p.url()).toBe(`${base}/password-reset`);
    await check(p);
    await p.fill('#field-password', 'a-brand-new-long-password');
    await p.fill('#field-confirm', 'a-brand-new-long-password');
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}/learning`);
    expect((await academy.http.post('/api/auth/login').send({ email: LEARNER.email, password: 'a-brand-new-long-password' })).status).toBe(200);
    // The link works once.
    await p.goto(`${base}/password-reset#token=${tokenIn(mail, 'password-reset')}`);
    await p.fill('#field-password', 'another-long-password-1');
    await p.fill('#field-confirm', 'another-long-password-1');
    await p.click('main button[type=submit]');
    await p.waitForSelector('.error-summary a[href="#field-token"]');
    await check(p);
    await context.close();
  });
});
