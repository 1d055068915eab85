import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Which proxies' X-Forwarded-* headers to believe: none (the default), a hop count, or the proxies'
 * own addresses and CIDR ranges, comma-separated. Never "trust everyone".
 */
export type TrustProxy = false | number | string[];

const trustProxyFromEnv = z
  .string()
  .optional()
  .transform((v, ctx): TrustProxy => {
    const text = (v ?? '').trim();
    if (!text) return false;
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count must be 0 to 10' });
      return hops === 0 ? false : hops;
    }
    const entries = text
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address, bits, extra] = entry.split('/');
      const family = net.isIP(address ?? '');
      const max = family === 6 ? 128 : 32;
      const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max);
      if (!family || badBits || extra !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not an IP address or CIDR range (give addresses and ranges, comma-separated, or a hop count)`,
        });
      }
    }
    return entries;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_APP_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: booleanFromEnv.default(true),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  AUDIT_HEAD_FILE: z.string().optional(),
  AUDIT_SEAL_SECONDS: z.coerce.number().int().min(1).default(60),
  WORKER: booleanFromEnv.default(true),
  TRUST_PROXY: trustProxyFromEnv,
  EVIDENCE_DIR: z.string().optional(),
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Recolo <no-reply@recolo.invalid>'),
  MAIL_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  RECOLO_PSEUDONYM_KEY: z.string().min(32, 'give at least 32 characters').optional(),
});

/**
 * The key of the research extract's pseudonyms and date shifts when RECOLO_PSEUDONYM_KEY is unset:
 * for the demonstration only (it is public, so pseudonyms made with it can be linked back by
 * anyone who holds the database). Set RECOLO_PSEUDONYM_KEY from the programme's secret store.
 */
export const DEMO_PSEUDONYM_KEY = 'recolo-demo-pseudonym-key-not-for-real-extracts';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databaseAppUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  auditHeadFile: string;
  auditSealSeconds: number;
  worker: boolean;
  /** where uploaded evidence files are kept (part of the backup, with the database) */
  evidenceDir: string;
  /** the largest evidence file accepted */
  evidenceMaxBytes: number;
  /** whose X-Forwarded-For and X-Forwarded-Proto to believe (default: nobody's) */
  trustProxy: TrustProxy;
  /** the SMTP server e-mail goes through (smtp://user:pass@host:587, smtps://…); unset: .eml files in outboxDir */
  smtpUrl: string | undefined;
  /** the From of every e-mail */
  mailFrom: string;
  /** where e-mails are written as .eml files when there is no SMTP server (DATA_DIR/outbox) */
  outboxDir: string;
  /** seconds between runs of the e-mail delivery job */
  mailPollSeconds: number;
  /** the programme's key for research extracts' pseudonyms (HMAC); never given to an evaluator */
  pseudonymKey: string;
  /** true when no key was configured and the demo's public key is in use */
  pseudonymKeyIsDemo: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL ?? e.DATABASE_URL,
    dataDir,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    auditHeadFile: e.AUDIT_HEAD_FILE ?? path.join(dataDir, 'audit-heads.log'),
    auditSealSeconds: e.AUDIT_SEAL_SECONDS,
    worker: e.WORKER,
    evidenceDir: path.resolve(e.EVIDENCE_DIR ?? path.join(dataDir, 'evidence')),
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxDir: path.join(dataDir, 'outbox'),
    mailPollSeconds: e.MAIL_POLL_SECONDS,
    pseudonymKey: e.RECOLO_PSEUDONYM_KEY ?? DEMO_PSEUDONYM_KEY,
    pseudonymKeyIsDemo: e.RECOLO_PSEUDONYM_KEY === undefined,
    ...overrides,
  };
}
