/** For tests that need another city or their own people: an administrator of a seeded city, a person created through the api, invitation mails, and binary answers. */
import { bearer, PLATFORM, type TestAcademy } from './academy.js';
import { waitForMails } from './outbox.js';

/** A supertest parser that keeps a binary answer (a PDF) as a Buffer. */
export const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Another administrator of the seeded city `code`, appointed by the platform role through the
 * api, who accepts the mailed invitation; answers their token.
 */
export async function cityAdmin(academy: TestAcademy, code: string, email: string): Promise<string> {
  const platform = await academy.login(PLATFORM.email, PLATFORM.password);
  const cities = await academy.http.get('/api/cities').set(bearer(platform));
  const city = cities.body.find((c: { code: string }) => c.code === code);
  if (!city) throw new Error(`no city ${code}: ${cities.status} ${JSON.stringify(cities.body)}`);
  const res = await academy.http.post(`/api/cities/${city.id}/administrators`).set(bearer(platform)).send({ email, name: `${code} coordinator` });
  if (res.status !== 201) throw new Error(`appoint ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const token = invitationToken(await mailTo(academy, email));
  const accepted = await academy.http.post('/api/auth/accept-invitation').send({ token, password: 'a-coordinator-password' });
  if (accepted.status !== 200) throw new Error(`accept ${email}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body.accessToken;
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

/** Waits for the mail the worker delivers to DATA_DIR/outbox for a recipient, once its sender has committed, and reads it. */
export async function mailTo(academy: TestAcademy, recipient: string, timeoutMs = 10_000): Promise<string> {
  const [mail] = await waitForMails(academy.db, academy.config.dataDir, recipient, /./, 1, timeoutMs);
  return mail!;
}
