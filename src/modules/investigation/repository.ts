import type { Tx } from '../../platform/db/request-tx.js';

/** The case's investigation status changes standing (not withdrawn), newest first, with who recorded each. */
export function listInvestigationEvents(tx: Tx, caseId: string) {
  return tx
    .selectFrom('investigation_status_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.by_user')
    .select([
      'e.id',
      'e.from_status',
      'e.to_status',
      'e.effective_on',
      'e.reason',
      'e.at',
      'u.display_name as recorded_by',
    ])
    .where('e.case_id', '=', caseId)
    .where('e.withdrawn_at', 'is', null)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

/** The case's investigation changes withdrawn as entered in error, newest first, with who and why. */
export function listWithdrawnInvestigationEvents(tx: Tx, caseId: string) {
  return tx
    .selectFrom('investigation_status_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.withdrawn_by')
    .select([
      'e.id',
      'e.from_status',
      'e.to_status',
      'e.effective_on',
      'e.withdrawn_at',
      'e.withdrawn_reason',
      'u.display_name as withdrawn_by',
    ])
    .where('e.case_id', '=', caseId)
    .where('e.withdrawn_at', 'is not', null)
    .orderBy('e.withdrawn_at', 'desc')
    .execute();
}

export type InvestigationEventRow = Awaited<ReturnType<typeof listInvestigationEvents>>[number];

/** When the latest recorded change took effect ('YYYY-MM-DD'), or null when none is recorded. */
export async function latestEffectiveOn(tx: Tx, caseId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('investigation_status_event')
    .select((eb) => eb.fn.max('effective_on').as('latest'))
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return row?.latest ?? null;
}

export async function insertInvestigationEvent(
  tx: Tx,
  e: { caseId: string; from: string; to: string; effectiveOn: string; reason: string; by: string },
): Promise<string> {
  const row = await tx
    .insertInto('investigation_status_event')
    .values({
      case_id: e.caseId,
      from_status: e.from,
      to_status: e.to,
      effective_on: e.effectiveOn,
      reason: e.reason,
      by_user: e.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
