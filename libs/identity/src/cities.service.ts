import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import {
  type Actor, conflict, forbidden, invalid, isValidTimeZone, LANGUAGE_CODE, type LanguageVersions,
  languageVersionsProblems, notFound, type Queryable,
} from '@academy/common';
import { JobGateway, JobName } from '@academy/queue';
import { AccountStateService } from './account-state.service.js';

export interface NewCity {
  /** Upper case, e.g. `VIENNA`. */
  code: string;
  name: string;
  /** The issuing body printed on certificates, per language: `{ "en": "City of Vienna", "de": "Stadt Wien" }`. */
  issuers: LanguageVersions;
  defaultLanguage: string;
  /** IANA time zone, e.g. `Europe/Vienna`. */
  timezone: string;
}

/** What the platform sees of a city: its settings and aggregate figures, never a person. */
export interface CityView {
  id: string;
  code: string;
  name: string;
  issuers: LanguageVersions;
  defaultLanguage: string;
  timezone: string;
  createdAt: string;
  programmes: number;
  /** People of the city, by role (counts only). */
  people: { learners: number; trainers: number; administrators: number };
}

/** A city's administrator, as the platform that appoints them sees them. */
export interface AdministratorView {
  id: string;
  email: string;
  name: string;
  /** Invited and not signed in yet. */
  invited: boolean;
  createdAt: string;
}

export interface NewAdministrator {
  email: string;
  name: string;
  language?: string;
}

const CITY_SELECT = `
  SELECT c.id, c.code, c.name, c.issuers, c.default_language, c.timezone, c.created_at,
         (SELECT count(*)::int FROM programmes p WHERE p.city_id = c.id) AS programmes,
         (SELECT count(*) FILTER (WHERE u.role = 'learner')::int FROM users u WHERE u.city_id = c.id) AS learners,
         (SELECT count(*) FILTER (WHERE u.role = 'trainer')::int FROM users u WHERE u.city_id = c.id) AS trainers,
         (SELECT count(*) FILTER (WHERE u.role = 'admin')::int FROM users u WHERE u.city_id = c.id) AS administrators
    FROM cities c`;

const toView = (r: any): CityView => ({
  id: r.id, code: r.code, name: r.name, issuers: r.issuers, defaultLanguage: r.default_language, timezone: r.timezone,
  createdAt: r.created_at.toISOString(), programmes: r.programmes,
  people: { learners: r.learners, trainers: r.trainers, administrators: r.administrators },
});

const requirePlatform = (actor: Actor) => {
  if (actor.role !== 'platform') throw forbidden('cities are managed by the coalition\'s academy team');
};

/**
 * The coalition's member cities, for the platform role: onboarding a city (its code, name,
 * issuer per language, default language, time zone) and appointing or removing its
 * administrators. The coalition's own row is never a city here.
 */
