import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AcademyConfig } from '@academy/config';
import { DomainError, type Role } from '@academy/common';
import { AccountStateService, type TokenClaims, UsersService } from '@academy/identity';
import { JobGateway, QueueName } from '@academy/queue';
import { RateLimiters } from '@academy/redis';
import { loginCounts, throttle } from '../security/throttling.js';
import { OPERATOR_ROLES } from './operator-roles.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'academy_queues';

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, for OPERATOR_ROLES only. Read-only:
 * it shows every queue, job, payload, progress, log and failure reason; failed evaluations
 * are run again through `POST /api/programmes/:id/close-status/retry`, which is audited.
 *
 * A script sends its bearer token. A browser signs in at /admin/queues/login with e-mail and
 * password, and gets the token in an httpOnly, SameSite=Strict cookie scoped to this path
 * (the dashboard's own requests then carry it; other sites' requests do not).
 */
export function mountQueueDashboard(app: INestApplication, config: AcademyConfig): void {
  const gateway = app.get(JobGateway);
  const jwt = app.get(JwtService);
  const users = app.get(UsersService);
  const accounts = app.get(AccountStateService);

  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(gateway.queue(name), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Academy queues' } },
  });

  const roleOf = async (token: string | undefined): Promise<Role | 'invalid' | undefined> => {
    if (!token) return undefined;
    try {
      // The same account check as the api's guard: a signed-out, changed or deactivated account is refused.
      return (await accounts.actorFor((await jwt.verifyAsync(token)) as TokenClaims)).role;
    } catch {
      return 'invalid';
    }
  };

  const login = express.Router();
  login.use(express.urlencoded({ extended: false, limit: '4kb' }));
  login.get('/', (_req, res) => void res.type('html').send(loginPage()));
  // The same limits as POST /api/auth/login, counted together with it.
  const limitLogins = throttle(loginCounts(app.get(RateLimiters), config), 'too many failed logins: wait before trying again');
  login.post('/', limitLogins, async (req: Request, res: Response) => {
    const email = String(req.body?.email ?? '');
    const password = String(req.body?.password ?? '');
    try {
      const user = await users.authenticate(email, password);
      if (!OPERATOR_ROLES.includes(user.role)) {
        res.status(403).type('html').send(loginPage(`This dashboard is for ${OPERATOR_ROLES.join(' or ')} users.`));
        return;
      }
      const claims: TokenClaims = { sub: user.id, city: user.cityId, role: user.role, ver: user.tokenVersion };
      const token = await jwt.signAsync(claims);
      res.cookie(COOKIE, token, {
        httpOnly: true, sameSite: 'strict', secure: req.secure, path: QUEUE_DASHBOARD_PATH,
        maxAge: config.tokenTtlSeconds * 1000,
      });
      res.redirect(303, QUEUE_DASHBOARD_PATH);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.status(401).type('html').send(loginPage('E-mail or password is not correct.'));
    }
  });

  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const role = await roleOf(bearer ?? cookieValue(req.headers.cookie, COOKIE));
    if (role && role !== 'invalid' && OPERATOR_ROLES.includes(role)) return next();
    const status = role && role !== 'invalid' ? 403 : 401;
    // A browser without credentials is shown the sign-in form; everything else gets the error.
    if (role === undefined && req.method === 'GET' && req.accepts(['html', 'json']) === 'html') {
      res.redirect(303, `${QUEUE_DASHBOARD_PATH}/login`);
      return;
    }
    res.status(status).json({
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Forbidden',
      message:
        status === 401
          ? 'authorization: sign in at /admin/queues/login or send a bearer token'
          : `the queue dashboard is for ${OPERATOR_ROLES.join(' or ')} users`,
    });
  };

  app.use(`${QUEUE_DASHBOARD_PATH}/login`, login);
  app.use(QUEUE_DASHBOARD_PATH, guard, board.getRouter());
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function loginPage(error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Academy queues</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.5rem;padding:.5rem 1.5rem;font:inherit}.error{border-left:4px solid #b00;padding:.5rem 1rem;color:#b00}</style>
</head><body><main>
<h1>Academy queues</h1>
${error ? `<p class="error" role="alert">${error}</p>` : '<p>Sign in with the account of a platform operator.</p>'}
<form method="post" action="${QUEUE_DASHBOARD_PATH}/login">
<label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}
