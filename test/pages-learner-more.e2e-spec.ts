/// <reference lib="dom" />
/**
 * More of the learner's pages in a real headless Chromium against the real api and worker:
 * applying for a place and withdrawing on a phone, handing in a text and a file and seeing
 * them listed, the trainer accepting one (a learner on the trainer's page gets 403, another
 * city's evidence 404), the needs assessment answered once (a second answer refused in
 * words), and My learning's explanation in Albanian with no English left. axe-core checks
 * every page visited.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { bearer, DUBLIN_ADMIN, TestAcademy } from './support/academy.js';
import { englishLeft, englishTexts, PHONE, pageChecker } from './support/browser.js';

const LEARNER = { email: 'besa.dervishi@tirana.example', name: 'Besa Dervishi', password: 'a-learner-password' };
const ALBANIAN = { email: 'genti.basha@tirana.example', name: 'Genti Basha', password: 'another-learner-password' };
const TRAINER = { email: 'drita.malaj@tirana.example', name: 'Drita Malaj', password: 'a-trainer-password' };
/** The smallest file the evidence check takes for a PDF: its signature and an end marker. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('more learner pages in a browser', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let sessionId: string;
  let dublinSubmission: string;
  let dublinSession: string;
  const check = pageChecker();

  const signIn = async (context: BrowserContext, who: { email: string; password: string }, home: string) => {
    const p = await context.newPage();
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', who.email);
    await p.fill('#field-password', who.password);
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}${home}`);
    return p;
  };
  /** Clicks a submit button and answers the POST's response. */
  const submit = async (p: Page, selector: string) =>
    (await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click(selector)]))[0];

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pages-learner-more', { PUBLIC_BASE_URL: base, SUBMISSION_MAX_BYTES: String(1024 * 1024) });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    const admin = await academy.login();
    const tirana = (await academy.tirana()).id;
    const trainerId = (await academy.createUser({ ...TRAINER, role: 'trainer' })).id;
    for (const who of [LEARNER, { ...ALBANIAN, language: 'sq' }]) {
      const u = await academy.createUser({ ...who, role: 'learner' });
      await academy.http.post(`/api/programmes/${tirana}/enrolments`).set(bearer(admin)).send({ userId: u.id }).expect(201);
    }
    // A session of DHR-INTRO next week with 12 places, led by the trainer.
    const start = new Date(Date.now() + 7 * 24 * 3600_000);
    const session = await academy.http.post(`/api/programmes/${tirana}/sessions`).set(bearer(admin)).send({
      moduleCode: 'DHR-INTRO', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
      mode: 'in-person', place: 'City Hall, room 101', capacity: 12,
    });
    expect(session.status).toBe(201);
    sessionId = session.body.id;
    await academy.http.post(`/api/sessions/${sessionId}/trainers`).set(bearer(admin)).send({ userId: trainerId, role: 'lead' }).expect(201);
    // Evidence handed in in Dublin: another city's.
    const dublinAdmin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    const dublin = (await academy.http.get('/api/programmes').set(bearer(dublinAdmin))).body.find((p: { code: string }) => p.code === 'DUBLIN-2023').id;
    const resident = await academy.http.post('/api/users').set(bearer(dublinAdmin))
      .send({ email: 'resident@dublin.example', name: 'Resident', role: 'learner', password: 'a-long-password' });
    await academy.http.post(`/api/programmes/${dublin}/enrolments`).set(bearer(dublinAdmin)).send({ userId: resident.body.id }).expect(201);
    const token = await academy.login('resident@dublin.example', 'a-long-password');
    const handed = await academy.http.post(`/api/programmes/${dublin}/submissions`).set(bearer(token)).send({ kind: 'reflection', body: 'From Dublin' });
    expect(handed.status).toBe(201);
    dublinSubmission = handed.body.id;
    const limited = await academy.http.post(`/api/programmes/${dublin}/sessions`).set(bearer(dublinAdmin)).send({
      moduleCode: 'DUB-STAFF', startsAt: start.toISOString(), mode: 'in-person', capacity: 20,
    });
    expect(limited.status).toBe(201);
    dublinSession = limited.body.id;

    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    phone = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    page = await signIn(phone, LEARNER, '/learning');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('applies for a place and withdraws on a phone, each outcome said in words', async () => {
    const card = page.locator(`#place-${sessionId}`);
    expect(await card.innerText()).toMatch(/DHR-INTRO[\s\S]*Places: 12[\s\S]*You have not applied/);
    await check(page);
    await submit(page, `#place-${sessionId} button[type=submit]`);
    await page.waitForURL(/outcome=applied/);
    expect(await page.textContent('main .notice[role=status]')).toContain('Your application for DHR-INTRO is in.');
    expect(await card.innerText()).toContain('You have applied');
    await check(page);
    const stale = await phone.newPage();
    await stale.goto(`${base}/learning`);
    await page.bringToFront();
    await submit(page, `#place-${sessionId} button[type=submit]`);
    await page.waitForURL(/outcome=left/);
    expect(await page.textContent('main .notice[role=status]')).toContain('You have withdrawn from DHR-INTRO.');
    expect(await card.innerText()).toContain('You withdrew your application');
    expect(await card.locator('button').innerText()).toContain('Apply for a place');
    const [row] = await academy.db.query(`SELECT status FROM applications WHERE session_id = $1`, [sessionId]);
    expect(row.status).toBe('withdrawn');
    await check(page);
    // Withdrawing twice (from a tab opened before): said in words.
    await stale.bringToFront();
    expect((await submit(stale, `#place-${sessionId} button[type=submit]`)).status()).toBe(404);
    expect(await stale.textContent('.error-summary')).toContain('You have no application to this session to withdraw');
    await check(stale);
    // Another city's session, posted with this page's own token: the 404 page.
    const form = stale.locator('form.language-switcher');
    await form.evaluate((f, id) => f.setAttribute('action', `/learning/sessions/${id}/apply`), dublinSession);
    expect((await submit(stale, 'form.language-switcher button')).status()).toBe(404);
    await stale.close();
    await page.bringToFront();
    // Changing one's mind again: a new application.
    await submit(page, `#place-${sessionId} button[type=submit]`);
    await page.waitForURL(/outcome=applied/);
    expect(await card.innerText()).toContain('You have applied');
    const [again] = await academy.db.query(`SELECT status FROM applications WHERE session_id = $1`, [sessionId]);
    expect(again.status).toBe('applied');
    // A session with places is one to apply for until a place is held: only then is it among the sessions to come.
    const upcoming = page.locator('[aria-labelledby="upcoming-caption"]');
    expect(await upcoming.count() ? await upcoming.innerText() : '').not.toContain('City Hall, room 101');
    const run = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(await academy.login())).send({ seed: 'pages' });
    expect(run.status).toBe(200);
    expect(run.body.selected).toHaveLength(1);
    await page.reload();
    expect(await upcoming.innerText()).toContain('City Hall, room 101');
    expect(await card.innerText()).toContain('You have a place');
    await check(page);
  });

  it('hands in a text and a file, sees them listed; a wrong file is refused in words', async () => {
    await page.goto(`${base}/learning/evidence`);
    await check(page);
    // Nothing given: named in the error summary.
    expect((await submit(page, 'main form button[type=submit]')).status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('Give a text, a link or a file');
    await check(page);
    const programmeOption = await page.locator('#field-for option', { hasText: 'DHR-INTRO' }).getAttribute('value');
    await page.selectOption('#field-for', programmeOption!);
    await page.selectOption('#field-kind', 'reflection');
    await page.fill('#field-body', 'What I will change in our tender for cameras.');
    await submit(page, 'main form button[type=submit]');
    await page.waitForURL(`${base}/learning/evidence?handedIn=1`);
    await page.selectOption('#field-kind', 'final-assignment');
    await page.setInputFiles('#field-file', { name: 'assignment.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, 'main form button[type=submit]');
    await page.waitForURL(`${base}/learning/evidence?handedIn=1`);
    const listed = await page.locator('.submissions li').allInnerTexts();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/Final assignment[\s\S]*Waiting for review[\s\S]*Download assignment\.pdf/);
    expect(listed[1]).toMatch(/Reflection[\s\S]*DHR-INTRO[\s\S]*Waiting for review[\s\S]*tender for cameras/);
    const download = await page.request.get(await page.locator('.submissions a', { hasText: 'assignment.pdf' }).getAttribute('href').then((h) => `${base}${h}`));
    expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);
    await check(page);
    // Not a PDF, PNG or JPEG: refused with the reason.
    await page.setInputFiles('#field-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
    expect((await submit(page, 'main form button[type=submit]')).status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('The file must be a PDF, PNG or JPEG file');
    // Larger than SUBMISSION_MAX_BYTES (1 MiB here): refused by the service's own limit, 413.
    await page.setInputFiles('#field-file', { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]) });
    expect((await submit(page, 'main form button[type=submit]')).status()).toBe(413);
    expect(await page.textContent('.error-summary')).toContain('The file is larger than 1 MB');
    expect(await page.textContent('#field-file-hint')).toContain('at most 1 MB');
    // Another city's file is not found; the trainer's page is not a learner's.
    expect((await page.goto(`${base}/evidence/${dublinSubmission}/file`))!.status()).toBe(404);
    expect((await page.goto(`${base}/trainer/evidence`))!.status()).toBe(403);
  });

  it('the trainer accepts the reflection with a comment; the learner sees it; another city\'s evidence is 404', async () => {
    const desk = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    const t = await signIn(desk, TRAINER, '/trainer');
    await t.click('nav a[href="/trainer/evidence"]');
    await t.waitForURL(`${base}/trainer/evidence`);
    await check(t);
    const item = t.locator('.submissions li', { hasText: 'tender for cameras' });
    expect(await item.innerText()).toContain(LEARNER.name);
    // No decision chosen: named on the item.
    expect((await Promise.all([t.waitForResponse((r) => r.request().method() === 'POST'), item.locator('button[type=submit]').click()]))[0].status()).toBe(400);
    expect(await t.textContent('.error-summary')).toContain('Choose accept or return');
    await check(t);
    const again = t.locator('.submissions li', { hasText: 'tender for cameras' });
    await again.locator('input[value=accept]').check();
    await again.locator('textarea').fill('Clear and specific: well done.');
    await again.locator('button[type=submit]').click();
    await t.waitForURL(/reviewed=accepted/);
    expect(await t.textContent('main .notice[role=status]')).toContain('The evidence is accepted.');
    // Another city's submission, posted from this page's own form: not found.
    const form = t.locator('.submissions li form').first();
    await form.evaluate((f, id) => f.setAttribute('action', `/trainer/evidence/${id}/review`), dublinSubmission);
    await form.locator('input[value=accept]').check();
    expect((await Promise.all([t.waitForResponse((r) => r.request().method() === 'POST'), form.locator('button[type=submit]').click()]))[0].status()).toBe(404);
    // The same page in Albanian: no English of the catalogue left.
    await t.goto(`${base}/trainer/evidence`);
    await t.click('.language-switcher button[lang=sq]');
    await t.waitForURL(`${base}/trainer/evidence`);
    expect({ left: await englishLeft(t, englishTexts()) }).toEqual({ left: [] });
    await check(t);
    await desk.close();

    await page.goto(`${base}/learning/evidence`);
    expect(await page.locator('.submissions li', { hasText: 'tender for cameras' }).innerText()).toMatch(/Accepted[\s\S]*Clear and specific: well done\./);
  });

  it('answers the needs assessment once; a second answer is refused in words', async () => {
    await page.goto(`${base}/learning/needs-assessment`);
    await check(page);
    expect((await submit(page, 'main form button[type=submit]')).status()).toBe(400);
    expect(await page.locator('.error-summary a').count()).toBeGreaterThanOrEqual(9);
    expect(await page.getAttribute('.error-summary a >> nth=0', 'href')).toBe('#field-knowledgeLevel');
    expect(await page.textContent('.error-summary')).toContain('Choose how necessary training in “Digital inclusion and accessibility” is');
    await check(page);
    const other = await phone.newPage();
    await other.goto(`${base}/learning/needs-assessment`);
    const fill = async (p: Page) => {
      await p.check('#field-knowledgeLevel-basic');
      await p.check('#field-hadDataProtectionTraining-no');
      for (const area of ['ethics', 'human-rights', 'bias', 'inclusion', 'data-control', 'privacy-security', 'participation']) {
        await p.check(`#field-necessity-${area}-4`);
      }
      await p.check('#field-concerns');
      await p.selectOption('#field-format1', 'in-person-workshops');
      await p.selectOption('#field-format2', 'videos');
    };
    // A tab in the background has its frames throttled: act in the one in front.
    await page.bringToFront();
    await fill(page);
    await submit(page, 'main form button[type=submit]');
    await page.waitForSelector('#received');
    expect(await page.textContent('#received')).toContain('Your answers were received on');
    await check(page);
    await other.bringToFront();
    await fill(other);
    expect((await submit(other, 'main form button[type=submit]')).status()).toBe(409);
    expect(await other.textContent('.error-summary')).toContain('You have already answered the needs assessment');
    await check(other);
    const rows = await academy.db.query(`SELECT answers FROM survey_responses WHERE survey = 'needs-assessment'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].answers).toMatchObject({ knowledgeLevel: 'basic', hadDataProtectionTraining: false, preferredFormats: ['in-person-workshops', 'videos'] });
    await other.close();
  });

  it('in Albanian, My learning explains what is still needed in Albanian, and the new pages have no English left', async () => {
    const english = englishTexts();
    const context = await browser.newContext({ ...PHONE, locale: 'sq-AL' });
    const p = await signIn(context, ALBANIAN, '/learning');
    expect(await p.getAttribute('html', 'lang')).toBe('sq');
    const explanation = p.locator('ul.explanation').first();
    expect(await explanation.getAttribute('lang')).toBeNull();
    const lines = await explanation.locator('li').allInnerTexts();
    expect(lines.length).toBeGreaterThan(0);
    // The learner has attended nothing yet: Tirana's rules, worded from the Albanian catalogue.
    expect(lines.at(-1)).toBe('Asnjë certifikatë: edhe 2 module për certifikatën e pjesëmarrjes, edhe 3 për certifikatën e përfundimit.');
    expect({ left: await englishLeft(p, english) }).toEqual({ left: [] });
    await check(p);
    for (const path of ['/learning/evidence', '/learning/needs-assessment']) {
      await p.goto(`${base}${path}`);
      expect({ path, left: await englishLeft(p, english) }).toEqual({ path, left: [] });
      await check(p);
    }
    await context.close();
  });
});