@Injectable()
export class CitiesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobGateway,
    private readonly audit: AuditService,
    private readonly accounts: AccountStateService,
  ) {}

  async create(actor: Actor, c: NewCity): Promise<CityView> {
    requirePlatform(actor);
    const problems = languageVersionsProblems(c.issuers, 'issuers', 200);
    if (!problems.length && typeof c.issuers[c.defaultLanguage] !== 'string') {
      problems.push(`issuers: must have the issuer's name in the default language "${c.defaultLanguage}"`);
    }
    if (!isValidTimeZone(c.timezone)) problems.push(`timezone: "${c.timezone}" is not an IANA time zone`);
    if (problems.length) throw invalid(problems.join('; '), problems);
    const code = c.code.toUpperCase();
    const id = await this.ds.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO cities (code, name, issuer, issuers, default_language, timezone) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [code, c.name, c.issuers[c.defaultLanguage], JSON.stringify(c.issuers), c.defaultLanguage, c.timezone],
      );
      if (!rows.length) throw conflict(`code: a city ${code} already exists`);
      await this.audit.record(m, {
        cityId: rows[0].id, actorId: actor.id, action: 'city.created', entity: 'city', entityId: rows[0].id,
        after: { code, name: c.name, issuers: c.issuers, defaultLanguage: c.defaultLanguage, timezone: c.timezone },
      });
      return rows[0].id as string;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor): Promise<CityView[]> {
    requirePlatform(actor);
    const rows = await this.ds.query(`${CITY_SELECT} WHERE NOT c.coalition ORDER BY c.code`);
    return rows.map(toView);
  }

  async get(actor: Actor, id: string): Promise<CityView> {
    requirePlatform(actor);
    const [row] = await this.ds.query(`${CITY_SELECT} WHERE c.id = $1 AND NOT c.coalition`, [id]);
    if (!row) throw notFound('city', id);
    return toView(row);
  }

  /** The id of a member city (never the coalition's row), or 404. */
  async requireCity(q: Queryable, id: string, lock = false): Promise<string> {
    const [row] = await q.query(`SELECT id FROM cities WHERE id = $1 AND NOT coalition ${lock ? 'FOR UPDATE' : ''}`, [id]);
    if (!row) throw notFound('city', id);
    return row.id;
  }

  async administrators(actor: Actor, cityId: string): Promise<AdministratorView[]> {
    requirePlatform(actor);
    await this.requireCity(this.ds, cityId);
    const rows = await this.ds.query(
      `SELECT id, email, name, password_hash IS NULL AS invited, created_at FROM users
        WHERE city_id = $1 AND role = 'admin' ORDER BY name, id`,
      [cityId],
    );
    return rows.map((r: any) => ({ id: r.id, email: r.email, name: r.name, invited: r.invited, createdAt: r.created_at.toISOString() }));
  }

  /**
   * Appoints an administrator of a city: a new account of that city with the role `admin`
   * and no password, invited by mail (the usual invitation: a link to set a password).
   */
  async appoint(actor: Actor, cityId: string, a: NewAdministrator): Promise<AdministratorView> {
    requirePlatform(actor);
    if (a.language !== undefined && !LANGUAGE_CODE.test(a.language)) throw invalid('language: must be a language code such as "en"');
    const email = a.email.toLowerCase();
    const id = await this.ds.transaction(async (m) => {
      await this.requireCity(m, cityId);
      const rows = await m.query(
        `INSERT INTO users (city_id, email, name, role, language) VALUES ($1, $2, $3, 'admin', $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [cityId, email, a.name, a.language ?? null],
      );
      if (!rows.length) throw conflict(`email: ${email} is already registered`);
      const id: string = rows[0].id;
      await this.audit.record(m, {
        cityId, actorId: actor.id, action: 'administrator.appointed', entity: 'user', entityId: id, after: { email, role: 'admin' },
      });
      await this.jobs.enqueue({ name: JobName.SendInvitations, data: { userIds: [id], batch: id } }, { manager: m });
      return id;
    });
    return (await this.administrators(actor, cityId)).find((x) => x.id === id)!;
  }

  /**
   * Removes an administrator of a city: the account stays (its records name it) as a learner
   * of the city, without administrator rights.
   */
  async remove(actor: Actor, cityId: string, userId: string): Promise<void> {
    requirePlatform(actor);
    await this.ds.transaction(async (m) => {
      await this.requireCity(m, cityId);
      const rows = await m.query(
        `WITH removed AS (
           UPDATE users SET role = 'learner', updated_at = now() WHERE id = $1 AND city_id = $2 AND role = 'admin' RETURNING id, email)
         SELECT * FROM removed`,
        [userId, cityId],
      );
      if (!rows.length) throw notFound('administrator', userId);
      // Their tokens end at once, as with any role change.
      await this.accounts.endTokens(m, userId);
      await this.audit.record(m, {
        cityId, actorId: actor.id, action: 'administrator.removed', entity: 'user', entityId: userId,
        before: { email: rows[0].email, role: 'admin' }, after: { role: 'learner' },
      });
    });
    await this.accounts.publish([userId]);
  }
}
