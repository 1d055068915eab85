// The national-scale generator: fictional cases, people, incidents and audit events written with
// COPY into a PostgreSQL database that Recolo has migrated and seeded with its demo.
//
//   npm run bench:national -- --cases 500000 --incidents 5000000 --audit 20000000
//       creates bench_national on BENCH_DATABASE_URL (default the local server's postgres
//       superuser), starts Recolo on it once (migrations, demo site and users), fills it, seals
//       audit events for --seal-seconds (60) and keeps the database for `npm run bench` with
//       BENCH_DATABASE_NAME=bench_national BENCH_DATA_DIR=bench/results/national-data.
//   --database <name> (bench_national), --drop (drop it at the end), --batch <cases> (5000)
//
// Each case: a subject, one to three victims (people), the referral, one or two offences, the
// demo stalking coordinator on the team (the investigating officer on every 100th), its status
// history; incidents and audit events ("case.viewed" by the coordinator) spread over the cases;
// and the outcome records the evaluation reads (bench/national-outcomes.ts: SPJ ratings, sessions
// and staff time, outcome measures, discharges, new offences, orders and breaches, the victim's
// voice, safety plans, incidents after referral, panel meetings, their agenda items and actions).
// The audit events are written unsealed, as requests leave them, with a placeholder MAC under
// the key id "bench" (not a key the application holds: `recolo audit verify` will name them as
// authenticated by a key that is not configured); the seal job then seals them into the hash
// chain exactly as it seals real events. Never run this against a database with real cases.
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { sealAuditEvents } from '../src/platform/audit/seal.js';
import { daysAgo, fictionalNhsNumber, fictionalPncId, isoDateDaysAgo } from '../src/demo/fictional.js';
import { DEMO_SITE, demoEmail } from '../src/demo/seed.js';
import { adminQuery, benchDatabase, databaseUrl, load, say, startBenchServer } from './client.js';
import { copyIn, copyRows } from './copy.js';
import { caseRows, CORE_TABLE_ORDER } from '../src/demo/case-builder.js';
import { GIVEN, LIFECYCLE, prng, REASONS, SURNAMES, weighted, type Status } from './vocabulary.js';
import { addOutcomeRows, emptyOutcomeRows, OUTCOME_TABLES, outcomeContext } from './national-outcomes.js';

export type NationalOptions = {
  /** owner (superuser) connection to a migrated, demo-seeded database */
  connectionString: string;
  cases: number;
  /** incidents in all (default 10 a case) */
  incidents?: number;
  /** audit events in all (default 40 a case) */
  auditEvents?: number;
  /** cases per COPY batch (5000) */
  batch?: number;
  /** the evaluation's outcome records for each case (bench/national-outcomes.ts); default true */
  outcomes?: boolean;
  seed?: number;
  log?: (line: string) => void;
};

export type NationalResult = {
  rows: number;
  ms: number;
  perTable: Map<string, { rows: number; ms: number }>;
};

const RELATIONSHIPS = [
  'ex_intimate',
  'ex_intimate',
  'ex_intimate',
  'acquaintance',
  'stranger',
  'work',
  'family',
];
const OFFENCES: [string, string][] = [
  ['pha_s2a', 'Stalking (s2A)'],
  ['pha_s4a', 'Stalking involving fear of violence or serious alarm or distress (s4A)'],
  ['pha_s2', 'Harassment (s2)'],
  ['pha_s4', 'Putting people in fear of violence (s4)'],
];
const BEHAVIOURS = [
  'following',
  'contacting',
  'publishing',
  'loitering',
  'watching',
  'threats',
  'online',
  'other',
];
const REPORTERS = ['victim_diary', 'advocate', 'police', 'probation'];
const INCIDENTS = [
  'Waited outside the victim’s workplace at the end of the day.',
  'Sent twelve messages overnight from a new account.',
  'Left a letter on the victim’s car windscreen.',
  'Seen walking past the victim’s home several times.',
  'Posted about the victim on social media.',
];
const STATUSES: [Status, number][] = [
  ['referred', 15],
  ['screening', 15],
  ['accepted', 20],
  ['active', 25],
  ['closed', 15],
  ['declined', 10],
];

