import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import type { ChargeInput, NewOffenceInput, OutcomeInput } from './schemas.js';
import { STALKING_OR_HARASSMENT } from './schemas.js';

export type OutcomeRow = {
  id: string;
  charge_id: string;
  outcome: string;
  outcome_on: string;
  sentence_kind: string | null;
  sentence_months: number | null;
  notes: string;
  created_at: Date;
  recorded_by: string;
  charge_wording: string;
  charge_classification: string;
};

/**
 * A case's court outcomes standing (neither they nor their charge withdrawn), newest first, with
 * their charge.
 */
export function listOutcomes(tx: Tx, caseId: string): Promise<OutcomeRow[]> {
  return tx
    .selectFrom('court_outcome as o')
    .innerJoin('court_charge as c', 'c.id', 'o.charge_id')
    .innerJoin('app_user as u', 'u.id', 'o.created_by')
    .select([
      'o.id',
      'o.charge_id',
      'o.outcome',
      'o.outcome_on',
      'o.sentence_kind',
      'o.sentence_months',
      'o.notes',
      'o.created_at',
      'u.display_name as recorded_by',
      'c.wording as charge_wording',
      'c.classification as charge_classification',
    ])
    .where('o.case_id', '=', caseId)
    .where('o.withdrawn_at', 'is', null)
    .where('c.withdrawn_at', 'is', null)
    .orderBy('o.outcome_on', 'desc')
    .orderBy('o.created_at', 'desc')
    .execute();
}

export type ChargeRow = {
  id: string;
  classification: string;
  wording: string;
  charged_on: string;
  court: string;
  created_at: Date;
  recorded_by: string;
  /** oldest first: the last is the outcome in force */
  outcomes: OutcomeRow[];
};

/** A case's charges standing (not withdrawn), newest first, each with its outcomes oldest first. */
export async function listCharges(tx: Tx, caseId: string): Promise<ChargeRow[]> {
  const [charges, outcomes] = await Promise.all([
    tx
      .selectFrom('court_charge as c')
      .innerJoin('app_user as u', 'u.id', 'c.created_by')
      .select([
        'c.id',
        'c.classification',
        'c.wording',
        'c.charged_on',
        'c.court',
        'c.created_at',
        'u.display_name as recorded_by',
      ])
      .where('c.case_id', '=', caseId)
      .where('c.withdrawn_at', 'is', null)
      .orderBy('c.charged_on', 'desc')
      .orderBy('c.created_at', 'desc')
      .execute(),
    listOutcomes(tx, caseId),
  ]);
  return charges.map((c) => ({
    ...c,
    outcomes: outcomes.filter((o) => o.charge_id === c.id).reverse(),
  }));
}

