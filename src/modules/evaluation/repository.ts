import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import type { CaseFacts, FirstEvents } from './framework.js';

// Every read goes through the security-definer functions of migration 026: they take only the
// sites the caller may evaluate and return dates, codes and counts, never an identity. Case ids
// stay on the server.

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

/** The cases of these sites referred in the period (inclusive), as recorded by `asOf`. */
export async function caseRows(
  tx: Tx,
  siteIds: readonly string[],
  from: string | null,
  to: string | null,
  asOf: Date,
): Promise<CaseRow[]> {
  type Raw = Record<string, unknown>;
  const { rows } = await sql<Raw>`
    select * from recolo_private.evaluation_cases(${[...siteIds]}::uuid[], ${from}::date, ${to}::date, ${asOf})
     order by referred_on, case_id`.execute(tx);
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

/** The first event of each outcome kind after each case's start date. */
export async function firstEvents(
  tx: Tx,
  starts: readonly { caseId: string; start: string }[],
  asOf: Date,
): Promise<Map<string, FirstEvents>> {
  const out = new Map<string, FirstEvents>();
  if (!starts.length) return out;
  const { rows } = await sql<Record<string, unknown>>`
    select * from recolo_private.evaluation_first_events(
      ${starts.map((s) => s.caseId)}::uuid[], ${starts.map((s) => s.start)}::date[], ${asOf})`.execute(tx);
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

/** First × latest structured-judgement rating per domain, counted over the cases. */
export async function riskChange(tx: Tx, caseIds: readonly string[], asOf: Date): Promise<RiskChangeRow[]> {
  if (!caseIds.length) return [];
  const { rows } = await sql<{ domain: string; first_rating: string; latest_rating: string; n: number }>`
    select * from recolo_private.evaluation_risk_change(${[...caseIds]}::uuid[], ${asOf})`.execute(tx);
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

/** Sessions offered, attended, missed and cancelled, and courses completed, over the cases. */
export async function engagement(tx: Tx, caseIds: readonly string[], asOf: Date): Promise<EngagementTotals> {
  const { rows } = await sql<Record<string, number>>`
    select * from recolo_private.evaluation_engagement(${[...caseIds]}::uuid[], ${asOf})`.execute(tx);
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

/** Victim-reported incidents either side of acceptance, safety plans and the victim's voice. */
export async function victimSafety(
  tx: Tx,
  accepted: readonly { caseId: string; acceptedOn: string }[],
  windowDays: number,
  asOf: Date,
): Promise<VictimSafetyTotals> {
  const { rows } = await sql<Record<string, number>>`
    select * from recolo_private.evaluation_victim_safety(
      ${accepted.map((a) => a.caseId)}::uuid[], ${accepted.map((a) => a.acceptedOn)}::date[],
      ${windowDays}::integer, ${asOf})`.execute(tx);
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

/** Staff minutes (face to face and preparation) by profession over the cases. */
export async function staffTime(tx: Tx, caseIds: readonly string[], asOf: Date): Promise<StaffTimeRow[]> {
  if (!caseIds.length) return [];
  const { rows } = await sql<{ profession: string; cases: number; minutes: number }>`
    select * from recolo_private.evaluation_staff_time(${[...caseIds]}::uuid[], ${asOf})
     order by profession`.execute(tx);
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

/** Each case's first pre and latest post or follow-up score on each outcome measure. */
export async function outcomeChange(
  tx: Tx,
  caseIds: readonly string[],
  asOf: Date,
): Promise<OutcomeChangeRow[]> {
  if (!caseIds.length) return [];
  const { rows } = await sql<Record<string, unknown>>`
    select * from recolo_private.evaluation_outcome_change(${[...caseIds]}::uuid[], ${asOf})`.execute(tx);
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

/** One event table of the extract: dates and codes only. */
export async function events(
  tx: Tx,
  caseIds: readonly string[],
  kind: EventKind,
  asOf: Date,
): Promise<EventRow[]> {
  if (!caseIds.length) return [];
  const { rows } = await sql<Record<string, unknown>>`
    select * from recolo_private.evaluation_events(${[...caseIds]}::uuid[], ${kind}, ${asOf})`.execute(tx);
  return rows.map((r) => ({
    caseId: String(r.case_id),
    on: day(r.on_date)!,
    code: String(r.code),
    detail: String(r.detail ?? ''),
    amount: r.amount === null || r.amount === undefined ? null : Number(r.amount),
  }));
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
