import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail through SMTP when SMTP_URL is set; otherwise writes each message as an .eml
 * file under DATA_DIR/outbox, where a developer (or a test) can read it.
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
    const info = await this.transport.sendMail({ from: 'Digital Rights Academy <no-reply@academy.local>', ...mail });
    if (this.outbox) {
      await mkdir(this.outbox, { recursive: true });
      const safe = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
      await writeFile(path.join(this.outbox, `${Date.now()}-${safe}.eml`), (info as any).message as Buffer);
    }
    this.log.debug(`mail to ${mail.to}: ${mail.subject}`);
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
