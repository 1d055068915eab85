import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type { Handling } from './schemas.js';

/** A police intelligence entry as its own page shows it. */
export type EntryRow = {
  id: string;
  body: string;
  handling: Handling;
  author: string;
  createdAt: Date;
  version: number;
  withdrawn: Withdrawal | null;
};

function entries(tx: Tx, caseId: string) {
  return tx
    .selectFrom('police_intelligence as i')
    .innerJoin('app_user as u', 'u.id', 'i.author_id')
    .leftJoin('app_user as w', 'w.id', 'i.withdrawn_by')
    .select([
      'i.id',
      'i.body',
      'i.handling',
      'i.created_at',
      'u.display_name as author',
      'i.version',
      'i.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'i.withdrawn_reason',
    ])
    .where('i.case_id', '=', caseId);
}

/** The case's intelligence standing (not withdrawn), newest first: the list and its API. */
export function listIntelligence(tx: Tx, caseId: string) {
  return entries(tx, caseId).where('i.withdrawn_at', 'is', null).orderBy('i.created_at', 'desc').execute();
}

/** The case's entries withdrawn as entered in error, newest first (links to their pages). */
export function listWithdrawnIntelligence(tx: Tx, caseId: string) {
  return tx
    .selectFrom('police_intelligence')
    .select(['id', 'created_at', 'withdrawn_at'])
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute();
}

/** One entry of the case, withdrawn or not; null when not there (or hidden by row-level security). */
export async function getEntry(tx: Tx, caseId: string, id: string): Promise<EntryRow | null> {
  const r = await entries(tx, caseId).where('i.id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    body: r.body,
    handling: r.handling as Handling,
    author: r.author,
    createdAt: r.created_at,
    version: r.version,
    withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by_name, r.withdrawn_reason),
  };
}

/** Saves a correction as the next version, only if the entry is still at `version` and standing. */
export async function updateEntry(
  tx: Tx,
  id: string,
  version: number,
  values: { body: string; handling: Handling },
): Promise<boolean> {
  const done = await tx
    .updateTable('police_intelligence')
    .set({ body: values.body, handling: values.handling, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(done);
}

export async function insertIntelligence(
  tx: Tx,
  caseId: string,
  authorId: string,
  body: string,
  handling: string,
): Promise<string> {
  const row = await tx
    .insertInto('police_intelligence')
    .values({ case_id: caseId, author_id: authorId, body, handling })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
