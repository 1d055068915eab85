import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { chainHash, EVENT_TEXT_COLUMNS, GENESIS_HASH, type SealedEventText } from './chain.js';

const SEAL_LOCK_KEY = 7_324_002;
export const BATCH_LIMIT = 5000;

export type SealResult = { sealed: number; headHash: string | null; sealId: number | null };
export type SealAllResult = { sealed: number; seals: number; headHash: string | null };

type SealRow = SealedEventText & { xid: string };

/**
 * Seals one batch of audit events into the hash chain. Only events whose transactions have all
 * finished (xid below the snapshot's xmin) are sealed, so requests keep inserting freely, in
 * parallel, and a slow transaction's event is simply sealed in a later batch. Runs on the owner
 * connection.
 *
 * Events are chained in (xid, id) order, starting after the last sealed one (the seal's high-water
 * mark): an index range scan, so a batch costs the same however large the table grows. The id
 * alone would not do: ids are taken when a row is inserted, transactions finish in any order, so
 * a finished event can have a lower id than one already sealed. Its xid cannot be lower, though:
 * a transaction still running at a seal has an xid at or above that seal's xmin, and every sealed
 * xid is below it.
 */
export async function sealAuditEvents(
  pool: pg.Pool,
  headFile: string | null,
  batchLimit = BATCH_LIMIT,
): Promise<SealResult> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const lock = await client.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [
      SEAL_LOCK_KEY,
    ]);
    if (!lock.rows[0]?.ok) {
      await client.query('rollback');
      return { sealed: 0, headHash: null, sealId: null };
    }
    const last = await client.query<{
      head_hash: string;
      last_xid: string | null;
      last_event_id: string | null;
    }>(
      `select head_hash, last_xid::text as last_xid, last_event_id::text as last_event_id
         from audit.seal order by id desc limit 1`,
    );
    let previous = last.rows[0]?.head_hash ?? GENESIS_HASH;
    const mark = last.rows[0]?.last_xid ? last.rows[0] : null;
    // the candidates come from the (xid, id) index, at most one batch of them, before anything
    // else: the anti-join (a guard, as seals made before the high-water mark existed chained in
    // id order, so their events may lie beyond the mark) then probes the chain's index once per
    // candidate instead of hashing the whole chain
    const events = await client.query<SealRow>(
      `with candidate as materialized (
         select e.id from audit.event e
          where e.xid < pg_snapshot_xmin(pg_current_snapshot())
            ${mark ? 'and (e.xid, e.id) > ($1::xid8, $2::bigint)' : 'and not exists (select 1 from audit.chain c where c.event_id = e.id)'}
          order by e.xid, e.id
          limit ${Math.max(1, Math.floor(batchLimit))})
       select ${EVENT_TEXT_COLUMNS}, e.xid::text as xid
         from candidate k join audit.event e on e.id = k.id
        where not exists (select 1 from audit.chain c where c.event_id = k.id)
        order by e.xid, e.id`,
      mark ? [mark.last_xid, mark.last_event_id] : [],
    );
    if (events.rows.length === 0) {
      await client.query('rollback');
      return { sealed: 0, headHash: previous, sealId: null };
    }
    const lastRow = events.rows[events.rows.length - 1]!;
    const seal = await client.query<{ id: string }>(
      `insert into audit.seal (event_count, head_hash, last_xid, last_event_id)
       values ($1, '', $2::xid8, $3::bigint) returning id::text as id`,
      [events.rows.length, lastRow.xid, lastRow.id],
    );
    const sealId = seal.rows[0]!.id;
    const ids: string[] = [];
    const hashes: string[] = [];
    for (const event of events.rows) {
      previous = chainHash(previous, event);
      ids.push(event.id);
      hashes.push(previous);
    }
    const inserted = await client.query<{ first: string; last: string }>(
      `with rows as (
         insert into audit.chain (event_id, seal_id, hash)
         select e, $1::bigint, h from unnest($2::bigint[], $3::text[]) with ordinality as t(e, h, n) order by n
         returning seq)
       select min(seq)::text as first, max(seq)::text as last from rows`,
      [sealId, ids, hashes],
    );
    await client.query('update audit.seal set head_hash = $2, first_seq = $3, last_seq = $4 where id = $1', [
      sealId,
      previous,
      inserted.rows[0]!.first,
      inserted.rows[0]!.last,
    ]);
    await client.query('commit');
    if (headFile) writeHead(headFile, Number(sealId), previous, events.rows.length);
    return { sealed: events.rows.length, headHash: previous, sealId: Number(sealId) };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Seals batch after batch until no finished event is left unsealed, so the backlog cannot grow
 * however fast events are written. Each batch is its own seal and transaction. `onBatch` hears of
 * each seal (for progress).
 */
export async function sealAllAuditEvents(
  pool: pg.Pool,
  headFile: string | null,
  onBatch: (result: SealResult) => void = () => undefined,
  batchLimit = BATCH_LIMIT,
): Promise<SealAllResult> {
  let sealed = 0;
  let seals = 0;
  let headHash: string | null = null;
  for (;;) {
    const result = await sealAuditEvents(pool, headFile, batchLimit);
    if (result.sealed === 0) {
      headHash ??= result.headHash;
      break;
    }
    sealed += result.sealed;
    seals += 1;
    headHash = result.headHash;
    onBatch(result);
  }
  return { sealed, seals, headHash };
}

/** The chain head also lives outside the database, where a database superuser cannot rewrite it. */
function writeHead(file: string, sealId: number, head: string, count: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${new Date().toISOString()} seal=${sealId} events=${count} head=${head}\n`, {
    mode: 0o600,
  });
}

export function readRecordedHeads(file: string): Map<number, string> {
  const heads = new Map<number, string>();
  if (!fs.existsSync(file)) return heads;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /seal=(\d+) events=\d+ head=([0-9a-f]{64})/.exec(line);
    if (m) heads.set(Number(m[1]), m[2]!);
  }
  return heads;
}
