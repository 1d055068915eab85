// Benchmark: the pages that list or search across cases, over HTTP, at 1 and 8 clients:
//   GET /cases                      first page of the case list
//   GET /cases?page=N               a page by number
//   GET /cases?after=<cursor>       a page reached by following "Next" (when the list has cursors)
//   GET /people?q=Jesop             fuzzy person search (a typo of Jessop)
//   GET /referrals/new/check        the referral's duplicate check (a draft is in the session)
// for two demo users: the site coordinator (sees every case at the site) and the investigating
// officer (on the team of every 100th synthetic case). The demo stalking coordinator refers, and is
// on the team of, every synthetic case.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:lists
//       creates a throwaway database recolo_bench_<random> through that (superuser) connection,
//       serves requests through the unprivileged recolo_login role as production does, and drops
//       the database at the end. Without it: embedded PGlite in memory.
//
// Tuning: BENCH_CASES (10000), BENCH_SECONDS per scenario and client count (5), BENCH_CLIENTS
// ("1,8"), BENCH_MAX_REQUESTS per scenario and client count (500; a cap for slow pages),
// BENCH_USERS ("site_coordinator,investigating_officer"), BENCH_ONLY (scenario names, comma-separated).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Role } from '../src/platform/auth/users.js';
import { SESSION_COOKIE } from '../src/platform/auth/plugin.js';
import { hashToken, newToken } from '../src/platform/auth/sessions.js';
import { loadConfig } from '../src/platform/config.js';
import { DEMO_SITE, demoEmail } from '../src/demo/seed.js';
import { startRecolo, type RecoloServer } from '../src/app/server.js';
import { generateSyntheticCases } from './synthetic.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map(Number);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 500);
const USERS = (process.env.BENCH_USERS ?? 'site_coordinator,investigating_officer').split(',') as Role[];
const ONLY = process.env.BENCH_ONLY?.split(',');

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

async function throwawayDatabase(): Promise<Throwaway | null> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return null;
  const name = `recolo_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  say(`Created database ${name}`);
  return {
    env: {
      DATABASE_URL: databaseUrl(admin, name),
      DATABASE_APP_URL: databaseUrl(admin, name, 'recolo_login'),
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

type Row = {
  user: string;
  scenario: string;
  clients: number;
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
};

async function load(url: string, cookie: string, clients: number): Promise<Omit<Row, 'user' | 'scenario'>> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < deadline && issued < MAX_REQUESTS) {
      issued += 1;
      const t0 = performance.now();
      try {
        const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    requests: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
  };
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
    say(
      `Database: ${throwaway ? 'PostgreSQL (BENCH_DATABASE_URL), requests as recolo_login' : 'embedded PGlite'}`,
    );
    server = await startRecolo({ config, demo: true, inMemory: !throwaway, logger: pino({ level: 'warn' }) });
    const { db } = server;
    const site = await db.owner
      .selectFrom('site')
      .select('id')
      .where('code', '=', DEMO_SITE.code)
      .executeTakeFirstOrThrow();
    const userId = async (role: Role) =>
      (
        await db.owner
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', demoEmail(role))
          .executeTakeFirstOrThrow()
      ).id;
    const coordinator = await userId('stalking_coordinator');
    const officer = await userId('investigating_officer');

    const generated = await generateSyntheticCases(db, {
      siteId: site.id,
      count: CASES,
      teamUserIds: [coordinator],
      caseloads: [{ userId: officer, every: 100 }],
      onProgress: (done, total, rows) => {
        if (done === total || done % 20_000 === 0) say(`  generated ${done} of ${total} cases, ${rows} rows`);
      },
    });
    const counts = await db.owner
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    say(
      `Generated ${generated.ids.length} cases, ${generated.rows} rows in ${(generated.ms / 1000).toFixed(1)} s ` +
        `(${Math.round(generated.rows / (generated.ms / 1000))} rows/s, analyse included); ${counts.n} people in all`,
    );

    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://127.0.0.1:${port}`;
    const agency = await db.owner
      .selectFrom('agency')
      .select('id')
      .where('site_id', '=', site.id)
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    const draft = {
      person: {
        givenName: 'Aaron',
        familyName: 'Jesop',
        aliases: [],
        dateOfBirth: '1980-01-01',
        pncId: null,
        nhsNumber: null,
        probationRef: null,
      },
      details: {
        siteId: site.id,
        referringAgencyId: agency.id,
        referrerName: 'Bench Referrer',
        reason: 'Repeated unwanted contact.',
        offences: [{ code: 'pha_s2a', description: '' }],
        investigationStatus: 'charged',
      },
      victims: { victims: [{ givenName: 'Isla', familyName: 'Ridley', relationship: 'stranger' }] },
      consent: { consent: 'given', consentNotes: '', isAdult: true, livesInArea: true },
    };

    const rows: Row[] = [];
    for (const role of USERS) {
      const token = newToken();
      await db.owner
        .insertInto('session')
        .values({
          id_hash: hashToken(token),
          user_id: await userId(role),
          csrf_token: newToken(),
          mfa_verified: true,
          data: JSON.stringify({ referral: draft }),
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 6 * 3_600_000),
        })
        .execute();
      const cookie = `${SESSION_COOKIE}=${token}`;

      // follow "Next" a few pages down, to time a page reached by its cursor
      let deep: string | null = null;
      let next = `${base}/cases`;
      for (let i = 0; i < 10; i += 1) {
        const html = await (await fetch(next, { headers: { cookie }, redirect: 'manual' })).text();
        const match = /href="(\/cases\?[^"]*after=[^"]+)"/.exec(html.replace(/&amp;/g, '&'));
        if (!match) break;
        next = `${base}${match[1]}`;
        deep = next;
      }
      const page = Math.max(2, Math.min(50, Math.floor(CASES / 50 / 2)));
      const scenarios: [string, string | null][] = [
        ['/cases', `${base}/cases`],
        [`/cases?page=${page}`, `${base}/cases?page=${page}`],
        ['/cases?after=<page 11>', deep],
        ['/people?q=Jesop', `${base}/people?q=Jesop`],
        ['/referrals/new/check', `${base}/referrals/new/check`],
      ];
      for (const [name, url] of scenarios) {
        if (ONLY && !ONLY.some((o) => name.startsWith(o))) continue;
        if (!url) {
          say(`${role} ${name}: not available on this version`);
          continue;
        }
        const probe = await fetch(url, { headers: { cookie }, redirect: 'manual' });
        await probe.arrayBuffer();
        if (probe.status !== 200) say(`${role} ${name}: probe answered ${probe.status}`);
        for (const clients of CLIENTS) {
          const r = await load(url, cookie, clients);
          rows.push({ user: role, scenario: name, ...r });
          say(
            `${role} ${name} clients=${clients}: ${r.requests} req in ${r.seconds.toFixed(1)} s, ` +
              `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, errors ${r.errors}`,
          );
        }
      }
    }

    say('');
    say(`Scale: ${CASES} synthetic cases (+ demo), ${counts.n} people`);
    say('| user | page | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      say(
        `| ${r.user} | ${r.scenario} | ${r.clients} | ${r.requests} | ${(r.requests / r.seconds).toFixed(1)} | ` +
          `${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
      );
    }
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
