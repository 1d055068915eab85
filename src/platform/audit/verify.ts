import type pg from 'pg';
import { chainHash, EVENT_TEXT_COLUMNS, GENESIS_HASH, type SealedEventText } from './chain.js';
import { readRecordedHeads } from './seal.js';

export type VerifyProblem = {
  kind: 'altered' | 'deleted' | 'inserted' | 'seal' | 'head';
  eventId: string | null;
  message: string;
};
export type VerifyReport = { ok: boolean; checked: number; seals: number; problems: VerifyProblem[] };

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
  onProgress: (checked: number, total: number) => void = () => undefined,
): Promise<VerifyReport> {
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

  problems.sort((a, b) => Number(a.eventId ?? Infinity) - Number(b.eventId ?? Infinity));
  return { ok: problems.length === 0, checked, seals: sealHeads.size, problems };
}
