import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';

/** A clinical note as its own page shows it. */
export type NoteRow = {
  id: string;
  body: string;
  authorId: string;
  author: string;
  createdAt: Date;
  version: number;
  withdrawn: Withdrawal | null;
};

function notes(tx: Tx, caseId: string) {
  return tx
    .selectFrom('clinical_note as n')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .leftJoin('app_user as w', 'w.id', 'n.withdrawn_by')
    .select([
      'n.id',
      'n.body',
      'n.created_at',
      'n.author_id',
      'u.display_name as author',
      'n.version',
      'n.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'n.withdrawn_reason',
    ])
    .where('n.case_id', '=', caseId);
}

/** The case's notes standing (not withdrawn), newest first: the list and its API. */
export function listNotes(tx: Tx, caseId: string) {
  return notes(tx, caseId).where('n.withdrawn_at', 'is', null).orderBy('n.created_at', 'desc').execute();
}

/** The case's notes withdrawn as entered in error, newest first (links to their pages). */
export function listWithdrawnNotes(tx: Tx, caseId: string) {
  return tx
    .selectFrom('clinical_note')
    .select(['id', 'created_at', 'withdrawn_at'])
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute();
}

/** One note of the case, withdrawn or not; null when not there (or hidden by row-level security). */
export async function getNote(tx: Tx, caseId: string, id: string): Promise<NoteRow | null> {
  const r = await notes(tx, caseId).where('n.id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    body: r.body,
    authorId: r.author_id,
    author: r.author,
    createdAt: r.created_at,
    version: r.version,
    withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by_name, r.withdrawn_reason),
  };
}

/** Saves a correction's text as the next version, only if the note is still at `version` and standing. */
export async function updateNote(tx: Tx, id: string, version: number, body: string): Promise<boolean> {
  const done = await tx
    .updateTable('clinical_note')
    .set({ body, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(done);
}

export async function insertNote(tx: Tx, caseId: string, authorId: string, body: string): Promise<string> {
  const row = await tx
    .insertInto('clinical_note')
    .values({ case_id: caseId, author_id: authorId, body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
