import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import type { CaseFacts, FirstEvents } from './framework.js';

// Every read goes through the security-definer functions of migrations 026 and 043: they take only
// the sites the caller may evaluate and return dates, codes and counts, never an identity. Case ids
// stay on the server. A request loads its cases once (`caseRows`), chooses its cohort once
// (`useCohort`), and every aggregation then reads that cohort inside the database (migration 043:
// a temporary table of the transaction, so nothing is sent back and forth per aggregation).

/** A case's facts with its internal id (never shown; keys the per-case rows and pseudonyms). */
export type CaseRow = CaseFacts & { caseId: string };

const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

/** The sites the current user may evaluate, by name. */
export async function evaluationSites(tx: Tx): Promise<{ id: string; code: string; name: string }[]> {
  return (
    await sql<{ id: string; code: string; name: string }>`
      select s.id, s.code, s.name from site s
       where s.id in (select recolo_private.evaluation_site_ids()) order by s.name`.execute(tx)
  ).rows;
}

/**
 * The cases of these sites referred in the period (inclusive), as recorded by `asOf`, by referral
 * date; they stay loaded for the rest of the transaction, for `useCohort`.
 */
export async function caseRows(
  tx: Tx,
  siteIds: readonly string[],
  from: string | null,
  to: string | null,
  asOf: Date,
): Promise<CaseRow[]> {
  type Raw = Record<string, unknown>;
  const { rows } = await sql<Raw>`
    select * from recolo_private.evaluation_load(${[...siteIds]}::uuid[], ${from}::date, ${to}::date, ${asOf})`.execute(
    tx,
  );
  return rows.map((r) => ({
    caseId: String(r.case_id),
    siteId: String(r.site_id),
    referredOn: day(r.referred_on)!,
    acceptedOn: day(r.accepted_on),
    acceptedMode: (r.accepted_mode as string | null) ?? null,
    interventionOn: day(r.intervention_on),
    declinedOn: day(r.declined_on),
    closedOn: day(r.closed_on),
    dischargedOn: day(r.discharged_on),
    dischargeKind: (r.discharge_kind as string | null) ?? null,
    unplannedReason: (r.unplanned_reason as string | null) ?? null,
    firstSessionOn: day(r.first_session_on),
    typology: (r.typology as string | null) ?? null,
    riskAtEntry: (r.risk_at_entry as string | null) ?? null,
    ageAtReferral: r.age_at_referral === null ? null : Number(r.age_at_referral),
  }));
}

/**
 * Chooses the cohort the aggregations below read: these cases (of those `caseRows` loaded in this
 * transaction), each with its start date (null: no start before the data date, so no first events).
 * Returns how many it kept. Call it again to choose another cohort in the same transaction.
 */
