// The benchmarks' shared client: a database to run on (a throwaway one, an existing one, or the
// embedded PGlite), Recolo started on it, demo users signed in, keep-alive HTTP and latency
// recording. Nothing here is used by the application.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Role } from '../src/platform/auth/users.js';
import { SESSION_COOKIE } from '../src/platform/auth/plugin.js';
import { hashToken, newToken } from '../src/platform/auth/sessions.js';
import { loadConfig } from '../src/platform/config.js';
import { demoEmail } from '../src/demo/seed.js';
import { startRecolo, type RecoloServer } from '../src/app/server.js';

export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function databaseUrl(admin: string, database: string, user?: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export type BenchDatabase = {
  /** 'postgres' or 'embedded' */
  kind: 'postgres' | 'embedded';
  /** owner connection string (PostgreSQL only) */
  ownerUrl: string | null;
  env: NodeJS.ProcessEnv;
  /** drops the database when this run created it */
  drop(): Promise<void>;
};

/**
 * The database a benchmark runs on:
 * - BENCH_DATABASE_URL (a superuser connection) and BENCH_DATABASE_NAME: an existing database,
 *   e.g. one `bench/national.ts` filled; kept at the end.
 * - BENCH_DATABASE_URL alone: a throwaway database bench_<random>, dropped at the end.
 * - neither: the embedded PGlite, in memory.
 * Requests are served through the unprivileged recolo_login role, as in production.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return { kind: 'embedded', ownerUrl: null, env: {}, drop: async () => {} };
  const existing = process.env.BENCH_DATABASE_NAME;
  const name = existing ?? `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  if (!existing) {
    await adminQuery(admin, `create database ${name}`);
    say(`Created database ${name}`);
  } else say(`Using database ${name}`);
  return {
    kind: 'postgres',
    ownerUrl: databaseUrl(admin, name),
    env: {
      DATABASE_URL: databaseUrl(admin, name),
      DATABASE_APP_URL: databaseUrl(admin, name, 'recolo_login'),
    },
    async drop() {
      if (existing) return;
      await adminQuery(admin, `drop database if exists ${name} with (force)`);
      say(`Dropped database ${name}`);
    },
  };
}

export type BenchServer = {
  server: RecoloServer;
  base: URL;
  stop(): Promise<void>;
};

/** Recolo on the bench database, seeded with the demo when the database is empty. */
export async function startBenchServer(database: BenchDatabase): Promise<BenchServer> {
  // BENCH_DATA_DIR: a lasting data directory (its keys), for a database used by several runs
  const lasting = process.env.BENCH_DATA_DIR;
  if (lasting) await fs.mkdir(lasting, { recursive: true, mode: 0o700 });
  const dir = lasting ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'rcl-bench-')));
  const config = loadConfig(
    { LOG_LEVEL: 'warn', ...database.env },
    {
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      worker: false,
      cookieSecure: false,
      auditHeadFile: path.join(dir, 'audit-heads.log'),
    },
  );
  const server = await startRecolo({
    config,
    demo: true,
    inMemory: database.kind === 'embedded',
    logger: pino({ level: 'warn' }),
  });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    base: new URL(`http://127.0.0.1:${port}`),
    async stop() {
      await server.stop();
      if (!lasting) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in session (both factors given) for a demo role, with optional session data. */
export async function signIn(server: RecoloServer, role: Role, data: object = {}): Promise<string> {
  const { db } = server;
  const user = await db.owner
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', demoEmail(role))
    .executeTakeFirstOrThrow();
  const token = newToken();
  await db.owner
    .insertInto('session')
    .values({
      id_hash: hashToken(token),
      user_id: user.id,
      csrf_token: newToken(),
      mfa_verified: true,
      data: JSON.stringify(data),
      last_seen_at: new Date(),
      expires_at: new Date(Date.now() + 12 * 3_600_000),
    })
    .execute();
  return `${SESSION_COOKIE}=${token}`;
}

/** Keep-alive HTTP GET: status, body and time. One agent per client count, so sockets are reused. */
export class HttpClient {
  readonly agent: http.Agent;
  constructor(
    readonly base: URL,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }
  get(pathAndQuery: string, cookie: string): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path: pathAndQuery,
          method: 'GET',
          agent: this.agent,
          headers: { cookie },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
  close(): void {
    this.agent.destroy();
  }
}

/** Latencies and outcomes of one measured thing, accumulated over interleaved slices. */
export class Recorder {
  readonly latencies: number[] = [];
  seconds = 0;
  errors = 0;
  bytes = 0;
  add(ms: number, ok: boolean, bytes = 0): void {
    this.latencies.push(ms);
    if (!ok) this.errors += 1;
    this.bytes += bytes;
  }
  get requests(): number {
    return this.latencies.length;
  }
  get perSecond(): number {
    return this.seconds > 0 ? this.requests / this.seconds : NaN;
  }
  percentile(p: number): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[index]!;
  }
}

/**
 * Runs `once` from `clients` concurrent loops for `seconds` (or until `maxRequests`), adding each
 * call's time to `recorder`. `once` returns whether the call succeeded and the bytes it received.
 */
export async function drive(
  recorder: Recorder,
  clients: number,
  seconds: number,
  maxRequests: number,
  once: (client: number) => Promise<{ ok: boolean; bytes: number }>,
): Promise<void> {
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async (client: number) => {
    while (performance.now() < deadline && issued < maxRequests) {
      issued += 1;
      const t0 = performance.now();
      try {
        const { ok, bytes } = await once(client);
        recorder.add(performance.now() - t0, ok, bytes);
      } catch {
        recorder.add(performance.now() - t0, false);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  recorder.seconds += (performance.now() - started) / 1000;
}

export const load = (): string =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');
