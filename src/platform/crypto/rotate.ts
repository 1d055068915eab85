import { DecryptionError, rewrap, type Sealed } from './envelope.js';
import { victimContactAmendmentContext, victimContactContext } from './contexts.js';
import type { Keyring } from './keyring.js';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';

/** Rows re-wrapped per transaction. */
export const ROTATE_BATCH_SIZE = 200;

/** A record that cannot be re-wrapped: rotation stops, and that record's batch is rolled back. */
export class RotationError extends Error {
  override name = 'RotationError';
  constructor(
    message: string,
    readonly recordId: string,
    /** records re-wrapped, in earlier batches, before rotation stopped: they stay re-wrapped */
    public rewrapped = 0,
  ) {
    super(message);
  }
}

export type RotationResult = {
  /** records whose data key is now wrapped under the current master key */
  rewrapped: number;
  /** records that were already under the current master key */
  alreadyCurrent: number;
};

/** A sealed row as rotation sees it: where it is, its envelope, and the context bound into it. */
type SealedRow = { id: string; key_id: string; wrapped_key: Buffer; ciphertext: Buffer; context: string };
type OwnerTx = Transaction<DB>;

/**
 * The tables whose rows are sealed under a master key: a victim's contact details, and the values
 * before and after of each of their corrections (migration 042; rows made before it have none).
 */
const SEALED_TABLES: readonly {
  table: 'victim_contact' | 'victim_contact_amendment';
  /** the rows (by id, after `after`) not under `current`, locked, in a batch */
  batch: (tx: OwnerTx, current: string, after: string | null) => Promise<SealedRow[]>;
}[] = [
  {
    table: 'victim_contact',
    batch: async (tx, current, after) => {
      let query = tx
        .selectFrom('victim_contact')
        .select(['id', 'case_id', 'case_victim_id', 'key_id', 'wrapped_key', 'ciphertext'])
        .where('key_id', '<>', current);
      if (after !== null) query = query.where('id', '>', after);
      const rows = await query.orderBy('id').limit(ROTATE_BATCH_SIZE).forUpdate().execute();
      return rows.map((r) => ({ ...r, context: victimContactContext(r) }));
    },
  },
  {
    table: 'victim_contact_amendment',
    batch: async (tx, current, after) => {
      let query = tx
        .selectFrom('victim_contact_amendment')
        .select(['id', 'case_id', 'record_id', 'version_after', 'key_id', 'wrapped_key', 'ciphertext'])
        .where('key_id', 'is not', null)
        .where('key_id', '<>', current);
      if (after !== null) query = query.where('id', '>', after);
      const rows = await query.orderBy('id').limit(ROTATE_BATCH_SIZE).forUpdate().execute();
      return rows.map((r) => ({
        id: r.id,
        key_id: r.key_id!,
        wrapped_key: r.wrapped_key!,
        ciphertext: r.ciphertext!,
        context: victimContactAmendmentContext(r),
      }));
    },
  },
];

/**
 * Key rotation: wraps the data key of every sealed record (victim_contact, then the corrections'
 * kept values in victim_contact_amendment) that is not under the keyring's current master key
 * again, under the current one. The ciphertext is not touched, only key_id and wrapped_key, in one
 * UPDATE per record, so no record is ever half-rotated. Works through the records in batches of
 * ROTATE_BATCH_SIZE, one transaction each, with the owner connection.
 *
 * Records under a master key that is not in the keyring, or whose wrapped key does not
 * authenticate (damaged or altered), stop the rotation with a RotationError naming the record; its
 * batch is rolled back, and the batches before it stay rotated (each of them completely).
 */
