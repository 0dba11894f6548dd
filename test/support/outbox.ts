import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The outbox's .eml files for one recipient, oldest name first; decoded from quoted-printable enough to read links. */
export function mailsTo(dataDir: string, email: string): string[] {
  const outbox = path.join(dataDir, 'outbox');
  let files: string[];
  try {
    files = readdirSync(outbox).filter((f) => f.endsWith(`-${email.replace(/[^a-z0-9@._-]/gi, '_')}.eml`));
  } catch {
    return [];
  }
  return files.sort().map((f) => readFileSync(path.join(outbox, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='));
}

/** Something that answers SQL: the test academy's DataSource. */
interface Sql {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

/**
 * Waits (polling, no fixed sleep) until `count` mails to this recipient match `pattern`, and
 * until the transaction that sent each one has committed: a mail is written while its
 * sender's transaction (which claims the message in `mail_messages` and stores the link's
 * token) is still open, so its link works only once that claim is visible. Answers the mails.
 */
export async function waitForMails(db: Sql, dataDir: string, email: string, pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsTo(dataDir, email).filter((m) => pattern.test(m));
    if (found.length >= count) {
      const ids = found.map((m) => /^Message-ID:\s*<([^>]+)@academy\.local>/im.exec(m)?.[1]);
      if (ids.some((id) => !id)) throw new Error(`a mail to ${email} has no academy Message-ID`);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM mail_messages WHERE message_id = ANY($1)`, [ids]);
      if (n === new Set(ids).size) return found;
    }
    if (Date.now() > deadline) throw new Error(`no ${count} committed mail(s) to ${email} matching ${pattern} after ${timeoutMs} ms (found ${found.length})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const tokenIn = (mail: string, page: 'invitation' | 'password-reset'): string =>
  new RegExp(`/${page}#token=([A-Za-z0-9_-]+)`).exec(mail)![1]!;
