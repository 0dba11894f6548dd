import { loadCourseContent } from '@academy/course-content';
import { prepareDatabase } from '@academy/database';
import { ADMIN, bearer, DUBLIN_ADMIN, PLATFORM, TestAcademy } from './support/academy.js';
import { person } from './support/city.js';

/**
 * The seeded catalogue carries the full course materials of libs/course-content, in English
 * and Albanian; the seed can run again on a database that holds older materials; the
 * needs-assessment ranking ranks the six deep dives.
 */
describe('course materials from the course content', () => {
  let academy: TestAcademy;
  let admin: string;
  const content = new Map(loadCourseContent().map((m) => [m.code, m]));

  beforeAll(async () => {
    academy = await TestAcademy.start('course-materials');
    admin = await academy.login();
  });
  afterAll(() => academy.stop());

  it("shows each city the shared catalogue and its own modules, and no other city's", async () => {
    const codes = async (token: string) => (await academy.http.get('/api/modules').set(bearer(token))).body.map((m: any) => `${m.city ?? '-'}:${m.code}`);
    const shared = [...content.keys()].filter((c) => c.startsWith('DHR-')).map((c) => `-:${c}`).sort();
    expect((await codes(admin)).sort()).toEqual(shared);
    const dublin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    expect((await codes(dublin)).sort()).toEqual([...shared, 'DUBLIN:DUB-COMMUNITY', 'DUBLIN:DUB-STAFF', 'DUBLIN:DUB-YOUTH'].sort());
    // Another city's module is not found, exactly like an unknown code.
    const other = await academy.http.get('/api/modules/DUB-YOUTH').set(bearer(admin));
    const unknown = await academy.http.get('/api/modules/DUB-NOPE').set(bearer(admin));
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect(other.body.message.replace('DUB-YOUTH', 'X')).toBe(unknown.body.message.replace('DUB-NOPE', 'X'));
  });

  it('seeds every material of every module, with module titles in both languages', async () => {
    // The platform role sees the whole catalogue: the shared modules and every city's own.
    const platform = await academy.login(PLATFORM.email, PLATFORM.password);
    const modules = (await academy.http.get('/api/modules').set(bearer(platform))).body;
    expect(modules.map((m: any) => m.code).sort()).toEqual([...content.keys()].sort());
    for (const m of modules) {
      const c = content.get(m.code)!;
      expect({ code: m.code, titles: m.titles }).toEqual({ code: m.code, titles: c.title });
      expect(m.materials.map((x: any) => x.slug).sort()).toEqual(c.materials.map((x) => x.slug).sort());
    }
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM materials`);
    expect(n).toBe([...content.values()].reduce((sum, c) => sum + c.materials.length, 0));
  });

  it("answers a material in the reader's language, falling back visibly", async () => {
    const plan = content.get('DHR-INTRO')!.materials.find((x) => x.slug === 'session-plan')!;
    const modules = (await academy.http.get('/api/modules').set(bearer(admin))).body;
    const id = modules.find((m: any) => m.code === 'DHR-INTRO').materials.find((x: any) => x.slug === 'session-plan').id;

    const english = await academy.http.get(`/api/materials/${id}`).set(bearer(admin));
    expect(english.status).toBe(200);
    expect(english.body).toMatchObject({ title: plan.title.en, body: plan.body.en, language: 'en', languages: ['en', 'sq'], audience: 'trainer' });
    expect(english.body.body.length).toBeGreaterThan(1500);
    const albanian = await academy.http.get(`/api/materials/${id}?lang=sq`).set(bearer(admin));
    expect(albanian.body).toMatchObject({ title: plan.title.sq, body: plan.body.sq, language: 'sq' });
    // No German version: the city's default language (Albanian in Tirana), said so in `language`.
    expect((await academy.http.get(`/api/materials/${id}?lang=de`).set(bearer(admin))).body).toMatchObject({ language: 'sq', body: plan.body.sq });
    expect((await academy.http.get(`/api/materials/${id}?lang=Deutsch`).set(bearer(admin))).status).toBe(400);

    // A learner in Albanian reads the learner handout in Albanian by default.
    await person(academy, admin, { email: 'lule.dema@tirana.example', language: 'sq' });
    const learner = await academy.login('lule.dema@tirana.example', 'a-long-password');
    const own = (await academy.http.get('/api/modules/DHR-INTRO').set(bearer(learner))).body;
    expect(own.materials.every((x: any) => x.audience === 'learner' && x.language === 'sq')).toBe(true);
    const handout = content.get('DHR-INTRO')!.materials.find((x) => x.audience === 'learner')!;
    const read = await academy.http.get(`/api/materials/${own.materials[0].id}`).set(bearer(learner));
    expect(read.body).toMatchObject({ title: handout.title.sq, body: handout.body.sq, language: 'sq' });
    expect((await academy.http.get(`/api/materials/${id}`).set(bearer(learner))).status).toBe(403);
  });

  it('runs again on a database holding the old stubs: replaces them, keeps what it did not seed, adds nothing twice', async () => {
    const [intro] = await academy.db.query(`SELECT id FROM modules WHERE code = 'DHR-INTRO'`);
    await academy.db.query(
      `INSERT INTO materials (module_id, audience, slug, title, format, body, seeded)
       VALUES ($1, 'learner', 'slides', 'Same rights online as offline', 'slides', 'A one-paragraph stub.', true),
              ($1, 'learner', 'city-reading', 'Our own reading list', 'reading', 'Added by the city.', false)`,
      [intro.id],
    );
    await academy.db.query(`UPDATE materials SET body = 'stale', bodies = '{"en": "stale"}' WHERE module_id = $1 AND slug = 'session-plan'`, [intro.id]);
    const before = await academy.db.query(`SELECT id, slug FROM materials WHERE seeded ORDER BY id`);

    await prepareDatabase(academy.config.databaseUrl, { admin: ADMIN });
    await prepareDatabase(academy.config.databaseUrl, { admin: ADMIN });

    const after = await academy.db.query(`SELECT id, slug, seeded FROM materials WHERE module_id = $1 ORDER BY slug`, [intro.id]);
    expect(after.map((m: any) => [m.slug, m.seeded])).toEqual([
      ['city-reading', false], ['facilitator-guide', true], ['session-plan', true], ['six-areas-handout', true],
    ]);
    const [plan] = await academy.db.query(`SELECT body FROM materials WHERE module_id = $1 AND slug = 'session-plan'`, [intro.id]);
    expect(plan.body).toBe(content.get('DHR-INTRO')!.materials.find((x) => x.slug === 'session-plan')!.body.en);
    // The same rows (ids kept), less the stub.
    const kept = await academy.db.query(`SELECT id, slug FROM materials WHERE seeded ORDER BY id`);
    expect(kept).toEqual(before.filter((m: any) => m.slug !== 'slides'));
  });

  it('ranks only the six deep dives in the needs assessment, DHR-PUBLIC-GOODS among them', async () => {
    for (let i = 0; i < 5; i++) {
      await person(academy, admin, { email: `respondent${i}@tirana.example` });
      const token = await academy.login(`respondent${i}@tirana.example`, 'a-long-password');
      await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(token)).send({
        knowledgeLevel: 'basic', hadDataProtectionTraining: false,
        necessity: { ethics: 3, 'human-rights': 4, bias: 2, inclusion: 2, 'data-control': 3, 'privacy-security': 3, participation: 2 },
        concerns: ['phishing'], preferredFormats: ['in-person-workshops'],
      }).expect(201);
    }
    const res = await academy.http.get('/api/surveys/needs-assessment/results').set(bearer(admin));
    const codes = res.body.deepDives.map((d: any) => d.moduleCode);
    expect([...codes].sort()).toEqual(['DHR-AUTONOMY', 'DHR-INCLUSION', 'DHR-PARTICIPATION', 'DHR-PRIVACY', 'DHR-PUBLIC-GOODS', 'DHR-TRANSPARENCY']);
    expect(codes[0]).toBe('DHR-PUBLIC-GOODS');
    expect(res.body.deepDives[0]).toEqual({ moduleCode: 'DHR-PUBLIC-GOODS', need: 4, areas: ['human-rights'] });
  });
});
