// The evaluation at national scale (issue 16, item 6): how long the whole evaluation takes as a
// national coordinator or an evaluator runs it, over the outcome records bench/national.ts writes.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:evaluation
//       a throwaway database, BENCH_CASES (10000) cases generated with COPY, dropped at the end
//   BENCH_DATABASE_URL=… BENCH_DATABASE_NAME=bench_national BENCH_DATA_DIR=bench/results/national-data \
//     npm run bench:evaluation
//       a database `npm run bench:national` filled (kept)
//
// It measures, in this order, each step once cold and then BENCH_REPEAT (3) times warm (the pages,
// CSVs and PDF BENCH_HTTP_REPEAT times: each builds the whole report):
// 1. each SQL aggregation of migrations 026/030 (through src/modules/evaluation/repository.ts, in a
//    request transaction as the demo evaluator: the request role, row-level security, the
//    security-definer functions), with the rows it returns;
// 2. the statistics over the real observations: Kaplan–Meier by group, the log-rank test, the
//    log-rank test stratified by site, the Cox model (Efron), the whole survival section;
// 3. over HTTP as the evaluator: the /evaluation page (default filters, and intervention from
//    acceptance by typology), each table's CSV (the links the page offers), the PDF;
// 4. the pseudonymised research extract: made (POST), then each file downloaded, with its rows,
//    rows/s, time to the first byte and the process's memory peak while it was built (the server
//    runs in this process, so the peak is the server's; the client counts the bytes as they
//    arrive and keeps none).
// BENCH_CSVS (table keys, comma-separated) limits the CSVs timed, BENCH_EXTRACT_FILES the extract's
// files downloaded, BENCH_STEPS (sql,stats,pages,extract) the steps run. BENCH_EXPLAIN=1 prints each aggregation's plans (auto_explain, nested statements, ANALYZE and
// BUFFERS) as the owner. BENCH_OUT: the markdown file (default bench/results/evaluation-<time>.md).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { demoEmail } from '../src/demo/seed.js';
import { withActor, type Tx } from '../src/platform/db/request-tx.js';
import { todayInLondon } from '../src/platform/time.js';
import * as repo from '../src/modules/evaluation/repository.js';
import { EXTRACT_FILES } from '../src/modules/evaluation/extract.js';
import { observationsOf } from '../src/modules/evaluation/service.js';
import { parseFilters } from '../src/modules/evaluation/filters.js';
import { START_DATES, VICTIM_WINDOW_DAYS } from '../src/modules/evaluation/framework.js';
import { survivalSection } from '../src/modules/evaluation/survival-section.js';
import { kaplanMeier, logRank, stratifiedLogRank } from '../src/modules/evaluation/statistics/survival.js';
import { coxProportionalHazards } from '../src/modules/evaluation/statistics/cox.js';
import {
  benchDatabase,
  HttpClient,
  load,
  say,
  signIn,
  startBenchServer,
  type BenchServer,
} from './client.js';
import { generateNational } from './national.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
// the pages, CSVs and PDF each build the whole report: at 500,000 cases fewer repeats may do
const HTTP_REPEAT = Number(process.env.BENCH_HTTP_REPEAT ?? REPEAT);
// BENCH_STEPS: which of sql, stats, pages, extract to run (default all)
const STEPS = (process.env.BENCH_STEPS ?? 'sql,stats,pages,extract').split(',');
const step = (name: string) => STEPS.includes(name);
// BENCH_QUICK_PAGES=1: only the default /evaluation page and the BENCH_CSVS (no other filters, no PDF)
const ALL_PAGES = process.env.BENCH_QUICK_PAGES !== '1';

type Timing = { what: string; rows: string; cold: number; warm: number[] };
const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
const n = (v: number) => v.toLocaleString('en-GB');

/** Runs `work` once cold and REPEAT times warm; the rows are the first run's. */
async function timed(
  timings: Timing[],
  what: string,
  work: () => Promise<string | number> | string | number,
  repeat = REPEAT,
): Promise<void> {
  const runs: number[] = [];
  let rows = '';
  for (let i = 0; i <= repeat; i += 1) {
    const t0 = performance.now();
    const r = await work();
    runs.push(performance.now() - t0);
    if (i === 0) rows = typeof r === 'number' ? n(r) : r;
  }
  const t: Timing = { what, rows, cold: runs[0]!, warm: runs.slice(1) };
  timings.push(t);
  say(
    `  ${what}: ${ms(t.cold)} ms cold, ${ms(median(t.warm))} ms warm (median of ${t.warm.length}); ${rows}`,
  );
}

