import type pg from 'pg';
import { chainHash, EVENT_TEXT_COLUMNS, GENESIS_HASH, type SealedEventText } from './chain.js';
import { checkAuditMac, type AuditKeys, type MacFields } from './mac.js';
import { readRecordedHeads } from './seal.js';

export type VerifyProblem = {
  /**
   * altered, deleted, inserted: the chain; seal, head: a seal or its recorded head; unauthenticated:
   * no Recolo process wrote the event as it stands (no MAC, an unknown key, or a MAC that does not
   * match); impersonated: written in the name of a user other than the one whose session (or API
   * token) made the request
   */
  kind: 'altered' | 'deleted' | 'inserted' | 'seal' | 'head' | 'unauthenticated' | 'impersonated';
  eventId: string | null;
  message: string;
};
export type VerifyReport = {
  ok: boolean;
  /** sealed events whose chain link was recomputed */
  checked: number;
  seals: number;
  /** events whose MAC was checked (every event from macRequiredFrom on, sealed or not) */
  authenticated: number;
  /** the first event id that must carry a MAC (earlier ones predate audit MACs) */
  macRequiredFrom: number;
  problems: VerifyProblem[];
};
export type VerifyOptions = {
  /** the audit MAC keys (RECOLO_AUDIT_KEYS or the local key file) */
  keys: AuditKeys;
  onProgress?: (checked: number, total: number) => void;
};

// an unsealed event older than this, behind a later seal, cannot be a legitimately slow request
const GRACE_SECONDS = 300;
const PAGE = 5000;

type ChainRow = SealedEventText & {
  seq: string;
  seal_id: string;
  event_id: string;
  hash: string;
  present: boolean;
};

/**
 * Recomputes the chain from the first sealed event and names every event that was altered,
 * deleted, or inserted into the sealed past; checks each seal's head against the heads recorded
 * outside the database.
 */
export async function verifyAuditChain(
  pool: pg.Pool,
  headFile: string | null,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const onProgress = options.onProgress ?? (() => undefined);
  const problems: VerifyProblem[] = [];
  const total = Number(
    (await pool.query<{ n: string }>('select count(*)::text as n from audit.chain')).rows[0]?.n ?? '0',
  );
  const sealHeads = new Map<string, { head: string; lastSeq: string | null }>();
  for (const s of (
    await pool.query<{ id: string; head_hash: string; last_seq: string | null }>(
      'select s.id::text as id, s.head_hash, s.last_seq::text as last_seq from audit.seal s order by s.id',
    )
  ).rows) {
    sealHeads.set(s.id, { head: s.head_hash, lastSeq: s.last_seq });
  }

  let previous = GENESIS_HASH;
  let checked = 0;
  let afterSeq = '0';
  const chainHeadAtSeq = new Map<string, string>();
  for (;;) {
    const page = await pool.query<ChainRow>(
      `select c.seq::text as seq, c.seal_id::text as seal_id, c.event_id::text as event_id, c.hash,
              (e.id is not null) as present, ${EVENT_TEXT_COLUMNS}
         from audit.chain c left join audit.event e on e.id = c.event_id
        where c.seq > $1 order by c.seq limit ${PAGE}`,
      [afterSeq],
    );
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      if (!row.present) {
        problems.push({
          kind: 'deleted',
          eventId: row.event_id,
          message: `Audit event ${row.event_id} was deleted`,
        });
      } else if (chainHash(previous, row) !== row.hash) {
        problems.push({
          kind: 'altered',
          eventId: row.event_id,
          message: `Audit event ${row.event_id} was altered`,
        });
      }
      previous = row.hash;
      chainHeadAtSeq.set(row.seq, row.hash);
      checked += 1;
      afterSeq = row.seq;
    }
    onProgress(checked, total);
  }

  const recorded = headFile ? readRecordedHeads(headFile) : new Map<number, string>();
  for (const [id, seal] of sealHeads) {
    if (seal.lastSeq && chainHeadAtSeq.get(seal.lastSeq) !== seal.head) {
      problems.push({
        kind: 'seal',
        eventId: null,
        message: `Seal ${id} does not match the chain it closes`,
      });
    }
    const outside = recorded.get(Number(id));
    if (outside && outside !== seal.head) {
      problems.push({
        kind: 'head',
        eventId: null,
        message: `Seal ${id} differs from the chain head recorded outside the database`,
      });
    }
  }

  const inserted = await pool.query<{ id: string }>(
    `select e.id::text as id from audit.event e
      where not exists (select 1 from audit.chain c where c.event_id = e.id)
        and e.at < (select max(sealed_at) from audit.seal) - make_interval(secs => $1)
      order by e.id limit 100`,
    [GRACE_SECONDS],
  );
  for (const row of inserted.rows) {
    problems.push({
      kind: 'inserted',
      eventId: row.id,
      message: `Audit event ${row.id} was inserted into the sealed past`,
    });
  }

  const macs = await checkMacs(pool, options.keys, problems);

  problems.sort((a, b) => Number(a.eventId ?? Infinity) - Number(b.eventId ?? Infinity));
  return {
    ok: problems.length === 0,
    checked,
    seals: sealHeads.size,
    authenticated: macs.checked,
    macRequiredFrom: macs.from,
    problems,
  };
}

type MacRow = MacFields & { id: string; mac: string | null; mac_key_id: string | null };

/**
 * Checks every event's MAC, sealed or not: an event no Recolo process wrote is named whether or
 * not it was sealed since, and however it was dated. Then the session binding: the user an event
 * names must be the user whose credential made the request.
 */
async function checkMacs(
  pool: pg.Pool,
  keys: AuditKeys,
  problems: VerifyProblem[],
): Promise<{ checked: number; from: number }> {
  const start = await pool.query<{ first: string }>(
    'select first_event_id::text as first from audit.mac_required_from',
  );
  const from = Number(start.rows[0]?.first ?? '1');
  let after = String(from - 1);
  let checked = 0;
  for (;;) {
    const page = await pool.query<MacRow>(
      `select ${EVENT_TEXT_COLUMNS}, e.mac, e.mac_key_id, e.session_ref,
              e.session_user_id::text as session_user_id
         from audit.event e where e.id > $1 order by e.id limit ${PAGE}`,
      [after],
    );
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      after = row.id;
      checked += 1;
      const result = checkAuditMac(keys, row.mac, row.mac_key_id, row);
      if (result === 'missing') {
        problems.push({
          kind: 'unauthenticated',
          eventId: row.id,
          message: `Audit event ${row.id} has no MAC: no Recolo process wrote it`,
        });
      } else if (result === 'unknown-key') {
        problems.push({
          kind: 'unauthenticated',
          eventId: row.id,
          message: `Audit event ${row.id} names an audit key that is not configured: add the key to RECOLO_AUDIT_KEYS, or it was forged`,
        });
      } else if (result === 'mismatch') {
        problems.push({
          kind: 'unauthenticated',
          eventId: row.id,
          message: `Audit event ${row.id} does not match its MAC: it was forged or altered`,
        });
      } else if (row.user_id !== null && row.user_id !== row.session_user_id) {
        problems.push({
          kind: 'impersonated',
          eventId: row.id,
          message: `Audit event ${row.id} was recorded in the name of a user other than the one whose session made the request`,
        });
      }
    }
  }
  return { checked, from };
}