// the tables, in the order their rows must be written; each COPY names the columns its rows give
const TABLES = [...CORE_TABLE_ORDER, 'incident', ...OUTCOME_TABLES, 'audit.event'] as const;
type Table = (typeof TABLES)[number];
type Rows = Record<Table, object[]>;

/** Fills the database: every table's rows for `batch` cases at a time, each table one COPY. */
export async function generateNational(options: NationalOptions): Promise<NationalResult> {
  const log = options.log ?? say;
  const batch = options.batch ?? 5000;
  const incidentsPerCase = (options.incidents ?? options.cases * 10) / options.cases;
  const auditPerCase = (options.auditEvents ?? options.cases * 40) / options.cases;
  const random = prng(options.seed ?? 1);
  // the outcome records draw from their own stream: with or without them the core rows are the same
  const outcomeRandom = prng((options.seed ?? 1) + 7919);
  const withOutcomes = options.outcomes ?? true;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const pickWeighted = <T>(choices: [T, number][]): T => weighted(random, choices);
  // a whole number averaging `mean`
  const around = (mean: number) => Math.floor(mean) + (random() < mean - Math.floor(mean) ? 1 : 0);

  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  const perTable = new Map<string, { rows: number; ms: number }>();
  const started = performance.now();
  let total = 0;
  try {
    await client.query('set synchronous_commit = off');
    // a bulk load of rows made consistent here: no per-row foreign key or audit-time triggers
    // (superuser only; this session only). The constraints and indexes themselves stay.
    await client.query('set session_replication_role = replica');
    const site = (
      await client.query<{ id: string; code: string }>('select id, code from site where code = $1', [
        DEMO_SITE.code,
      ])
    ).rows[0]!;
    const users = await client.query<{ id: string; email: string; display_name: string }>(
      'select id, email, display_name from app_user where email = any($1)',
      [[demoEmail('stalking_coordinator'), demoEmail('investigating_officer')]],
    );
    const coordinator = users.rows.find((u) => u.email === demoEmail('stalking_coordinator'))!;
    const officer = users.rows.find((u) => u.email === demoEmail('investigating_officer'))!;
    const agencies = (
      await client.query<{ id: string }>(
        `select id from agency where site_id = $1 and kind in ('police', 'probation')`,
        [site.id],
      )
    ).rows;
    // reserve the case numbers, as next_case_number would one at a time
    const first =
      (
        await client.query<{ last: number }>(
          `insert into site_case_counter as c (site_id, last_number) values ($1, $2)
             on conflict (site_id) do update set last_number = c.last_number + $2
           returning last_number - $2 as last`,
          [site.id, options.cases],
        )
      ).rows[0]!.last + 1;
    const outcomes = withOutcomes
      ? await outcomeContext(
          client,
          site.id,
          coordinator.id,
          agencies.map((a) => a.id),
        )
      : null;
    const runId = randomBytes(4).toString('hex');
    const sessionRef = `session:bench-${runId}`;
    const macPrefix = `bench-${runId}`;

    let pending: Promise<void> = Promise.resolve();
    for (let offset = 0; offset < options.cases; offset += batch) {
      const n = Math.min(batch, options.cases - offset);
      const rows: Rows = {
        person: [],
        cases: [],
        referral: [],
        case_offence: [],
        case_victim: [],
        case_team: [],
        case_status_event: [],
        incident: [],
        ...emptyOutcomeRows(),
        'audit.event': [],
      };
      for (let i = 0; i < n; i += 1) {
        const serial = offset + i;
        const caseId = randomUUID();
        const createdAt = daysAgo(5 + Math.floor(random() * 700));
        const status = pickWeighted(STATUSES);
        const investigation =
          status === 'declined'
            ? pick(['no_further_action', 'charged'])
            : pick(['under_investigation', 'charged', 'convicted']);
        const mode =
          investigation === 'under_investigation' || random() < 0.25 ? 'consultation' : 'intervention';
        let at = createdAt;
        const path = LIFECYCLE[status];
        const [code, description] = pick(OFFENCES);
        const victimCount = pickWeighted([
          [1, 70],
          [2, 22],
          [3, 8],
        ]);
        // the core rows, as everywhere else: a CaseSpec through the case builder
        const core = caseRows({
          id: caseId,
          siteId: site.id,
          reference: `${site.code}-${String(first + serial).padStart(6, '0')}`,
          createdBy: coordinator.id,
          createdAt,
          subject: {
            given: pick(GIVEN),
            family: pick(SURNAMES),
            dateOfBirth: isoDateDaysAgo(365 * (19 + Math.floor(random() * 50)) + Math.floor(random() * 365)),
            pncId: fictionalPncId(2015 + Math.floor(random() * 11), 200_000 + serial),
            nhsNumber: random() < 0.8 ? fictionalNhsNumber(serial * 3) : null,
            probationRef: investigation === 'convicted' ? `${site.code}-PR-${10_000 + serial}` : null,
          },
          investigationStatus: investigation,
          referral: {
            agencyId: pick(agencies).id,
            referrerName: coordinator.display_name,
            reason: pick(REASONS),
            consent: pickWeighted([
              ['given', 6],
              ['refused', 1],
              ['not_sought', 3],
            ]),
          },
          offences: [
            { code, description },
            ...(random() < 0.4 ? [{ code: 'other', description: 'Criminal damage' }] : []),
          ],
          victims: Array.from({ length: victimCount }, (_, v) => ({
            person: {
              given: pick(GIVEN),
              family: pick(SURNAMES),
              dateOfBirth: random() < 0.5 ? isoDateDaysAgo(365 * (18 + Math.floor(random() * 50))) : null,
            },
            relationship: v === 0 ? pick(RELATIONSHIPS) : pick(['family', 'acquaintance', 'work']),
          })),
          statusEvents: path.map((to, step) => {
            if (step > 0)
              at = new Date(
                Math.min(Date.now(), at.getTime() + (2 + Math.floor(random() * 30)) * 86_400_000),
              );
            return {
              to,
              acceptedMode: to === 'accepted' ? mode : null,
              reason: step === 0 ? 'Referral received' : `Moved to ${to} at the multi-agency panel`,
              at,
            };
          }),
          team: serial % 100 === 0 ? [coordinator.id, officer.id] : [coordinator.id],
        });
        for (const table of CORE_TABLE_ORDER) (rows[table] as object[]).push(...core[table]);
        const victims = core.case_victim.map((v) => v.id);
        for (let k = around(incidentsPerCase); k > 0; k -= 1) {
          const when = new Date(createdAt.getTime() - Math.floor(random() * 180) * 86_400_000);
          rows.incident.push({
            case_id: caseId,
            case_victim_id: pick(victims),
            occurred_from: when,
            behaviours: random() < 0.5 ? [pick(BEHAVIOURS)] : [pick(BEHAVIOURS), 'online'],
            reported_by: pick(REPORTERS),
            description: pick(INCIDENTS),
            created_by: coordinator.id,
            created_at: createdAt,
          });
        }
        if (outcomes) addOutcomeRows(outcomes, core, outcomeRandom, rows, rows.incident);
        for (let k = around(auditPerCase); k > 0; k -= 1) {
          rows['audit.event'].push({
            user_id: coordinator.id,
            action: 'case.viewed',
            case_id: caseId,
            record_type: 'case',
            record_id: caseId,
            reason: 'case team',
            request_id: `bench-${serial}-${k}`,
            details: '{}',
            mac: `${macPrefix}-${serial}-${k}`,
            mac_key_id: 'bench',
            session_ref: sessionRef,
            session_user_id: coordinator.id,
          });
        }
      }
      // the rows of this batch become COPY text while the server stores the previous one
      const texts = TABLES.map((table) => {
        const columns = Object.keys(rows[table][0] ?? {});
        return [table, columns, copyRows(rows[table], columns), rows[table].length] as const;
      });
      await pending;
      pending = (async () => {
        await client.query('begin');
        for (const [table, columns, text, count] of texts) {
          if (count === 0) continue;
          const t0 = performance.now();
          await copyIn(client, `copy ${table} (${columns.join(', ')}) from stdin`, text);
          const entry = perTable.get(table) ?? { rows: 0, ms: 0 };
          entry.rows += count;
          entry.ms += performance.now() - t0;
          perTable.set(table, entry);
          total += count;
        }
        await client.query('commit');
        const done = offset + n;
        if (done % (batch * 10) === 0 || done === options.cases) {
          const s = (performance.now() - started) / 1000;
          log(
            `  ${done.toLocaleString('en-GB')} of ${options.cases.toLocaleString('en-GB')} cases, ` +
              `${total.toLocaleString('en-GB')} rows, ${Math.round(total / s).toLocaleString('en-GB')} rows/s`,
          );
        }
      })();
    }
    await pending;
    const t0 = performance.now();
    await client.query('analyze');
    log(`  analyse: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
  return { rows: total, ms: performance.now() - started, perTable };
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const cases = Number(flag('cases', '500000'));
  const incidents = Number(flag('incidents', String(cases * 10)));
  const audit = Number(flag('audit', String(cases * 40)));
  const sealSeconds = Number(flag('seal-seconds', '60'));
  const name = flag('database', 'bench_national');
  process.env.BENCH_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.BENCH_DATABASE_NAME = name;
  process.env.BENCH_DATA_DIR ||= 'bench/results/national-data';
  const admin = process.env.BENCH_DATABASE_URL;
  say(`Load average at start: ${load()}; ${os.cpus().length} cores`);
  const sealOnly = process.argv.includes('--seal-only');
  if (!sealOnly) await adminQuery(admin, `create database ${name}`);
  const owner = databaseUrl(admin, name);
  try {
    if (!sealOnly) await fill(owner, cases, incidents, audit);
    await measureSealing(owner, sealSeconds);
    say(`Load average at end: ${load()}`);
  } finally {
    if (process.argv.includes('--drop')) {
      await adminQuery(admin, `drop database if exists ${name} with (force)`);
      say(`Dropped database ${name}`);
    } else
      say(`Kept database ${name}; drop it with: psql -h 127.0.0.1 -U postgres -c 'drop database ${name}'`);
  }
}

async function fill(owner: string, cases: number, incidents: number, audit: number): Promise<void> {
  {
    // migrations, the demo site and its users, as Recolo's first start makes them
    const database = await benchDatabase();
    const bench = await startBenchServer(database);
    await bench.stop();
    say(
      `Generating ${cases.toLocaleString('en-GB')} cases, ~${incidents.toLocaleString('en-GB')} incidents, ` +
        `~${audit.toLocaleString('en-GB')} audit events into ${new URL(owner).pathname.slice(1)}`,
    );
    const result = await generateNational({ connectionString: owner, cases, incidents, auditEvents: audit });
    say(
      `Wrote ${result.rows.toLocaleString('en-GB')} rows in ${(result.ms / 1000).toFixed(1)} s: ` +
        `${Math.round(result.rows / (result.ms / 1000)).toLocaleString('en-GB')} rows/s (analyse included)`,
    );
    say('| table | rows | COPY s | rows/s |');
    say('|---|---|---|---|');
    for (const [table, t] of result.perTable)
      say(
        `| ${table} | ${t.rows.toLocaleString('en-GB')} | ${(t.ms / 1000).toFixed(1)} | ${Math.round(t.rows / (t.ms / 1000)).toLocaleString('en-GB')} |`,
      );
  }
}

/**
 * Seals for `seconds` with the job's own batches, at the table's present size. A batch that seals
 * nothing is retried after a second: events are sealable only once every transaction older than
 * them has finished, on the whole server (another database's long transaction holds them back).
 */
async function measureSealing(owner: string, seconds: number): Promise<void> {
  {
    const pool = new pg.Pool({ connectionString: owner, max: 2 });
    try {
      const size = (await pool.query<{ n: string }>('select count(*)::text as n from audit.event')).rows[0]!
        .n;
      const started = performance.now();
      let sealed = 0;
      let batches = 0;
      let idle = 0;
      let busy = 0;
      while (performance.now() - started < seconds * 1000) {
        const t0 = performance.now();
        const r = await sealAuditEvents(pool, null);
        if (r.sealed > 0) busy += performance.now() - t0;
        if (r.sealed === 0) {
          idle += 1;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        sealed += r.sealed;
        batches += 1;
      }
      const s = busy / 1000;
      say(
        `Sealing with ${Number(size).toLocaleString('en-GB')} events in the table: ${sealed.toLocaleString('en-GB')} events ` +
          `in ${batches} batches, ${s.toFixed(1)} s sealing: ${Math.round(sealed / s).toLocaleString('en-GB')} events/s` +
          (idle ? ` (${idle} tries found nothing sealable yet: an older transaction was still open)` : ''),
      );
    } finally {
      await pool.end();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
