import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import type { LearnerAudience } from '@academy/catalogue';
import {
  type Actor, conflict, DomainError, invalid, offsetOf, type Page, type PageRequest, preparedQuery, type Role,
} from '@academy/common';
import { JobGateway, JobName } from '@academy/queue';
import { passwordProblem } from './password-policy.js';
import { hashPassword, hashToken, prepareDummyHash, verifyPassword } from './passwords.js';

/** The password policy inside the services too, for callers that bypass the api's DTOs. */
export function assertPassword(field: string, password: string | undefined): void {
  if (password === undefined) return;
  const problem = passwordProblem(password);
  if (problem) throw invalid(`${field}: ${problem}`);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string;
  department?: string;
  language?: string;
  audience?: LearnerAudience;
  school?: string;
  deisSchool?: boolean;
  /** Stored only when `demographicsConsent` is true. */
  gender?: string;
  demographicsConsent?: boolean;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** False once an administrator deactivated the account: no login, no token accepted. */
  active: boolean;
  audience: LearnerAudience;
  department: string | null;
  language: string | null;
  invited: boolean;
  createdAt: string;
}

export interface AuthenticatedUser {
  id: string;
  cityId: string;
  role: Role;
  /** Signed into the token; see AccountStateService. */
  tokenVersion: number;
}

const USER_SELECT = `
  SELECT u.id, u.email, u.name, u.role, u.active, u.audience, d.name AS department, u.language, u.created_at,
         (u.password_hash IS NULL) AS invited
    FROM users u LEFT JOIN departments d ON d.id = u.department_id`;

const toView = (r: any): UserView => ({
  id: r.id, email: r.email, name: r.name, role: r.role, active: r.active, audience: r.audience, department: r.department, language: r.language,
  invited: r.invited, createdAt: r.created_at.toISOString(),
});

@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobGateway,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await prepareDummyHash();
  }

  /** Creates a person in the admin's city; without a password they get an invitation by mail. */
  async create(actor: Actor, u: NewUser): Promise<UserView> {
    // The coalition's academy team is seeded, never created by a city.
    if (u.role === 'platform') throw invalid('role: must be learner, trainer or admin');
    const email = u.email.toLowerCase();
    assertPassword('password', u.password);
    const passwordHash = u.password ? await hashPassword(u.password) : null;
    const id = await this.ds.transaction(async (m) => {
      let departmentId: string | null = null;
      if (u.department) {
        const [d] = await m.query(
          `INSERT INTO departments (city_id, name) VALUES ($1, $2)
           ON CONFLICT (city_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [actor.cityId, u.department],
        );
        departmentId = d.id;
      }
      if (u.gender && !u.demographicsConsent) {
        throw invalid('gender: can only be recorded with demographicsConsent: true');
      }
      const rows = await m.query(
        `INSERT INTO users (city_id, department_id, email, name, role, language, password_hash, audience, school,
                            deis_school, gender, demographics_consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 THEN now() END)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [actor.cityId, departmentId, email, u.name, u.role, u.language ?? null, passwordHash, u.audience ?? 'staff',
          u.school ?? null, u.deisSchool ?? null, u.demographicsConsent ? (u.gender ?? null) : null,
          u.demographicsConsent ?? false],
      );
      if (!rows.length) throw conflict(`email: ${email} is already registered`);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'user.created', entity: 'user', entityId: rows[0].id,
        after: { email, role: u.role },
      });
      const id: string = rows[0].id;
      if (!passwordHash) await this.jobs.enqueue({ name: JobName.SendInvitations, data: { userIds: [id], batch: id } }, { manager: m });
      return id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const [row] = await preparedQuery(this.ds, `${USER_SELECT} WHERE u.id = $1 AND u.city_id = $2`, [id, actor.cityId]);
    if (!row) throw new DomainError('not-found', `user ${id} was not found`);
    return toView(row);
  }

  async list(actor: Actor, page: PageRequest, role?: Role): Promise<Page<UserView>> {
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM users WHERE city_id = $1 AND ($2::user_role IS NULL OR role = $2)`,
      [actor.cityId, role ?? null],
    );
    const rows = await this.ds.query(
      `${USER_SELECT} WHERE u.city_id = $1 AND ($2::user_role IS NULL OR u.role = $2)
       ORDER BY u.name, u.id LIMIT $3 OFFSET $4`,
      [actor.cityId, role ?? null, page.perPage, offsetOf(page)],
    );
    return { items: rows.map(toView), total, ...page };
  }

  /** Checks a login; the same error for an unknown e-mail and a wrong password. */
  async authenticate(email: string, password: string): Promise<AuthenticatedUser> {
    const [row] = await this.ds.query(
      `SELECT id, city_id, role, password_hash, active, token_version FROM users WHERE email = $1`,
      [email.toLowerCase()],
    );
    // A deactivated account answers exactly like a wrong password (after the same hashing work).
    if (!(await verifyPassword(row?.password_hash, password)) || !row.active) {
      throw new DomainError('unauthenticated', 'e-mail or password is not correct');
    }
    return { id: row.id, cityId: row.city_id, role: row.role, tokenVersion: row.token_version };
  }

  /** Sets the password of an invited person and consumes the invitation. */
  async acceptInvitation(token: string, password: string): Promise<AuthenticatedUser> {
    assertPassword('password', password);
    const passwordHash = await hashPassword(password);
    // Wrapped in a CTE so the driver returns the rows of an UPDATE … RETURNING.
    const [row] = await this.ds.query(
      `WITH accepted AS (
         UPDATE users SET password_hash = $2, invitation_token_hash = NULL, invitation_expires_at = NULL,
                updated_at = now()
          WHERE invitation_token_hash = $1 AND invitation_expires_at > now() AND active
          RETURNING id, city_id, role, token_version)
       SELECT * FROM accepted`,
      [hashToken(token), passwordHash],
    );
    if (!row) throw invalid('token: the invitation is unknown, used or expired');
    return { id: row.id, cityId: row.city_id, role: row.role, tokenVersion: row.token_version };
  }
}
