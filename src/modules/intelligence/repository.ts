import type { Tx } from '../../platform/db/request-tx.js';

export function listIntelligence(tx: Tx, caseId: string) {
  return tx
    .selectFrom('police_intelligence as i')
    .innerJoin('app_user as u', 'u.id', 'i.author_id')
    .select(['i.id', 'i.body', 'i.handling', 'i.created_at', 'u.display_name as author'])
    .where('i.case_id', '=', caseId)
    .orderBy('i.created_at', 'desc')
    .execute();
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
