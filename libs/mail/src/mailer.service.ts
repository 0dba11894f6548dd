import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /**
   * The message's identity, the same each time this mail is sent again: the Message-ID
   * header (`<id@academy.local>`), and the outbox file's name, which a second send replaces.
   */
  id: string;
}

/**
 * Sends mail through SMTP when SMTP_URL is set; otherwise writes each message as an .eml
 * file under DATA_DIR/outbox, where a developer (or a test) can read it. The messages hold
 * live invitation links, so the folder is the academy's user's alone (0700) and so is each
 * file (0600), whatever the umask.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly log = new Logger(MailerService.name);
  private readonly transport: Transporter;
  private readonly outbox: string | null;

  constructor(@Inject(ACADEMY_CONFIG) config: AcademyConfig) {
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport(config.smtpUrl);
      this.outbox = null;
    } else {
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.outbox = path.join(config.dataDir, 'outbox');
    }
  }

  async send(mail: Mail): Promise<void> {
    const { id, ...message } = mail;
    const info = await this.transport.sendMail({
      from: 'Digital Rights Academy <no-reply@academy.local>', ...message, messageId: `<${id}@academy.local>`,
    });
    if (this.outbox) {
      await mkdir(this.outbox, { recursive: true, mode: 0o700 });
      await chmod(this.outbox, 0o700); // also a folder made earlier, or with a wider umask
      const safe = (text: string) => text.replace(/[^a-z0-9@._-]/gi, '_');
      // Written under a temporary name, then renamed: a reader never sees half a message.
      const file = path.join(this.outbox, `${safe(id)}-${safe(mail.to)}.eml`);
      const tmp = path.join(this.outbox, `.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(tmp, (info as any).message as Buffer, { mode: 0o600, flag: 'wx' });
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    }
    this.log.debug(`mail to ${mail.to}: ${mail.subject}`);
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
