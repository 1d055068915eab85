import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { issueApiToken } from '../../src/platform/auth/api-tokens.js';
import { SESSION_COOKIE } from '../../src/platform/auth/plugin.js';
import { hashToken, newToken } from '../../src/platform/auth/sessions.js';
import type { Role } from '../../src/platform/auth/users.js';
import type { Config } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { withActor, type Tx } from '../../src/platform/db/request-tx.js';
import { MANIFESTS } from '../../src/app/modules.js';
import { buildApp } from '../../src/platform/http/app.js';
import { asUser, openTestDatabase, type Target } from './databases.js';
import { seedCase, seedSite, seedUser, type TestCase, type TestSite, type TestUser } from './fixtures.js';

export type SignedIn = {
  /** the Cookie header value: `recolo_session=<raw token>` */
  cookie: string;
  /** what every form post must carry as `_csrf` */
  csrfToken: string;
  token: string;
};

export type TestApp = {
  target: Target;
  app: FastifyInstance;
  db: Database;
  config: Config;
  inject: FastifyInstance['inject'];
  seedSite(options?: { code?: string; name?: string }): Promise<TestSite>;
  createUser(options: {
    role: Role;
    sites?: TestSite[];
    siteIds?: string[];
    agencyId?: string | null;
    email?: string;
    displayName?: string;
  }): Promise<TestUser>;
  seedCase(options: Parameters<typeof seedCase>[1]): Promise<TestCase>;
  /** a fully signed-in session (password and second factor), written straight into the table */
  signIn(userId: string, options?: { mfaVerified?: boolean }): Promise<SignedIn>;
  /** an API token for the user, issued as the application issues them */
  apiToken(userId: string): Promise<{ id: string; token: string; authorization: string }>;
  /** runs `work` exactly as a request by this user does: request role, user id set, under RLS */
  asUser<T>(userId: string | null, work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const SESSION_HOURS = 12;

/** Builds the Fastify application on a fresh database of the given kind; `close()` drops it all. */
export async function startTestApp(target: Target): Promise<TestApp> {
  const opened = await openTestDatabase(target);
  const { db, config } = opened;
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, db }, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), MANIFESTS);
    await app.ready();
  } catch (error) {
    await opened.cleanup();
    throw error;
  }

  return {
    target,
    app,
    db,
    config,
    inject: app.inject.bind(app) as FastifyInstance['inject'],
    seedSite: (options) => seedSite(db.owner, options),
    createUser: (options) => seedUser(db.owner, options),
    seedCase: (options) => seedCase(db.owner, options),
    async signIn(userId, options = {}) {
      const token = newToken();
      const csrfToken = newToken();
      await db.owner
        .insertInto('session')
        .values({
          id_hash: hashToken(token),
          user_id: userId,
          csrf_token: csrfToken,
          mfa_verified: options.mfaVerified ?? true,
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000),
        })
        .execute();
      return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken, token };
    },
    async apiToken(userId) {
      const issued = await withActor(db.app, { userId, requestId: 'test' }, (tx) =>
        issueApiToken(tx, userId, 'test'),
      );
      return { ...issued, authorization: `Bearer ${issued.token}` };
    },
    asUser: (userId, work) => asUser(db, userId, work),
    async close() {
      await app.close().catch(() => undefined);
      await opened.cleanup();
    },
  };
}
