import type { Tx } from '../../platform/db/request-tx.js';
import type { ConsultationInput } from './schemas.js';

export function listConsultations(tx: Tx, caseId: string) {
  return tx
    .selectFrom('consultation as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_id')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select([
      'c.id',
      'c.requested_by',
      'c.requesting_agency',
      'c.requested_on',
      'c.question',
      'c.advice',
      'c.recommended_actions',
      'c.follow_up_on',
      'c.created_at',
      'u.display_name as author',
      'u.role as author_role',
      'a.name as author_agency',
    ])
    .where('c.case_id', '=', caseId)
    .orderBy('c.requested_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}
export type ConsultationRow = Awaited<ReturnType<typeof listConsultations>>[number];

export async function insertConsultation(tx: Tx, caseId: string, authorId: string, c: ConsultationInput) {
  const row = await tx
    .insertInto('consultation')
    .values({
      case_id: caseId,
      requested_by: c.requestedBy,
      requesting_agency: c.requestingAgency,
      requested_on: c.requestedOn,
      question: c.question,
      advice: c.advice,
      recommended_actions: c.recommendedActions,
      follow_up_on: c.followUpOn,
      author_id: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