/** A charge standing on the case (an outcome is never recorded against a withdrawn one). */
export function findCharge(tx: Tx, caseId: string, chargeId: string) {
  return tx
    .selectFrom('court_charge')
    .select(['id', 'charged_on'])
    .where('case_id', '=', caseId)
    .where('id', '=', chargeId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
}

export async function insertCharge(tx: Tx, caseId: string, userId: string, c: ChargeInput): Promise<string> {
  const row = await tx
    .insertInto('court_charge')
    .values({
      case_id: caseId,
      classification: c.classification,
      wording: c.wording,
      charged_on: c.chargedOn,
      court: c.court,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertOutcome(
  tx: Tx,
  caseId: string,
  userId: string,
  o: OutcomeInput,
): Promise<string> {
  const row = await tx
    .insertInto('court_outcome')
    .values({
      case_id: caseId,
      charge_id: o.chargeId,
      outcome: o.outcome,
      outcome_on: o.outcomeOn,
      sentence_kind: o.sentenceKind ?? null,
      sentence_months: o.sentenceMonths ?? null,
      notes: o.notes,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A case's new offending standing (not withdrawn), newest offence first. */
export function listNewOffences(tx: Tx, caseId: string) {
  return tx
    .selectFrom('new_offence as o')
    .innerJoin('app_user as u', 'u.id', 'o.created_by')
    .select([
      'o.id',
      'o.event_kind',
      'o.classification',
      'o.offence_on',
      'o.known_on',
      'o.source_agency',
      'o.details',
      'o.created_at',
      'u.display_name as recorded_by',
    ])
    .where('o.case_id', '=', caseId)
    .where('o.withdrawn_at', 'is', null)
    .orderBy('o.offence_on', 'desc')
    .orderBy('o.created_at', 'desc')
    .execute();
}
export type NewOffenceRow = Awaited<ReturnType<typeof listNewOffences>>[number];

export async function insertNewOffence(
  tx: Tx,
  caseId: string,
  userId: string,
  o: NewOffenceInput,
): Promise<string> {
  const row = await tx
    .insertInto('new_offence')
    .values({
      case_id: caseId,
      event_kind: o.eventKind,
      classification: o.classification,
      offence_on: o.offenceOn,
      known_on: o.knownOn,
      source_agency: o.sourceAgency,
      details: o.details,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The case's referral date in the UK ('YYYY-MM-DD'): when the referral was received. New offending
 * is what happened on or after it.
 */
export async function referralDate(tx: Tx, caseId: string): Promise<string> {
  const r = await sql<{ d: string }>`
    select (coalesce(r.created_at, c.created_at) at time zone 'Europe/London')::date::text as d
      from cases c left join referral r on r.case_id = c.id
     where c.id = ${caseId}::uuid`.execute(tx);
  const d = r.rows[0]?.d;
  if (!d) throw new Error('the case has no referral date');
  return d;
}

export type FirstOffence = {
  id: string;
  offence_on: string;
  known_on: string;
  classification: string;
  event_kind: string;
};

/**
 * THE EVALUATION'S QUERY: the first new stalking or harassment offence (PHA 1997 s2, s2A, s4, s4A)
 * on a case whose offence date is after `after` (not on it), or null. One read of the partial index
 * new_offence_stalking_harassment_idx on (case_id, offence_on), stopping at the first row, through
 * the SQL function first_new_stalking_or_harassment (migration 018), which anyone may call with a
 * case and a date (e.g. the date the case was accepted).
 */
export async function firstNewStalkingOrHarassment(
  tx: Tx,
  caseId: string,
  after: string,
): Promise<FirstOffence | null> {
  const r = await sql<FirstOffence>`
    select id, offence_on::text as offence_on, known_on::text as known_on, classification, event_kind
      from first_new_stalking_or_harassment(${caseId}::uuid, ${after}::date)`.execute(tx);
  return r.rows[0] ?? null;
}

/** For the case overview: how many new offences, and the first stalking or harassment one. */
export async function offendingSummary(tx: Tx, caseId: string) {
  const counts = await tx
    .selectFrom('new_offence')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where classification in (${sql.join(
        STALKING_OR_HARASSMENT.map((c) => sql.lit(c)),
      )}))::int`.as('stalking_or_harassment'),
      sql<string | null>`min(offence_on)::text`.as('first_on'),
    ])
    .where('case_id', '=', caseId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  // a conviction stands while neither it nor its charge is withdrawn
  const convictions = await tx
    .selectFrom('court_outcome as o')
    .innerJoin('court_charge as c', 'c.id', 'o.charge_id')
    .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(o.outcome_on)::text`.as('latest')])
    .where('o.case_id', '=', caseId)
    .where('o.withdrawn_at', 'is', null)
    .where('c.withdrawn_at', 'is', null)
    .where('o.outcome', '=', 'convicted')
    .executeTakeFirstOrThrow();
  return {
    newOffences: counts.total,
    stalkingOrHarassment: counts.stalking_or_harassment,
    firstNewOffenceOn: counts.first_on,
    convictions: convictions.n,
    latestConvictionOn: convictions.latest,
  };
}
export type OffendingSummary = Awaited<ReturnType<typeof offendingSummary>>;

/** One new offence or court outcome on a case, withdrawn or not (null when not found). */
export function findOffendingRecord(
  tx: Tx,
  table: 'new_offence' | 'court_outcome',
  caseId: string,
  id: string,
) {
  return tx
    .selectFrom(table)
    .select(['id', 'created_at', 'withdrawn_at'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A case's new offences or court outcomes withdrawn as entered in error, newest withdrawal first:
 * what they were (`what`, for the list), when, by whom and why.
 */
export async function listWithdrawn(tx: Tx, table: 'new_offence' | 'court_outcome', caseId: string) {
  const rows = await sql<{
    id: string;
    on: string;
    kind: string;
    withdrawn_at: Date;
    withdrawn_by: string;
    withdrawn_reason: string;
  }>`
    select r.id, ${table === 'new_offence' ? sql`r.offence_on::text` : sql`r.outcome_on::text`} as on,
           ${table === 'new_offence' ? sql`r.classification` : sql`r.outcome`} as kind,
           r.withdrawn_at, u.display_name as withdrawn_by, r.withdrawn_reason
      from ${sql.table(table)} r join app_user u on u.id = r.withdrawn_by
     where r.case_id = ${caseId} and r.withdrawn_at is not null
     order by r.withdrawn_at desc`.execute(tx);
  return rows.rows;
}

/**
 * A case's charges withdrawn as entered in error, newest withdrawal first: what they were, when,
 * by whom and why. Their outcomes left the lists with them.
 */
export function listWithdrawnCharges(tx: Tx, caseId: string) {
  return tx
    .selectFrom('court_charge as c')
    .innerJoin('app_user as u', 'u.id', 'c.withdrawn_by')
    .select([
      'c.id',
      'c.wording',
      'c.classification',
      'c.charged_on',
      'c.withdrawn_at',
      'u.display_name as withdrawn_by',
      'c.withdrawn_reason',
    ])
    .where('c.case_id', '=', caseId)
    .where('c.withdrawn_at', 'is not', null)
    .orderBy('c.withdrawn_at', 'desc')
    .execute();
}
