import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

/** One e-mail as it leaves: plain text, to one address, with a Message-ID fixed by its sender. */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  /** `<key@domain>`: the same for every attempt at one message, so a mail system can drop a repeat */
  messageId: string;
};

/** How e-mail leaves Recolo: an SMTP server, or .eml files in a folder. */
export type MailTransport = {
  /** 'smtp' or 'files' (for logs: never the URL, which may hold a password) */
  readonly kind: 'smtp' | 'files';
  /** Sends one message; throws when the server refuses it or cannot be reached. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
};

/** The file an e-mail is written to: its Message-ID made safe, so a repeat overwrites, never adds. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

/**
 * The transport the configuration asks for: SMTP_URL through nodemailer (it negotiates STARTTLS
 * when the server offers it), or, with none, each message written as an .eml file under
 * DATA_DIR/outbox (written whole to a temporary name, then renamed), so the demo works offline.
 */
export function mailTransportFor(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'outboxDir'>): MailTransport {
  const from = config.mailFrom;
  if (config.smtpUrl) {
    const smtp = nodemailer.createTransport(config.smtpUrl);
    return {
      kind: 'smtp',
      async send(mail) {
        await smtp.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
      },
      close: () => smtp.close(),
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = config.outboxDir;
  return {
    kind: 'files',
    async send(mail) {
      const info = await builder.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const target = path.join(dir, emlFileName(mail.messageId));
      const temporary = `${target}.${process.pid}.tmp`;
      await fs.writeFile(temporary, info.message as Buffer, { mode: 0o600 });
      await fs.rename(temporary, target);
    },
    close: () => builder.close(),
  };
}
