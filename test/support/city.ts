/** For tests that need another city or their own people: an administrator of a seeded city, a person created through the api, and binary answers. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '@academy/identity';
import { bearer, type TestAcademy } from './academy.js';

/** A supertest parser that keeps a binary answer (a PDF) as a Buffer. */
export const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** An administrator of the seeded city `code` (no route creates one yet), logged in. */
export async function cityAdmin(academy: TestAcademy, code: string, email: string): Promise<string> {
  const [city] = await academy.db.query(`SELECT id FROM cities WHERE code = $1`, [code]);
  await academy.db.query(
    `INSERT INTO users (city_id, email, name, role, password_hash) VALUES ($1, $2, $3, 'admin', $4) ON CONFLICT (email) DO NOTHING`,
    [city.id, email, `${code} coordinator`, await hashPassword('a-coordinator-password')],
  );
  return academy.login(email, 'a-coordinator-password');
}

/** Creates a person of the caller's city through the api, with a password so they can log in. */
export async function person(
  academy: TestAcademy,
  token: string,
  fields: { email: string; name?: string; role?: string } & Record<string, unknown>,
): Promise<{ id: string; email: string }> {
  const res = await academy.http
    .post('/api/users')
    .set(bearer(token))
    .send({ name: fields.email.split('@')[0], role: 'learner', password: 'a-long-password', ...fields });
  if (res.status !== 201) throw new Error(`create ${fields.email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The token of the invitation link `${PUBLIC_BASE_URL}/invitation#token=…` in a mail file (quoted-printable undone). */
export function invitationToken(mail: string): string {
  const text = mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const found = /\/invitation#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!found) throw new Error(`no invitation link in the mail:\n${text}`);
  return found[1];
}

/** Waits for the mail the worker delivers to DATA_DIR/outbox for a recipient, and reads it. */
export async function mailTo(academy: TestAcademy, recipient: string, timeoutMs = 10_000): Promise<string> {
  const outbox = path.join(academy.config.dataDir, 'outbox');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = (() => { try { return readdirSync(outbox); } catch { return []; } })();
    const file = files.find((f) => f.includes(recipient));
    if (file) return readFileSync(path.join(outbox, file), 'utf8');
    if (Date.now() > deadline) throw new Error(`no mail to ${recipient} in ${outbox}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
