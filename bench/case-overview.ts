// Benchmark: the case overview page (GET /cases/:id) under concurrent load, signed in as the demo
// stalking coordinator, over 1,000 synthetic cases plus the demo ones.
//
//   npm run bench                                  embedded PGlite, in memory
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//       PostgreSQL: creates a throwaway database recolo_bench_<random> through that (superuser)
//       connection, serves requests through the unprivileged recolo_login role as production
//       does, and drops the database at the end.
//
// Tuning: BENCH_SECONDS (15), BENCH_CONCURRENCY (10), BENCH_CASES (1000).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { SESSION_COOKIE } from '../src/platform/auth/plugin.js';
import { hashToken, newToken } from '../src/platform/auth/sessions.js';
import { loadConfig } from '../src/platform/config.js';
import { DEMO_SITE, demoEmail } from '../src/demo/seed.js';
import { startRecolo, type RecoloServer } from '../src/app/server.js';
import { generateSyntheticCases } from './synthetic.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CASES = Number(process.env.BENCH_CASES ?? 1000);

const say = (line: string) => process.stdout.write(`${line}\n`);

function databaseUrl(admin: string, database: string, user?: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

type Throwaway = { env: NodeJS.ProcessEnv; drop(): Promise<void> };

/** A fresh database on the server at BENCH_DATABASE_URL, or null for the embedded PGlite. */
async function throwawayDatabase(): Promise<Throwaway | null> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return null;
  const name = `recolo_bench_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  say(`Created database ${name}`);
  return {
    env: {
      DATABASE_URL: databaseUrl(admin, name),
      DATABASE_APP_URL: process.env.BENCH_DATABASE_APP_URL
        ? databaseUrl(process.env.BENCH_DATABASE_APP_URL, name)
        : databaseUrl(admin, name, 'recolo_login'),
    },
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      say(`Dropped database ${name}`);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rcl-bench-'));
  const throwaway = await throwawayDatabase();
  let server: RecoloServer | undefined;
  try {
    const config = loadConfig(
      { LOG_LEVEL: 'warn', ...(throwaway?.env ?? {}) },
      {
        dataDir: dir,
        host: '127.0.0.1',
        port: 0,
        worker: false,
        cookieSecure: false,
        auditHeadFile: path.join(dir, 'audit-heads.log'),
      },
    );
    say(`Database: ${throwaway ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite, in memory'}`);
    server = await startRecolo({ config, demo: true, inMemory: !throwaway, logger: pino({ level: 'warn' }) });
    say(`Recolo started in ${server.startupMs} ms at ${server.url}`);
    const { db } = server;

    const site = await db.owner
      .selectFrom('site')
      .select('id')
      .where('code', '=', DEMO_SITE.code)
      .executeTakeFirstOrThrow();
    const coordinator = await db.owner
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', demoEmail('stalking_coordinator'))
      .executeTakeFirstOrThrow();

    const generated = performance.now();
    const { ids: caseIds } = await generateSyntheticCases(db, {
      siteId: site.id,
      count: CASES,
      teamUserIds: [coordinator.id],
    });
    say(`Generated ${caseIds.length} synthetic cases in ${Math.round(performance.now() - generated)} ms`);

    // signed in with both factors, as the sign-in pages would leave it
    const token = newToken();
    await db.owner
      .insertInto('session')
      .values({
        id_hash: hashToken(token),
        user_id: coordinator.id,
        csrf_token: newToken(),
        mfa_verified: true,
        last_seen_at: new Date(),
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
    const cookie = `${SESSION_COOKIE}=${token}`;
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://127.0.0.1:${port}`;

    const probe = await fetch(`${base}/cases/${caseIds[0]}`, { headers: { cookie }, redirect: 'manual' });
    await probe.arrayBuffer();
    say(
      `Probe: GET /cases/<id> answered ${probe.status}${probe.status === 404 ? ' (is the case overview route there yet?)' : ''}`,
    );

    say(`Running: ${CONCURRENCY} concurrent clients for ${SECONDS} s over random case ids...`);
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let errors = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const client = async () => {
      while (performance.now() < deadline) {
        const id = caseIds[Math.floor(Math.random() * caseIds.length)]!;
        const t0 = performance.now();
        let status: string;
        try {
          const res = await fetch(`${base}/cases/${id}`, { headers: { cookie }, redirect: 'manual' });
          await res.arrayBuffer();
          status = String(res.status);
          if (res.status >= 300) errors += 1;
        } catch (error) {
          status = `network error (${(error as Error).message})`;
          errors += 1;
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    const elapsed = (performance.now() - started) / 1000;

    latencies.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    say('');
    say('GET /cases/:id (case overview)');
    say(`  requests      ${latencies.length} in ${elapsed.toFixed(1)} s`);
    say(`  throughput    ${(latencies.length / elapsed).toFixed(1)} requests/second`);
    say(`  latency p50   ${ms(percentile(latencies, 50))}`);
    say(`  latency p95   ${ms(percentile(latencies, 95))}`);
    say(`  latency p99   ${ms(percentile(latencies, 99))}`);
    say(`  latency max   ${ms(latencies[latencies.length - 1] ?? NaN)}`);
    say(`  errors        ${errors} (any status other than 2xx, or no answer)`);
    say(`  statuses      ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  } finally {
    await server?.stop();
    await throwaway
      ?.drop()
      .catch((error: unknown) => say(`Could not drop the bench database: ${(error as Error).message}`));
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
