/// <reference lib="dom" />
/**
 * The trainer's pages in a real headless Chromium against the real api and worker on a real
 * port: My sessions, the session screen (code, QR code, live count while a learner checks in
 * from a phone), attendance by hand with a separation-of-duties refusal, and the Zoom sample
 * uploaded and its review item resolved. axe-core checks every page visited.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium, freePort } from '@academy/infra';
import { bearer, TestAcademy } from './support/academy.js';
import { PHONE, pageChecker } from './support/browser.js';

const PROJECTOR = { viewport: { width: 1280, height: 800 } };
const TRAINER = { email: 'mira.leka@tirana.example', name: 'Mira Leka', password: 'a-trainer-password' };
const LEARNERS = [
  ['arta.hoxha@tirana.example', 'Arta Hoxha'],
  ['erion.krasniqi@tirana.example', 'Erion Krasniqi'],
  ['blerina.shehu@tirana.example', 'Blerina Shehu'],
  ['ilir.gashi@tirana.example', 'Ilir Gashi'],
] as const;
const ZOOM_SAMPLE = path.join(import.meta.dirname, '..', 'docs', 'samples', 'zoom-participants.csv');

describe('trainer pages in a browser', () => {
  let academy: TestAcademy;
  let base: string;
  let browser: Browser;
  let projector: BrowserContext;
  let page: Page;
  let admin: string;
  let trainerId: string;
  const ids: Record<string, string> = {};
  const sessions: Record<string, string> = {};

  const check = pageChecker(async (p) => `${new URL(p.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id')} ${p.viewportSize()?.width}`);

  const createSession = async (moduleCode: string, startsAt: Date, endsAt: Date, programmeId: string) => {
    const res = await academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin))
      .send({ moduleCode, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), mode: 'in-person', place: 'Room 2, City Hall' });
    expect(res.status).toBe(201);
    await academy.http.post(`/api/sessions/${res.body.id}/trainers`).set(bearer(admin)).send({ userId: trainerId, role: 'lead' }).expect(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    academy = await TestAcademy.start('pages-trainer', { PUBLIC_BASE_URL: base });
    await new Promise<void>((resolve) => academy.api.getHttpServer().listen(port, '127.0.0.1', resolve));
    admin = await academy.login();
    const programmeId = (await academy.tirana()).id;
    trainerId = (await academy.createUser({ ...TRAINER, role: 'trainer' })).id;
    for (const [email, name] of LEARNERS) {
      const u = await academy.createUser({ email, name, role: 'learner' });
      ids[email.split('.')[0]!] = u.id;
      await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: u.id }).expect(201);
    }
    const now = Date.now();
    sessions.live = await createSession('DHR-INTRO', new Date(now - 5 * 60_000), new Date(now + 85 * 60_000), programmeId);
    sessions.zoom = await createSession('DHR-PRIVACY', new Date('2023-01-24T09:00:00Z'), new Date('2023-01-24T10:30:00Z'), programmeId);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    projector = await browser.newContext({ ...PROJECTOR, locale: 'en-GB' });
    page = await projector.newPage();
    await page.goto(`${base}/sign-in`);
    await page.fill('#field-email', TRAINER.email);
    await page.fill('#field-password', TRAINER.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/trainer`);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await academy?.stop();
  });

  it('My sessions lists the sessions the trainer delivers, in the city\'s time with the zone named', async () => {
    await check(page);
    const upcoming = await page.locator('#upcoming-caption').locator('xpath=..').innerText();
    expect(upcoming).toContain('DHR-INTRO');
    expect(upcoming).toContain('(Europe/Tirane)');
    expect(upcoming).toContain('Room 2, City Hall');
    expect(await page.locator('#past-caption').locator('xpath=..').innerText()).toContain('DHR-PRIVACY');
  });

  it('the session screen opens check-in with the keyboard, shows the code and the QR code, and counts a phone\'s check-in live', async () => {
    await page.click(`a[href="/trainer/sessions/${sessions.live}/screen"]`);
    await page.waitForURL(`${base}/trainer/sessions/${sessions.live}/screen`);
    await check(page);
    // Keyboard only: Tab to the button, Enter.
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== 'field-open'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#checkin-code');
    await check(page);
    const code = (await page.getAttribute('#checkin-code', 'data-code'))!;
    expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
    expect((await page.textContent('#checkin-code'))!.replace(/\s/g, '')).toBe(code);
    expect(await page.textContent('main')).toContain(`${base}/check-in/${sessions.live}`);
    const qr = page.locator('svg.screen__qr');
    expect(await qr.getAttribute('role')).toBe('img');
    expect(await page.textContent('#qr-label')).toContain(`${base}/check-in/${sessions.live}`);
    expect((await qr.boundingBox())!.width).toBeGreaterThan(200);
    expect(Number(await page.textContent('#code-seconds'))).toBeLessThanOrEqual(30);
    expect(await page.textContent('#checked-in')).toBe('0');

    // A learner on a phone, in another browser context, checks in through the API with the code read off the screen.
    const phone = await browser.newContext(PHONE);
    const learner = { Authorization: `Bearer ${await academy.login('arta.hoxha@tirana.example', 'a-long-password')}` };
    const url = `${base}/api/sessions/${sessions.live}/checkin`;
    const wrong = await phone.request.post(url, { headers: learner, data: { code: code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA' } });
    expect(wrong.status()).toBe(400);
    expect((await wrong.json()).message).toMatch(/not the code of this session|expired/);
    // The screen's JSON is the trainer's, not the learner's (it is a page: the cookie session only).
    expect((await phone.request.get(`${base}/trainer/sessions/${sessions.live}/screen/state`, { headers: learner })).status()).toBe(403);
    const current = (await page.getAttribute('#checkin-code', 'data-code'))!;
    const ok = await phone.request.post(url, { headers: learner, data: { code: current } });
    expect(ok.status()).toBe(201);
    await phone.close();
    // The screen's script polls every few seconds: the count goes up without reloading.
    await page.waitForFunction(() => document.getElementById('checked-in')?.textContent === '1', undefined, { timeout: 10_000 });
    expect(page.url()).toBe(`${base}/trainer/sessions/${sessions.live}/screen`);
  });

  it('attendance: marks a learner, and refuses in words to record the trainer\'s own attendance', async () => {
    await page.goto(`${base}/trainer/sessions/${sessions.live}/attendance`);
    await check(page);
    const arta = await page.locator(`#learner-${ids.arta}`).innerText();
    expect(arta).toContain('Present');
    expect(arta).toContain('checked in');
    await page.selectOption(`#field-status-${ids.ilir}`, 'excused');
    await page.fill(`#field-reason-${ids.ilir}`, 'ill, told us the day before');
    await page.click(`#learner-${ids.ilir} button[type=submit]`);
    await page.waitForURL(/saved=1/);
    expect(await page.locator(`#learner-${ids.ilir}`).innerText()).toContain('Excused');
    const [row] = await academy.db.query(`SELECT status, source FROM attendance WHERE session_id = $1 AND user_id = $2`, [sessions.live, ids.ilir]);
    expect(row).toEqual({ status: 'excused', source: 'manual' });

    // The same form sent for the trainer themselves: the service's separation of duties, said on the page.
    await page.evaluate(([form, me]) => {
      (document.querySelector(`#learner-${form} input[name=userId]`) as HTMLInputElement).value = me!;
      const select = document.querySelector(`#learner-${form} select`) as HTMLSelectElement;
      select.value = 'present';
      select.id = `field-status-${me}`;
    }, [ids.erion, trainerId]);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click(`#learner-${ids.erion} button[type=submit]`),
    ]);
    expect(refused.status()).toBe(403);
    expect(await page.textContent('.error-summary')).toContain('Separation of duties: nobody records or corrects their own attendance');
    await check(page);
  });

  it('uploads the Zoom sample and resolves its review item from the page; a multipart form without its token is refused', async () => {
    const reportUrl = `${base}/trainer/sessions/${sessions.zoom}/report`;
    const noToken = await page.request.post(reportUrl, {
      multipart: { file: { name: 'zoom.csv', mimeType: 'text/csv', buffer: readFileSync(ZOOM_SAMPLE) } },
    });
    expect(noToken.status()).toBe(403);

    await page.goto(reportUrl);
    await check(page);
    expect(await page.textContent('main')).toContain('Nobody is waiting for review.');
    await page.setInputFiles('#field-file', ZOOM_SAMPLE);
    await page.click('form[enctype] button[type=submit]');
    await page.waitForSelector('#imported-heading');
    const summary = await page.textContent('section.notice');
    expect(summary).toContain('The Zoom report was imported');
    expect(summary).toContain('3 people matched to learners.');
    expect(summary).toContain('1 people to review below.');
    await check(page);

    const [item] = await academy.db.query(`SELECT id FROM vc_review_items WHERE session_id = $1 AND name = 'Dritan Çela'`, [sessions.zoom]);
    expect(await page.locator(`#item-${item.id}`).innerText()).toContain('89 minutes');
    // Why they wait, in a sentence of the catalogue (the report gave no e-mail): no English left beside it.
    expect(await page.locator(`#item-${item.id} .review-reason`).innerText())
      .toBe('The report gives no e-mail address, and no enrolled learner is called “Dritan Çela”.');
    expect(await page.locator(`#item-${item.id} [lang=en]`).count()).toBe(0);
    // Keyboard: the learner chosen, then Tab to the button and Enter.
    await page.selectOption(`#field-learner-${item.id}`, ids.ilir!);
    await page.focus(`#field-learner-${item.id}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Record as this learner');
    await page.keyboard.press('Enter');
    await page.waitForURL(/resolved=1/);
    expect(await page.textContent('main')).toContain('Nobody is waiting for review.');
    await check(page);
    const [ilir] = await academy.db.query(`SELECT status, minutes, source FROM attendance WHERE session_id = $1 AND user_id = $2`, [sessions.zoom, ids.ilir]);
    expect(ilir).toEqual({ status: 'present', minutes: 89, source: 'zoom' });
    const [resolved] = await academy.db.query(`SELECT status, user_id, resolved_by FROM vc_review_items WHERE id = $1`, [item.id]);
    expect(resolved).toEqual({ status: 'assigned', user_id: ids.ilir, resolved_by: trainerId });
  });

  it('trainer pages on a phone (materials and record too) do not scroll sideways; a learner opening one gets 403', async () => {
    const phone = await browser.newContext(PHONE);
    const p = await phone.newPage();
    await p.goto(`${base}/sign-in`);
    await p.fill('#field-email', TRAINER.email);
    await p.fill('#field-password', TRAINER.password);
    await p.click('main button[type=submit]');
    await p.waitForURL(`${base}/trainer`);
    await check(p);
    await p.goto(`${base}/trainer/sessions/${sessions.live}/screen`);
    await check(p);
    await p.goto(`${base}/trainer/sessions/${sessions.zoom}/report`);
    await check(p);
    await p.goto(`${base}/trainer/sessions/${sessions.live}/attendance`);
    await check(p);
    // Trainer-only materials of the modules delivered, and the trainer's own record.
    await p.goto(`${base}/trainer/materials`);
    await check(p);
    expect(await p.locator('main h2').allInnerTexts()).toEqual(['DHR-INTRO', 'DHR-PRIVACY']);
    expect(await p.locator('main article').count()).toBeGreaterThan(0);
    await p.goto(`${base}/trainer/record`);
    await check(p);
    expect(await p.textContent('#led-heading')).toBe('Sessions led: 2');
    await phone.close();

    const learnerPhone = await browser.newContext(PHONE);
    const l = await learnerPhone.newPage();
    await l.goto(`${base}/sign-in`);
    await l.fill('#field-email', 'blerina.shehu@tirana.example');
    await l.fill('#field-password', 'a-long-password');
    await l.click('main button[type=submit]');
    await l.waitForURL(`${base}/learning`);
    expect((await l.goto(`${base}/trainer/sessions/${sessions.live}/screen`))!.status()).toBe(403);
    await learnerPhone.close();
  });
});