/** Samples this process's memory every 10 ms while `work` runs: the peak over the start. */
async function withMemoryPeak<T>(
  work: () => Promise<T>,
): Promise<{ value: T; rssMb: number; heapMb: number }> {
  global.gc?.();
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  try {
    const value = await work();
    return { value, rssMb: (rss - start.rss) / 2 ** 20, heapMb: (heap - start.heapUsed) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** A GET whose body is counted as it arrives (bytes and lines), never kept. */
function countingGet(
  base: URL,
  pathAndQuery: string,
  cookie: string,
): Promise<{ status: number; bytes: number; lines: number; firstByteMs: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: pathAndQuery, method: 'GET', headers: { cookie } },
      (res) => {
        let bytes = 0;
        let lines = 0;
        let firstByteMs = NaN;
        res.on('data', (c: Buffer) => {
          if (!bytes) firstByteMs = performance.now() - t0;
          bytes += c.length;
          for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines += 1;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, lines, firstByteMs, ms: performance.now() - t0 }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  let bench: BenchServer | undefined;
  const outputs: string[] = [];
  const out = (line = '') => {
    say(line);
    outputs.push(line);
  };
  try {
    const loadStart = load();
    bench = await startBenchServer(database);
    const { server, base } = bench;
    const { db } = server;
    const generation: string[] = [];
    if (!process.env.BENCH_DATABASE_NAME) {
      if (database.kind !== 'postgres') throw new Error('Set BENCH_DATABASE_URL: the generator uses COPY');
      const result = await generateNational({
        connectionString: db.ownerConnectionString,
        cases: CASES,
        incidents: CASES * 2,
        auditEvents: CASES * 2,
        log: say,
      });
      generation.push(
        `Generated ${n(result.rows)} rows with COPY in ${(result.ms / 1000).toFixed(1)} s ` +
          `(${n(Math.round(result.rows / (result.ms / 1000)))} rows/s, analyse included).`,
        '',
        '| table | rows | COPY s | rows/s |',
        '|---|---|---|---|',
        ...[...result.perTable].map(
          ([table, t]) =>
            `| ${table} | ${n(t.rows)} | ${(t.ms / 1000).toFixed(1)} | ${n(Math.round(t.rows / (t.ms / 1000)))} |`,
        ),
      );
    }
    const evaluatorId = (
      await db.owner
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', demoEmail('evaluator'))
        .executeTakeFirstOrThrow()
    ).id;
    const counts = (
      await db.ownerPool.query<Record<string, string>>(
        `select ${[
          'cases',
          'case_status_event',
          'incident',
          'risk_rating',
          'intervention_session',
          'intervention_session_clinician',
          'outcome_measure_score',
          'new_offence',
          'order_breach',
          'safety_plan',
          'victim_voice',
          'discharge',
          'meeting_item',
          'case_action',
        ]
          .map((t) => `(select count(*) from ${t})::text as ${t}`)
          .join(', ')}`,
      )
    ).rows[0]!;
    const asOf = new Date();
    const asEvaluator = <T>(work: (tx: Tx) => Promise<T>) =>
      withActor(db.app, { userId: evaluatorId, requestId: randomUUID() }, work);

    // --- 1. the SQL aggregations ---
    say('SQL aggregations (as the evaluator, through the request role):');
    const sql: Timing[] = [];
    const sites = await asEvaluator((tx) => repo.evaluationSites(tx));
    const siteIds = sites.map((s) => s.id);
    const cases = await asEvaluator((tx) => repo.caseRows(tx, siteIds, null, null, asOf));
    const dataDate = todayInLondon(asOf);
    const startsFor = (key: string) => {
      const rule = START_DATES.find((s) => s.key === key)!;
      return cases.map((c) => {
        const start = rule.of(c);
        return { caseId: c.caseId, start: start && start < dataDate ? start : null };
      });
    };
    const referralStarts = startsFor('referral');
    const acceptanceStarts = startsFor('acceptance').filter((c) => c.start !== null);
    if (step('sql')) {
      // one transaction, as a report's: the cases loaded once, the cohort chosen once, each
      // aggregation then reading it in the database (migration 043)
      await asEvaluator(async (tx) => {
        await timed(sql, 'evaluation_load (every case of every site, to Node)', async () => {
          const r = await repo.caseRows(tx, siteIds, null, null, asOf);
          return `${n(r.length)} cases`;
        });
        await timed(sql, 'cohort from acceptance chosen (ids sent once)', async () => {
          return `${n(await repo.useCohort(tx, acceptanceStarts))} cases`;
        });
        await timed(sql, 'first events, from acceptance', async () => {
          const r = await repo.firstEvents(tx, asOf);
          return `${n(r.size)} cases`;
        });
        await timed(sql, 'cohort from referral chosen (ids sent once)', async () => {
          return `${n(await repo.useCohort(tx, referralStarts))} cases`;
        });
        await timed(sql, 'first events, from referral', async () => {
          const r = await repo.firstEvents(tx, asOf);
          return `${n(r.size)} cases`;
        });
        await timed(sql, 'risk change', async () => {
          const r = await repo.riskChange(tx, asOf);
          return `${r.length} cells, ${n(r.reduce((a, x) => a + x.n, 0))} case-domains`;
        });
        await timed(sql, 'engagement', async () => {
          const r = await repo.engagement(tx, asOf);
          return `${n(r.offered)} sessions offered`;
        });
        await timed(sql, 'outcome change', async () => {
          const r = await repo.outcomeChange(tx, asOf);
          return `${n(r.length)} case-measures`;
        });
        await timed(sql, 'staff time', async () => {
          const r = await repo.staffTime(tx, asOf);
          return `${r.length} professions, ${n(r.reduce((a, x) => a + x.minutes, 0))} minutes`;
        });
        await timed(sql, 'victim safety', async () => {
          const r = await repo.victimSafety(tx, VICTIM_WINDOW_DAYS, asOf);
          return `${n(r.victims)} victims of ${n(r.cases)} accepted cases`;
        });
        for (const kind of repo.EVENT_KINDS)
          await timed(sql, `events (cursor, every batch), ${kind}`, async () => {
            let rows = 0;
            for await (const batch of repo.events(tx, kind, asOf)) rows += batch.length;
            return `${n(rows)} rows`;
          });
      });
    }

    // --- 2. the statistics, over the real observations ---
    const stats: Timing[] = [];
    if (step('stats')) {
      say('Statistics:');
      // observations read the cases loaded in their transaction (migration 043), as the report's do
      const observe = () =>
        asEvaluator(async (tx) => {
          await repo.caseRows(tx, siteIds, null, null, asOf);
          return observationsOf(tx, cases, 'referral', asOf);
        });
      const observations = await observe();
      await timed(stats, 'observations from referral (SQL + framework)', async () => {
        const o = await observe();
        return `${n(o.size)} cases`;
      });
      const byTypology = new Map<string, { time: number; event: boolean }[]>();
      const bySiteTypology = new Map<string, Map<string, { time: number; event: boolean }[]>>();
      const rank: Record<string, number> = { low: 0, moderate: 1, high: 2 };
      const coxData: { time: number; event: boolean; covariates: number[] }[] = [];
      const into = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
        const list = m.get(k);
        if (list) list.push(v);
        else m.set(k, [v]);
      };
      for (const c of cases) {
        const o = observations.get(c.caseId)?.stalking_harassment;
        if (!o) continue;
        const g = c.typology ?? 'not assessed';
        into(byTypology, g, o);
        const site = bySiteTypology.get(c.siteId) ?? new Map<string, { time: number; event: boolean }[]>();
        into(site, g, o);
        bySiteTypology.set(c.siteId, site);
        if (c.riskAtEntry && c.riskAtEntry in rank)
          coxData.push({
            ...o,
            covariates: [rank[c.riskAtEntry]!, ...siteIds.slice(1).map((s) => (c.siteId === s ? 1 : 0))],
          });
      }
      const groups = [...byTypology.values()];
      const groupNames = [...byTypology.keys()];
      const strata = [...bySiteTypology.values()].map((m) => groupNames.map((g) => m.get(g) ?? []));
      const events = groups.flat().filter((o) => o.event).length;
      await timed(stats, `Kaplan–Meier, ${groups.length} groups (typology)`, () => {
        groups.forEach((g) => kaplanMeier(g, { confidence: 0.95 }));
        return `${n(groups.flat().length)} observations, ${n(events)} events`;
      });
      await timed(stats, `log-rank, ${groups.length} groups`, () => {
        const lr = logRank(groups);
        return `χ² ${lr.chiSquare.toFixed(1)} on ${lr.df} df`;
      });
      await timed(stats, `log-rank stratified by site (${strata.length} sites)`, () => {
        const lr = stratifiedLogRank(strata);
        return `χ² ${lr.chiSquare.toFixed(1)} on ${lr.df} df`;
      });
      await timed(stats, 'Cox (Efron): risk at entry + site', () => {
        const fit = coxProportionalHazards(coxData, [
          'risk',
          ...siteIds.slice(1).map((_, i) => `site ${i + 2}`),
        ]);
        return `${n(fit.n)} cases, ${n(fit.events)} events, ${fit.iterations} iterations`;
      });
      await timed(stats, 'survival section (curves, tables, tests, Cox, SVG)', () => {
        const s = survivalSection(
          cases,
          observations,
          parseFilters({ groupBy: 'typology' }),
          sites.map((x) => ({ id: x.id, name: x.name })),
        );
        return `${s.tables.length} tables, SVG ${n(s.svg?.length ?? 0)} bytes`;
      });
    }

    // --- 3. the pages, CSVs and PDF over HTTP, as the evaluator ---
    const pages: Timing[] = [];
    const cookie = await signIn(server, 'evaluator');
    const nationalCookie = await signIn(server, 'national_coordinator');
    const client = new HttpClient(base, 1);
    const get = async (url: string, who = cookie) => {
      const res = await client.get(url, who);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return res.body;
    };
    const kb = (b: Buffer) => `${n(Math.round(b.length / 1024))} KB`;
    if (step('pages')) {
      say('Pages and exports over HTTP (as the evaluator):');
      await timed(
        pages,
        '/evaluation (default: referred, from referral, by site)',
        async () => kb(await get('/evaluation')),
        HTTP_REPEAT,
      );
      if (ALL_PAGES) {
        await timed(
          pages,
          '/evaluation, as the national coordinator',
          async () => kb(await get('/evaluation', nationalCookie)),
          HTTP_REPEAT,
        );
        const intervention = 'cohort=accepted_intervention&start=acceptance&groupBy=typology';
        await timed(
          pages,
          '/evaluation?cohort=accepted_intervention&start=acceptance&groupBy=typology',
          async () => kb(await get(`/evaluation?${intervention}`)),
          HTTP_REPEAT,
        );
      }
      // BENCH_CSVS: only these tables' CSVs (each builds the whole report, so at scale a few tell
      // all); otherwise every CSV link the page offers (the JSON API is for API tokens, not sessions)
      const keys = process.env.BENCH_CSVS?.split(',').filter(Boolean) ?? [
        ...new Set(
          [
            ...(await get('/evaluation'))
              .toString('utf8')
              .matchAll(/\/evaluation\/tables\/([a-z0-9_-]+)\.csv/g),
          ].map((m) => m[1]!),
        ),
      ];
      for (const key of keys)
        await timed(
          pages,
          `CSV ${key}`,
          async () => kb(await get(`/evaluation/tables/${key}.csv`)),
          HTTP_REPEAT,
        );
      if (ALL_PAGES)
        await timed(
          pages,
          '/evaluation/report.pdf',
          async () => kb(await get('/evaluation/report.pdf')),
          HTTP_REPEAT,
        );
    }

    // --- 4. the research extract ---
    const extract: string[] = [];
    // BENCH_EXTRACT_FILES: only these files downloaded (each builds the cases again)
    const files = process.env.BENCH_EXTRACT_FILES?.split(',') ?? [...EXTRACT_FILES];
    if (step('extract')) {
      say('Research extract (as the evaluator):');
      const form = (await get('/evaluation/extracts')).toString('utf8');
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(form)?.[1] ?? '';
      const made = await withMemoryPeak(async () => {
        const t0 = performance.now();
        const res = await fetch(new URL('/evaluation/extracts', base), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            _csrf: field('_csrf'),
            _once: field('_once'),
            purpose: 'Benchmark of the extract at national scale (fictional data)',
            agreementReference: 'BENCH-DSA-1',
            k: '5',
            cohort: 'referred',
            start: 'referral',
          }),
        });
        const location = res.headers.get('location') ?? '';
        return { status: res.status, location, ms: performance.now() - t0 };
      });
      const extractId = /made=([0-9a-f-]{36})/.exec(made.value.location)?.[1];
      if (!extractId)
        throw new Error(`The extract was not made: ${made.value.status} ${made.value.location}`);
      extract.push(
        `| made (POST: every file built once, counted, recorded) | ${ms(made.value.ms)} | | | | | ${made.rssMb.toFixed(0)} | ${made.heapMb.toFixed(0)} |`,
      );
      for (const file of EXTRACT_FILES.filter((f) => files.includes(f))) {
        const url = `/evaluation/extracts/${extractId}/${file}.${file === 'dictionary' ? 'md' : 'csv'}`;
        const r = await withMemoryPeak(() => countingGet(base, url, cookie));
        if (r.value.status !== 200) throw new Error(`${url} answered ${r.value.status}`);
        const rows = file === 'dictionary' ? 0 : Math.max(0, r.value.lines - 1);
        extract.push(
          `| ${file} | ${ms(r.value.ms)} | ${ms(r.value.firstByteMs)} | ${n(rows)} | ${file === 'dictionary' ? '' : n(Math.round(rows / (r.value.ms / 1000)))} | ` +
            `${n(Math.round(r.value.bytes / 1024))} | ${r.rssMb.toFixed(0)} | ${r.heapMb.toFixed(0)} |`,
        );
        say(`  ${file}: ${ms(r.value.ms)} ms, ${n(rows)} rows, peak heap +${r.heapMb.toFixed(0)} MB`);
      }
    }
    client.close();

    if (process.env.BENCH_EXPLAIN === '1') await explainAll(db.ownerConnectionString, evaluatorId, siteIds);

    // --- the report ---
    const loadEnd = load();
    out(
      `## The evaluation at national scale, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    );
    out();
    out(
      `${n(Number(counts.cases))} cases (${n(cases.length)} the evaluator may evaluate, ${sites.length} sites); ` +
        Object.entries(counts)
          .filter(([k]) => k !== 'cases')
          .map(([k, v]) => `${k} ${n(Number(v))}`)
          .join(', ') +
        `. PostgreSQL, requests as recolo_login. Load average (1/5/15 min) at start ${loadStart}, at end ${loadEnd}. ` +
        `Each step once cold, then ${REPEAT} times warm (median).`,
    );
    if (generation.length) {
      out();
      for (const line of generation) out(line);
    }
    const table = (title: string, rows: Timing[]) => {
      out();
      out(`### ${title}`);
      out();
      out('| step | cold ms | warm ms (median) | result |');
      out('|---|---|---|---|');
      for (const t of rows) out(`| ${t.what} | ${ms(t.cold)} | ${ms(median(t.warm))} | ${t.rows} |`);
    };
    if (sql.length) table('SQL aggregations (migrations 026/030/034, as the evaluator)', sql);
    if (stats.length)
      table(
        'Statistics (in memory, over the observations above; outcome: new stalking or harassment)',
        stats,
      );
    if (pages.length)
      table('Pages and exports over HTTP (evaluator; each CSV and the PDF build the whole report)', pages);
    if (extract.length) {
      out();
      out('### Pseudonymised research extract (every site, referred cohort, from referral, k = 5)');
      out();
      out('| file | ms | first byte ms | rows | rows/s | KB | RSS peak +MB | heap peak +MB |');
      out('|---|---|---|---|---|---|---|---|');
      for (const line of extract) out(line);
    }
    const file =
      process.env.BENCH_OUT ??
      path.join('bench', 'results', `evaluation-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
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

/** Each aggregation's plans, as the owner acting for the evaluator (auto_explain, nested). */
async function explainAll(ownerUrl: string, evaluatorId: string, siteIds: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  client.on('notice', (m) => say(String(m.message)));
  try {
    await client.query('begin');
    await client.query(`select set_config('recolo.user_id', $1, true)`, [evaluatorId]);
    await client.query("load 'auto_explain'");
    for (const s of [
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_analyze = on',
      'auto_explain.log_buffers = on',
      'auto_explain.log_nested_statements = on',
      'client_min_messages = log',
    ])
      await client.query(`set local ${s}`);
    const steps = [
      `select count(*) from recolo_private.evaluation_load($1::uuid[], null, null, now())`,
      `select recolo_private.evaluation_use_cohort(
         (select array_agg(case_id) from pg_temp.evaluation_case),
         (select array_agg(referred_on) from pg_temp.evaluation_case))`,
      `select count(*) from recolo_private.evaluation_cohort_first_events(now())`,
      `select * from recolo_private.evaluation_cohort_risk_change(now())`,
      `select * from recolo_private.evaluation_cohort_engagement(now())`,
      `select count(*) from recolo_private.evaluation_cohort_outcome_change(now())`,
      `select * from recolo_private.evaluation_cohort_staff_time(now())`,
      `select * from recolo_private.evaluation_cohort_victim_safety(90, now())`,
    ];
    for (const [i, q] of steps.entries()) {
      say(`--- ${q.slice(0, 120)}`);
      await client.query(q, i === 0 ? [siteIds] : []);
    }
    await client.query('rollback');
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Evaluation benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
