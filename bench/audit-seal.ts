// Benchmark: sealing audit events into the hash chain, at a table size of BENCH_EVENTS events.
//
//   npx tsx bench/audit-seal.ts
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_EVENTS=20000000 npx tsx bench/audit-seal.ts
//
// Creates a throwaway database recolo_bench_audit_<random> through the superuser connection at
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, inserts
// BENCH_EVENTS events (default 1,000,000) with multi-row inserts of BENCH_CHUNK rows (100,000) a
// transaction, then seals them all as the job does, and reports events/s overall and for the
// first and last batches (flat with table size means the two agree). Then it adds one more batch
// of events to the full table and times selecting it the old way (anti-join over the whole
// table) and the new way (from the high-water mark). Drops the database at the end unless
// BENCH_KEEP=1.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BATCH_LIMIT, sealAllAuditEvents, type SealResult } from '../src/platform/audit/seal.js';
import { migrate } from '../src/platform/db/migrate.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 100_000);
// the tests' migration lock: roles are cluster-wide, so migrations on one server take turns
const MIGRATE_LOCK_KEY = 7_324_901;

const say = (line: string) => process.stdout.write(`${line}\n`);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-GB');

function databaseUrl(admin: string, database: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Inserts `count` events, `CHUNK` rows a transaction (so they carry many xids, as requests do). */
async function insertEvents(pool: pg.Pool, count: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    await pool.query(
      `insert into audit.event (user_id, action, case_id, record_type, record_id, reason, request_id, details,
                                mac, mac_key_id, session_ref, session_user_id)
       select u, 'case.viewed', c, 'case', c::text, 'case team', 'bench-' || g, jsonb_build_object('n', g),
              md5(random()::text || g), 'bench', 'session:bench', u
         from generate_series(1, $1::int) g,
              lateral (select gen_random_uuid() as u, gen_random_uuid() as c) ids`,
      [n],
    );
    if ((done + n) % (CHUNK * 10) === 0 || done + n === count)
      say(`  inserted ${(done + n).toLocaleString('en-GB')} events`);
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const name = `recolo_bench_audit_${randomBytes(5).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-bench-'));
  const headFile = path.join(dir, 'audit-heads.log');
  await adminQuery(`create database ${name}`);
  say(`Created database ${name}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(ADMIN_URL, name), max: 2 });
  try {
    const lock = await pool.connect();
    try {
      await lock.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
      await migrate(pool);
      await lock.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    } finally {
      lock.release();
    }

    say(`Inserting ${EVENTS.toLocaleString('en-GB')} audit events`);
    const insertMs = await insertEvents(pool, EVENTS);
    say(`Inserted in ${(insertMs / 1000).toFixed(1)} s (${rate(EVENTS, insertMs)} events/s)`);
    await pool.query('vacuum analyze audit.event');

    say(`Sealing in batches of ${BATCH_LIMIT.toLocaleString('en-GB')}`);
    const batchMs: number[] = [];
    let last = performance.now();
    const started = last;
    const result = await sealAllAuditEvents(pool, headFile, (batch: SealResult) => {
      const now = performance.now();
      batchMs.push(now - last);
      last = now;
      if (batchMs.length % 100 === 0)
        say(`  ${batchMs.length} seals, ${(batchMs.length * BATCH_LIMIT).toLocaleString('en-GB')} events`);
      void batch;
    });
    const sealMs = performance.now() - started;
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const first = batchMs.slice(0, 20);
    const tail = batchMs.slice(-20);
    say(
      `Sealed ${result.sealed.toLocaleString('en-GB')} events in ${result.seals} seals, ${(sealMs / 1000).toFixed(1)} s: ` +
        `${rate(result.sealed, sealMs)} events/s`,
    );
    const sorted = [...batchMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    say(
      `  batch times: median ${median.toFixed(0)} ms (${rate(BATCH_LIMIT, median)} events/s), ` +
        `slowest ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} ms`,
    );
    say(
      `  first 20 batches: ${avg(first).toFixed(0)} ms a batch (${rate(BATCH_LIMIT, avg(first))} events/s); ` +
        `last 20: ${avg(tail).toFixed(0)} ms a batch (${rate(BATCH_LIMIT, avg(tail))} events/s)`,
    );

    // one more batch on the full table: the old selection against the new one
    await insertEvents(pool, BATCH_LIMIT);
    const mark = (
      await pool.query<{ last_xid: string; last_event_id: string }>(
        'select last_xid::text as last_xid, last_event_id::text as last_event_id from audit.seal order by id desc limit 1',
      )
    ).rows[0]!;
    const timeIt = async (sql: string, params: unknown[]) => {
      const t0 = performance.now();
      const r = await pool.query(sql, params);
      return { ms: performance.now() - t0, rows: r.rowCount ?? 0 };
    };
    const old = await timeIt(
      `select e.id from audit.event e
        where e.xid < pg_snapshot_xmin(pg_current_snapshot())
          and not exists (select 1 from audit.chain c where c.event_id = e.id)
        order by e.id limit ${BATCH_LIMIT}`,
      [],
    );
    const keyset = await timeIt(
      `with candidate as materialized (
         select e.id from audit.event e
          where e.xid < pg_snapshot_xmin(pg_current_snapshot())
            and (e.xid, e.id) > ($1::xid8, $2::bigint)
          order by e.xid, e.id limit ${BATCH_LIMIT})
       select k.id from candidate k
        where not exists (select 1 from audit.chain c where c.event_id = k.id)`,
      [mark.last_xid, mark.last_event_id],
    );
    say(
      `Selecting the next batch at ${(EVENTS + BATCH_LIMIT).toLocaleString('en-GB')} events: ` +
        `old anti-join ${old.ms.toFixed(0)} ms (${old.rows} rows), high-water mark ${keyset.ms.toFixed(0)} ms (${keyset.rows} rows)`,
    );
    const tailSeal = performance.now();
    const more = await sealAllAuditEvents(pool, headFile);
    say(`Sealing that batch: ${(performance.now() - tailSeal).toFixed(0)} ms for ${more.sealed} events`);
  } finally {
    await pool.end();
    if (process.env.BENCH_KEEP === '1') say(`Kept database ${name}`);
    else {
      await adminQuery(`drop database if exists ${name} with (force)`);
      say(`Dropped database ${name}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