export async function rotateKeys(
  db: Database,
  keyring: Keyring,
  onProgress?: (done: number, total: number) => void,
): Promise<RotationResult> {
  const current = keyring.currentId;
  const known = [...keyring.keys.keys()];

  // fail before changing anything when a master key is missing from the keyring altogether
  for (const { table } of SEALED_TABLES) {
    const unknown = await db.owner
      .selectFrom(table)
      .select(['id', 'key_id'])
      .where('key_id', 'not in', known)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!unknown) continue;
    const others = await db.owner
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key_id', 'not in', known)
      .executeTakeFirstOrThrow();
    throw new RotationError(
      `Record ${unknown.id} (${table}) is encrypted under master key "${unknown.key_id}", which is not ` +
        `in the keyring (${known.join(', ')}); ${Number(others.n)} record(s) are under keys not in it. ` +
        'Add the old keys after the new one in RECOLO_MASTER_KEYS. Nothing was changed.',
      unknown.id,
    );
  }

  let alreadyCurrent = 0;
  let total = 0;
  for (const { table } of SEALED_TABLES) {
    const counts = await db.owner
      .selectFrom(table)
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('key_id', '=', current).as('current'),
        eb.fn.countAll<number>().filterWhere('key_id', '<>', current).as('other'),
      ])
      .executeTakeFirstOrThrow();
    alreadyCurrent += Number(counts.current);
    total += Number(counts.other);
  }

  let done = 0;
  for (const sealed of SEALED_TABLES) {
    let after: string | null = null;
    for (;;) {
      const batch: string[] = await rewrapBatch(db, keyring, sealed, after).catch((error: unknown) => {
        if (error instanceof RotationError) error.rewrapped = done;
        throw error;
      });
      if (batch.length === 0) break;
      done += batch.length;
      after = batch[batch.length - 1]!;
      // records an application instance still on the old keyring wrote meanwhile are rotated too
      total = Math.max(total, done);
      onProgress?.(done, total);
      if (batch.length < ROTATE_BATCH_SIZE) break;
    }
  }
  return { rewrapped: done, alreadyCurrent };
}

/**
 * One transaction: locks the next batch of the table's records (by id, after `after`) not under
 * the current key, re-wraps each one's data key and updates it. Returns the ids re-wrapped. Any
 * failure rolls the whole batch back.
 */
async function rewrapBatch(
  db: Database,
  keyring: Keyring,
  sealedTable: (typeof SEALED_TABLES)[number],
  after: string | null,
): Promise<string[]> {
  const current = keyring.currentId;
  const { table } = sealedTable;
  return db.owner.transaction().execute(async (tx) => {
    const rows = await sealedTable.batch(tx, current, after);
    for (const row of rows) {
      let sealed: Sealed;
      try {
        sealed = rewrap(keyring, row.context, {
          keyId: row.key_id,
          wrappedKey: row.wrapped_key,
          ciphertext: row.ciphertext,
        });
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        throw new RotationError(
          keyring.keys.has(row.key_id)
            ? `Record ${row.id} (${table}) could not be re-wrapped: its data key, under master key ` +
                `"${row.key_id}", does not authenticate. It is damaged or was altered, or that key is not ` +
                'the one it was encrypted with.'
            : `Record ${row.id} (${table}) is encrypted under master key "${row.key_id}", which is not in the keyring.`,
          row.id,
        );
      }
      const updated = await tx
        .updateTable(table)
        .set({ key_id: sealed.keyId, wrapped_key: sealed.wrappedKey })
        .where('id', '=', row.id)
        .where('key_id', '=', row.key_id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new RotationError(`Record ${row.id} (${table}) changed while it was being re-wrapped.`, row.id);
      }
    }
    return rows.map((row) => row.id);
  });
}

/**
 * How many sealed records are under each master key id (counts only): a victim's contact details
 * and their corrections' kept values alike, as both must stay under a key in the keyring.
 */
export async function recordsByKey(db: Database): Promise<{ keyId: string; records: number }[]> {
  const counts = new Map<string, number>();
  for (const { table } of SEALED_TABLES) {
    const rows = await db.owner
      .selectFrom(table)
      .select((eb) => ['key_id', eb.fn.countAll<number>().as('n')])
      .where('key_id', 'is not', null)
      .groupBy('key_id')
      .execute();
    for (const r of rows) counts.set(r.key_id!, (counts.get(r.key_id!) ?? 0) + Number(r.n));
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([keyId, records]) => ({ keyId, records }));
}
