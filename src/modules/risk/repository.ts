import type { Tx } from '../../platform/db/request-tx.js';

export function listPlans(tx: Tx, caseId: string) {
  return tx
    .selectFrom('risk_plan as p')
    .innerJoin('app_user as u', 'u.id', 'p.author_id')
    .select([
      'p.id',
      'p.risk_level',
      'p.summary',
      'p.next_review_date',
      'p.created_at',
      'u.display_name as author',
    ])
    .where('p.case_id', '=', caseId)
    .orderBy('p.created_at', 'desc')
    .execute();
}

export async function insertPlan(
  tx: Tx,
  caseId: string,
  authorId: string,
  plan: { riskLevel: string; summary: string; nextReviewDate: string },
): Promise<string> {
  const row = await tx
    .insertInto('risk_plan')
    .values({
      case_id: caseId,
      author_id: authorId,
      risk_level: plan.riskLevel,
      summary: plan.summary,
      next_review_date: plan.nextReviewDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