export async function useCohort(
  tx: Tx,
  cohort: readonly { caseId: string; start: string | null }[],
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select recolo_private.evaluation_use_cohort(
      ${cohort.map((c) => c.caseId)}::uuid[], ${cohort.map((c) => c.start)}::date[]) as n`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}

/** The first event of each outcome kind after each start date of the cohort (`useCohort`). */
export async function firstEvents(tx: Tx, asOf: Date): Promise<Map<string, FirstEvents>> {
  const out = new Map<string, FirstEvents>();
  const { rows } = await sql<Record<string, unknown>>`
    select * from recolo_private.evaluation_cohort_first_events(${asOf})`.execute(tx);
  for (const r of rows) {
    out.set(String(r.case_id), {
      stalking_harassment: day(r.stalking_harassment_on),
      any_offence: day(r.any_offence_on),
      breach: day(r.breach_on),
      police_incident: day(r.police_incident_on),
    });
  }
  return out;
}

export type RiskChangeRow = { domain: string; first: string; latest: string; n: number };

/** First × latest structured-judgement rating per domain, counted over the cohort. */
export async function riskChange(tx: Tx, asOf: Date): Promise<RiskChangeRow[]> {
  const { rows } = await sql<{ domain: string; first_rating: string; latest_rating: string; n: number }>`
    select * from recolo_private.evaluation_cohort_risk_change(${asOf})`.execute(tx);
  return rows.map((r) => ({
    domain: r.domain,
    first: r.first_rating,
    latest: r.latest_rating,
    n: Number(r.n),
  }));
}

export type EngagementTotals = {
  cases: number;
  casesWithSessions: number;
  offered: number;
  attended: number;
  didNotAttend: number;
  cancelledByPerson: number;
  cancelledByService: number;
  casesWithPlan: number;
  casesCompletedCourse: number;
};

/** Sessions offered, attended, missed and cancelled, and courses completed, over the cohort. */
export async function engagement(tx: Tx, asOf: Date): Promise<EngagementTotals> {
  const { rows } = await sql<Record<string, number>>`
    select * from recolo_private.evaluation_cohort_engagement(${asOf})`.execute(tx);
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    cases: n('cases'),
    casesWithSessions: n('cases_with_sessions'),
    offered: n('offered'),
    attended: n('attended'),
    didNotAttend: n('did_not_attend'),
    cancelledByPerson: n('cancelled_by_person'),
    cancelledByService: n('cancelled_by_service'),
    casesWithPlan: n('cases_with_plan'),
    casesCompletedCourse: n('cases_completed_course'),
  };
}

export type VictimSafetyTotals = {
  cases: number;
  incidentsBefore: number;
  daysBefore: number;
  incidentsAfter: number;
  daysAfter: number;
  victims: number;
  victimsWithPlan: number;
  victimsWithVoice: number;
};

/**
 * Victim-reported incidents either side of acceptance (`windowDays` each side), safety plans and the
 * victim's voice, over the accepted cases of the cohort.
 */
export async function victimSafety(tx: Tx, windowDays: number, asOf: Date): Promise<VictimSafetyTotals> {
  const { rows } = await sql<Record<string, number>>`
    select * from recolo_private.evaluation_cohort_victim_safety(${windowDays}::integer, ${asOf})`.execute(
    tx,
  );
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    cases: n('cases'),
    incidentsBefore: n('incidents_before'),
    daysBefore: n('days_before'),
    incidentsAfter: n('incidents_after'),
    daysAfter: n('days_after'),
    victims: n('victims'),
    victimsWithPlan: n('victims_with_plan'),
    victimsWithVoice: n('victims_with_voice'),
  };
}

export type StaffTimeRow = { profession: string; cases: number; minutes: number };

/** Staff minutes (face to face and preparation) by profession over the cohort. */
export async function staffTime(tx: Tx, asOf: Date): Promise<StaffTimeRow[]> {
  const { rows } = await sql<{ profession: string; cases: number; minutes: number }>`
    select * from recolo_private.evaluation_cohort_staff_time(${asOf}) order by profession`.execute(tx);
  return rows.map((r) => ({ profession: r.profession, cases: Number(r.cases), minutes: Number(r.minutes) }));
}

export type OutcomeChangeRow = {
  caseId: string;
  measureCode: string;
  measureName: string;
  norms: unknown;
  before: number | null;
  after: number | null;
};

/** Each cohort case's first pre and latest post or follow-up score on each outcome measure. */
export async function outcomeChange(tx: Tx, asOf: Date): Promise<OutcomeChangeRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select * from recolo_private.evaluation_cohort_outcome_change(${asOf})`.execute(tx);
  return rows.map((r) => ({
    caseId: String(r.case_id),
    measureCode: String(r.measure_code),
    measureName: String(r.measure_name),
    norms: r.norms,
    before: r.before_score === null ? null : Number(r.before_score),
    after: r.after_score === null ? null : Number(r.after_score),
  }));
}

export const EVENT_KINDS = ['offences', 'breaches', 'sessions', 'risk_ratings', 'outcome_measures'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type EventRow = { caseId: string; on: string; code: string; detail: string; amount: number | null };

/**
 * One event table of the extract over the cohort (`useCohort`), dates and codes only, in case
 * order, `batch` rows at a time through a cursor of the transaction, so no table is ever held whole.
 */
export async function* events(
  tx: Tx,
  kind: EventKind,
  asOf: Date,
  batch = 5_000,
): AsyncGenerator<EventRow[], void, undefined> {
  if (!EVENT_KINDS.includes(kind)) throw new Error(`unknown event table ${kind}`);
  const cursor = sql.raw(`evaluation_events_${kind}`);
  await sql`declare ${cursor} no scroll cursor for
    select * from recolo_private.evaluation_cohort_events(${kind}, ${asOf})`.execute(tx);
  try {
    for (;;) {
      const { rows } = await sql<
        Record<string, unknown>
      >`fetch forward ${sql.raw(String(Math.trunc(batch)))} from ${cursor}`.execute(tx);
      if (!rows.length) return;
      yield rows.map((r) => ({
        caseId: String(r.case_id),
        on: day(r.on_date)!,
        code: String(r.code),
        detail: String(r.detail ?? ''),
        amount: r.amount === null || r.amount === undefined ? null : Number(r.amount),
      }));
    }
  } finally {
    // after an error the transaction is aborted and the cursor gone with it: the error is the news
    await sql`close ${cursor}`.execute(tx).catch(() => undefined);
  }
}

/** How many rows each event table of the extract holds over the cohort (`useCohort`). */
export async function eventCounts(tx: Tx, asOf: Date): Promise<Record<EventKind, number>> {
  const out = {} as Record<EventKind, number>;
  for (const kind of EVENT_KINDS) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from recolo_private.evaluation_cohort_events(${kind}, ${asOf})`.execute(tx);
    out[kind] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

export type RateRow = { profession: string; pencePerHour: number; version: number };

/** The hourly staff cost rates by profession. */
export async function hourlyRates(tx: Tx): Promise<RateRow[]> {
  const rows = await tx
    .selectFrom('evaluation_hourly_rate')
    .select(['profession', 'pence_per_hour', 'version'])
    .orderBy('profession')
    .execute();
  return rows.map((r) => ({ profession: r.profession, pencePerHour: r.pence_per_hour, version: r.version }));
}
