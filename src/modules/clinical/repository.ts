import type { Tx } from '../../platform/db/request-tx.js';

export function listNotes(tx: Tx, caseId: string) {
  return tx
    .selectFrom('clinical_note as n')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.display_name as author'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at', 'desc')
    .execute();
}

export async function insertNote(tx: Tx, caseId: string, authorId: string, body: string): Promise<string> {
  const row = await tx
    .insertInto('clinical_note')
    .values({ case_id: caseId, author_id: authorId, body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
