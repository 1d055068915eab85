// The benchmark: each hot page against its own raw SQL floor, interleaved, at 1, 8 and 32 clients.
//
//   npm run bench
//       embedded PGlite in memory, 10,000 synthetic cases
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//       PostgreSQL: a throwaway database bench_<random> (dropped at the end), 10,000 cases written
//       with COPY (bench/national.ts), requests through the unprivileged recolo_login role
//   BENCH_DATABASE_URL=… BENCH_DATABASE_NAME=bench_national npm run bench
//       an existing database that `npm run bench:national` filled (kept at the end)
//
// For each page the harness signs in a demo user, requests the page once while recording every
// SQL statement the application sends, and keeps the reads: not the transaction, role and setting
// statements, not the session lookup, not the access checks and not the audit writes. That list,
// run statement by statement through `pg` as the owner (row-level security does not apply to it),
// is the page's floor: the same reads with no access control, no audit, no HTTP and no template.
// Pages and floors then take turns in short slices (BENCH_SECONDS each, BENCH_ROUNDS rounds), so
// both see the same machine load; the table gives requests per second, the page's share of its
// floor, latency percentiles and the bytes of each page.
//
// Tuning: BENCH_CASES (10000), BENCH_CLIENTS ("1,8,32"), BENCH_SECONDS (1.5), BENCH_ROUNDS (2),
// BENCH_MAX_REQUESTS per slice (3000), BENCH_ONLY (page names, comma-separated), BENCH_OUT
// (markdown file; default bench/results/bench-<time>.md).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DEMO_SITE, demoEmail } from '../src/demo/seed.js';
import {
  benchDatabase,
  drive,
  HttpClient,
  load,
  Recorder,
  say,
  signIn,
  startBenchServer,
  type BenchServer,
} from './client.js';
import { generateSyntheticCases } from './synthetic.js';
import { preparePoolStatements } from '../src/platform/db/prepared.js';
import { generateNational } from './national.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 3000);
const ONLY = process.env.BENCH_ONLY?.split(',');

type Statement = { text: string; values: unknown[] };

// --- recording the application's SQL ------------------------------------------------------------

let recording: Statement[] | null = null;
type QueryFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };
const originalQuery = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  // a statement as text and values, or as a query config (the app's prepared statements)
  const config = args[0] as { text?: unknown; values?: unknown } | null;
  if (recording && typeof args[0] === 'string')
    recording.push({ text: args[0], values: Array.isArray(args[1]) ? [...(args[1] as unknown[])] : [] });
  else if (recording && config && typeof config.text === 'string')
    recording.push({
      text: config.text,
      values: Array.isArray(config.values) ? [...(config.values as unknown[])] : [],
    });
  return originalQuery.apply(this, args);
};

/** Why a recorded statement is not part of the floor, or null when it is a read the page needs. */
function notARead(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^(begin|commit|rollback|savepoint|release)/.test(t)) return 'transaction';
  if (!/^(select|with)\b/.test(t)) return 'write';
  if (t.includes('set_config(')) return 'role and settings';
  if (/\baudit\./.test(t)) return 'audit';
  if (/"session"|\bsession\b/.test(t) && /id_hash/.test(t)) return 'session';
  if (/case_access|may_|can_see|is_site_coordinator|visible_case/.test(t)) return 'access check';
  return null;
}

// --- pages ----------------------------------------------------------------------------------------

type Page = {
  name: string;
  /** the path to request; `caseId` is a random case of the sample */
  path: (caseId: string) => string;
  cookie: string;
  /** whether the path names a case (the floor then swaps the probe's case id for the random one) */
  perCase: boolean;
  /** why the page has no floor (its reads cannot run as the owner), if so */
  noFloor?: string;
  reads: Statement[];
  excluded: Map<string, number>;
  probeCase: string;
  bytes: number;
};

async function main(): Promise<void> {
  const database = await benchDatabase();
  let bench: BenchServer | undefined;
  const outputs: string[] = [];
  const out = (line: string) => {
    say(line);
    outputs.push(line);
  };
  try {
    const loadStart = load();
    bench = await startBenchServer(database);
    const { server, base } = bench;
    const { db } = server;
    say(
      `Database: ${database.kind === 'embedded' ? 'embedded PGlite, in memory' : 'PostgreSQL 127.0.0.1, requests as recolo_login'}; Recolo started in ${server.startupMs} ms`,
    );
    const site = await db.owner
      .selectFrom('site')
      .select('id')
      .where('code', '=', DEMO_SITE.code)
      .executeTakeFirstOrThrow();
    const userId = async (email: string) =>
      (
        await db.owner
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).id;

    if (!process.env.BENCH_DATABASE_NAME) {
      const t0 = performance.now();
      if (database.kind === 'postgres') {
        const result = await generateNational({
          connectionString: db.ownerConnectionString,
          cases: CASES,
          log: say,
        });
        say(
          `Generated ${result.rows.toLocaleString('en-GB')} rows with COPY in ${(result.ms / 1000).toFixed(1)} s ` +
            `(${Math.round(result.rows / (result.ms / 1000)).toLocaleString('en-GB')} rows/s)`,
        );
      } else {
        const result = await generateSyntheticCases(db, {
          siteId: site.id,
          count: CASES,
          teamUserIds: [await userId(demoEmail('stalking_coordinator'))],
          caseloads: [{ userId: await userId(demoEmail('investigating_officer')), every: 100 }],
          onProgress: () => {},
        });
        say(
          `Generated ${result.ids.length} cases, ${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s`,
        );
      }
      say(`Data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const counts = await db.owner
      .selectNoFrom((eb) => [
        eb.selectFrom('cases').select(eb.fn.countAll<number>().as('n')).as('cases'),
        eb.selectFrom('person').select(eb.fn.countAll<number>().as('n')).as('people'),
        eb.selectFrom('incident').select(eb.fn.countAll<number>().as('n')).as('incidents'),
      ])
      .executeTakeFirstOrThrow();
    const audit = (
      await db.ownerPool.query<{ n: string | null }>('select max(id)::text as n from audit.event')
    ).rows[0]!;

    // a sample of the coordinator's cases (the demo stalking coordinator is on every team)
    const sample = (
      await db.owner
        .selectFrom('cases')
        .select('id')
        .where('site_id', '=', site.id)
        .orderBy('id')
        .limit(500)
        .execute()
    ).map((r) => r.id);

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
    const worker = await signIn(server, 'stalking_coordinator', { referral: draft });
    const figuresUser = await signIn(server, 'site_coordinator');
    const evaluator = await signIn(server, 'evaluator');

    const probeClient = new HttpClient(base, 1);
    // the case list's "Next", followed ten pages down, for a page reached by its cursor
    let deep = '/cases?status=active';
    for (let i = 0; i < 10; i += 1) {
      const html = (await probeClient.get(deep, worker)).body.toString('utf8').replace(/&amp;/g, '&');
      const match = /href="(\/cases\?[^"]*after=[^"]+)"/.exec(html);
      if (!match) break;
      deep = match[1]!;
    }

    const definitions: Omit<Page, 'reads' | 'excluded' | 'probeCase' | 'bytes'>[] = [
      { name: 'case overview', path: (id) => `/cases/${id}`, cookie: worker, perCase: true },
      { name: 'case list, active', path: () => '/cases?status=active', cookie: worker, perCase: false },
      { name: 'case list, page 11', path: () => deep, cookie: worker, perCase: false },
      { name: 'people search', path: () => '/people?q=Jesop', cookie: worker, perCase: false },
      { name: 'duplicate check', path: () => '/referrals/new/check', cookie: worker, perCase: false },
      { name: 'timeline', path: (id) => `/cases/${id}/timeline`, cookie: worker, perCase: true },
      { name: 'risk', path: (id) => `/cases/${id}/risk`, cookie: worker, perCase: true },
      { name: 'figures', path: () => '/figures', cookie: figuresUser, perCase: false },
      { name: 'reviews due', path: () => '/reviews', cookie: worker, perCase: false },
      { name: 'meetings', path: () => '/meetings', cookie: figuresUser, perCase: false },
      { name: 'my actions', path: () => '/actions', cookie: worker, perCase: false },
      { name: 'overdue actions', path: () => '/actions/overdue', cookie: figuresUser, perCase: false },
      {
        name: 'evaluation',
        path: () => '/evaluation',
        cookie: evaluator,
        perCase: false,
        // the security-definer functions take the sites from the request's user: as the owner,
        // with no user, they return nothing, so a floor would measure nothing
        noFloor: 'its functions need the request user',
      },
      { name: 'notifications', path: () => '/notifications', cookie: worker, perCase: false },
      {
        name: 'access review',
        path: () => `/sites/${site.id}/access-review`,
        cookie: figuresUser,
        perCase: false,
      },
    ];
    // prepared like the application's own statements, so the floor is planned once too
    const floorPool = preparePoolStatements(
      new pg.Pool({ connectionString: db.ownerConnectionString, max: Math.max(...CLIENTS) }),
    );
    floorPool.on('error', () => undefined);

    const pages: Page[] = [];
    for (const d of definitions) {
      if (ONLY && !ONLY.some((o) => d.name.startsWith(o))) continue;
      const probeCase = sample[0]!;
      const url = d.path(probeCase);
      await probeClient.get(url, d.cookie); // warm
      recording = [];
      const probe = await probeClient.get(url, d.cookie);
      const statements = recording;
      recording = null;
      if (probe.status !== 200) say(`${d.name}: ${url} answered ${probe.status}`);
      const excluded = new Map<string, number>();
      const reads: Statement[] = [];
      if (d.noFloor) excluded.set(`no floor (${d.noFloor})`, statements.length);
      for (const s of d.noFloor ? [] : statements) {
        const why = notARead(s.text);
        if (why) {
          excluded.set(why, (excluded.get(why) ?? 0) + 1);
          continue;
        }
        // a read that fails as the owner (it needs the request's settings) is left out and said
        try {
          await floorPool.query(s.text, s.values);
          reads.push(s);
        } catch (error) {
          excluded.set(`fails as owner (${(error as Error).message.slice(0, 60)})`, 1);
        }
      }
      pages.push({ ...d, reads, excluded, probeCase, bytes: probe.body.length });
      say(
        `${d.name}: ${statements.length} statements, ${reads.length} reads in the floor; left out: ` +
          ([...excluded].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'),
      );
      if (process.env.BENCH_SHOW_SQL === '1')
        for (const r of reads) say(`    ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    probeClient.close();

    const floorOnce = async (page: Page, caseId: string) => {
      const client = await floorPool.connect();
      try {
        let rows = 0;
        for (const r of page.reads) {
          const values = page.perCase ? r.values.map((v) => (v === page.probeCase ? caseId : v)) : r.values;
          const text = page.perCase ? r.text.split(page.probeCase).join(caseId) : r.text;
          rows += (await client.query(text, values)).rowCount ?? 0;
        }
        return { ok: true, bytes: rows };
      } finally {
        client.release();
      }
    };

    type Cell = {
      page: Page;
      clients: number;
      http: Recorder;
      floor: Recorder;
      statuses: Map<number, number>;
    };
    const cells: Cell[] = [];
    const randomCase = () => sample[Math.floor(Math.random() * sample.length)]!;
    const started = performance.now();
    for (const clients of CLIENTS) {
      const http = new HttpClient(base, clients);
      const row = pages.map((page) => ({
        page,
        clients,
        http: new Recorder(),
        floor: new Recorder(),
        statuses: new Map<number, number>(),
      }));
      cells.push(...row);
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const cell of row) {
          const { page } = cell;
          await drive(cell.http, clients, SECONDS, MAX_REQUESTS, async () => {
            const res = await http.get(page.path(randomCase()), page.cookie);
            cell.statuses.set(res.status, (cell.statuses.get(res.status) ?? 0) + 1);
            return { ok: res.status === 200, bytes: res.body.length };
          });
          if (!page.noFloor)
            await drive(cell.floor, clients, SECONDS, MAX_REQUESTS, () => floorOnce(page, randomCase()));
        }
      }
      http.close();
      for (const c of row)
        say(
          `  ${clients} clients, ${c.page.name}: ${c.http.perSecond.toFixed(1)} req/s against a floor of ` +
            `${c.floor.perSecond.toFixed(1)}/s, p95 ${c.http.percentile(95).toFixed(1)} ms` +
            (c.http.errors
              ? `, ${c.http.errors} errors (${[...c.statuses].map(([s, n]) => `${s}: ${n}`).join(', ')})`
              : ''),
        );
    }
    await floorPool.end();
    const loadEnd = load();

    const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
    out('');
    out(
      `## Recolo bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
        `${database.kind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL'}`,
    );
    out('');
    out(
      `${Number(counts.cases).toLocaleString('en-GB')} cases, ${Number(counts.people).toLocaleString('en-GB')} people, ` +
        `${Number(counts.incidents).toLocaleString('en-GB')} incidents, ~${Number(audit.n ?? 0).toLocaleString('en-GB')} audit events; ` +
        `${SECONDS} s slices × ${ROUNDS} rounds, page and floor interleaved; ${(
          (performance.now() - started) /
          1000
        ).toFixed(0)} s measuring. Load average (1/5/15 min) at start ${loadStart}, at end ${loadEnd}.`,
    );
    out('');
    out(
      '| page | clients | req/s | floor req/s | page/floor | p50 ms | p95 ms | p99 ms | floor p50 ms | floor p95 ms | KB/page | reads | errors |',
    );
    out('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const c of cells) {
      out(
        `| ${c.page.name} | ${c.clients} | ${f(c.http.perSecond)} | ${f(c.floor.perSecond)} | ` +
          `${f(c.http.perSecond / c.floor.perSecond, 2)} | ${f(c.http.percentile(50))} | ${f(c.http.percentile(95))} | ` +
          `${f(c.http.percentile(99))} | ${f(c.floor.percentile(50))} | ${f(c.floor.percentile(95))} | ` +
          `${f(c.http.requests ? c.http.bytes / c.http.requests / 1024 : c.page.bytes / 1024)} | ${c.page.reads.length} | ${c.http.errors} |`,
      );
    }
    out('');
    out(
      'page/floor: the page’s requests per second over its floor’s (the same reads through `pg` as the owner: no access checks, no row-level security, no audit, no HTTP, no template). reads: statements in the floor.',
    );
    const file =
      process.env.BENCH_OUT ??
      path.join('bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${outputs.join('\n')}\n`);
    say(`Written to ${file}`);
  } finally {
    await bench?.stop();
    await database
      .drop()
      .catch((error: unknown) => say(`Could not drop the bench database: ${(error as Error).message}`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
