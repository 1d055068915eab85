// The outcome records of the national-scale generator (bench/national.ts): what the evaluation
// (migrations 026 and 030, src/modules/evaluation) reads, for each generated case, as COPY rows.
//
// From a case's core rows (its status history: acceptance with its mode, declined, closed) it makes
// - structured-judgement (SPJ) assessments with a rating per domain: at entry and, for cases in
//   intervention, at review (and a third for some), ratings moving down more often than up;
// - for intervention: a plan with planned sessions, fortnightly sessions (attended, late, did not
//   attend, cancelled; those still to come unrecorded) with each clinician's minutes, outcome
//   measures before, during and after, and a discharge (planned or unplanned) when the case closed;
// - re-offending: new offences after referral with an exponential time to the first, longer after
//   intervention and longest after a completed one; orders with a condition and breaches of some;
//   police-recorded incidents after referral for some cases;
// - for the victims: the victim's voice before acceptance (mostly within the site's 28 days),
//   safety plans, and victim-reported incidents in the 90 days after acceptance;
// - the panel meeting that accepted or declined the case (weekly meetings, made once by
//   `outcomeContext`), its agenda item and one or two actions with owners and due dates.
// Fictional; drawn from its own pseudo-random stream, so adding it changes none of the core rows.
// jsonb values are given as JSON text (copyValue writes a JS array as a PostgreSQL array).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CaseRows } from '../src/demo/case-builder.js';
import { weighted } from './vocabulary.js';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The tables written here, in the order their rows must be copied. */
export const OUTCOME_TABLES = [
  'risk_assessment',
  'risk_rating',
  'intervention_plan',
  'intervention_session',
  'intervention_session_clinician',
  'outcome_measure_score',
  'discharge',
  'new_offence',
  'court_order',
  'court_order_event',
  'court_order_condition',
  'order_breach',
  'victim_voice',
  'safety_plan',
  'meeting_item',
  'case_action',
] as const;
export type OutcomeTable = (typeof OUTCOME_TABLES)[number];

const TYPOLOGIES = ['rejected', 'intimacy_seeking', 'incompetent', 'resentful', 'predatory'];
const DOMAINS = ['violence', 'persistence', 'recurrence', 'psychosocial_damage'];
const BANDS = ['low', 'moderate', 'high'] as const;
const CLINICAL_ROLES = [
  'forensic_psychologist',
  'clinical_psychologist',
  'forensic_psychiatrist',
  'occupational_therapist',
];
const COMPONENTS = ['individual_therapy', 'psychoeducation', 'occupational_therapy', 'medication_review'];
const MODES: [string, number][] = [
  ['clinic', 50],
  ['probation_office', 20],
  ['video', 15],
  ['prison', 10],
  ['phone', 5],
];
const STALKING = ['pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4'];
const ORDER_KINDS: [string, number][] = [
  ['restraining_conviction', 30],
  ['spo', 20],
  ['court_bail', 25],
  ['licence', 15],
  ['community_order', 10],
];

/** What the generator needs from the database once: users, instruments, measures, meetings. */
export type OutcomeContext = {
  siteId: string;
  coordinatorId: string;
  advocateId: string;
  probationId: string;
  clinicians: string[];
  owners: string[];
  agencyIds: string[];
  spjVersionId: string;
  measureIds: string[];
  /** the site's weekly panel meetings, by start time (ms) ascending */
  meetings: { id: string; at: number }[];
  /** items so far on each meeting's agenda (their positions) */
  positions: Map<string, number>;
  now: number;
};

/**
 * Reads the demo users, the current SPJ instrument version and the outcome measure templates, and
 * writes the site's weekly panel meetings (held and minuted up to today, planned for four weeks).
 */
export async function outcomeContext(
  client: pg.Client,
  siteId: string,
  coordinatorId: string,
  agencyIds: string[],
): Promise<OutcomeContext> {
  const users = (
    await client.query<{ id: string; role: string }>(
      `select u.id, u.role from app_user u join user_site us on us.user_id = u.id
        where us.site_id = $1 and u.active`,
      [siteId],
    )
  ).rows;
  const byRole = (role: string) => users.find((u) => u.role === role)?.id ?? coordinatorId;
  const spj = (
    await client.query<{ id: string }>(
      `select v.id from instrument_version v join instrument i on i.id = v.instrument_id
        where i.tier = 'spj' and v.superseded_at is null order by v.version desc limit 1`,
    )
  ).rows[0];
  if (!spj) throw new Error('No structured-judgement instrument: was the demo seeded?');
  const measures = (
    await client.query<{ id: string }>(
      `select id from clinical_template where kind = 'outcome_measure' and superseded_at is null order by code`,
    )
  ).rows.map((r) => r.id);
  const meetings = (
    await client.query<{ id: string; at: Date }>(
      `insert into meeting (site_id, starts_at, location, chair_id, status, approved_by, approved_at,
                            created_by, created_at)
       select $1, t, 'Panel room (fictional)', $2,
              case when t < now() then 'minutes_approved' else 'planned' end,
              case when t < now() then $2::uuid end, case when t < now() then t + interval '3 days' end,
              $2, t - interval '14 days'
         from generate_series(date_trunc('week', now()) - interval '800 days' + interval '10 hours',
                              now() + interval '28 days', interval '7 days') t
       returning id, starts_at as at`,
      [siteId, coordinatorId],
    )
  ).rows
    .map((r) => ({ id: r.id, at: r.at.getTime() }))
    .sort((a, b) => a.at - b.at);
  return {
    siteId,
    coordinatorId,
    advocateId: byRole('stalking_advocate'),
    probationId: byRole('probation_practitioner'),
    clinicians: CLINICAL_ROLES.map(byRole),
    owners: [
      coordinatorId,
      byRole('investigating_officer'),
      byRole('probation_practitioner'),
      byRole('stalking_advocate'),
      byRole('forensic_psychologist'),
    ],
    agencyIds,
    spjVersionId: spj.id,
    measureIds: measures,
    meetings,
    positions: new Map(),
    now: Date.now(),
  };
}

export type OutcomeRows = Record<OutcomeTable, object[]>;

export function emptyOutcomeRows(): OutcomeRows {
  return Object.fromEntries(OUTCOME_TABLES.map((t) => [t, []])) as unknown as OutcomeRows;
}

/** An incident row with exactly the columns bench/national.ts copies for incidents. */
type IncidentRow = {
  case_id: string;
  case_victim_id: string | null;
  occurred_from: Date;
  behaviours: string[];
  reported_by: string;
  description: string;
  created_by: string;
  created_at: Date;
};

/** The last meeting at or before `t` (binary search), or null before the first. */
function meetingBefore(ctx: OutcomeContext, t: number): { id: string; at: number } | null {
  let lo = 0;
  let hi = ctx.meetings.length - 1;
  let found: { id: string; at: number } | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = ctx.meetings[mid]!;
    if (m.at <= t) {
      found = m;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Adds one case's outcome rows (and its incidents after referral) to the batch. */
export function addOutcomeRows(
  ctx: OutcomeContext,
  core: CaseRows,
  random: () => number,
  out: OutcomeRows,
  incidents: { push(row: IncidentRow): unknown },
): void {
  const now = ctx.now;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const c = core.cases[0]!;
  const caseId = c.id;
  const referred = (c.created_at as Date).getTime();
  const eventAt = (to: string) => {
    const e = core.case_status_event.find((x) => x.to_status === to);
    return e ? (e.at as Date).getTime() : null;
  };
  const acceptedEvent = core.case_status_event.find((x) => x.to_status === 'accepted');
  const accepted = acceptedEvent ? (acceptedEvent.at as Date).getTime() : null;
  const mode = acceptedEvent?.accepted_mode ?? null;
  const declined = eventAt('declined');
  const closed = eventAt('closed');
  const victims = core.case_victim.map((v) => v.id);
  const clinician = pick(ctx.clinicians);
  const upTo = (t: number) => new Date(Math.min(t, now));

  // --- the panel that decided, its agenda item and actions ---
  const decidedAt = accepted ?? declined;
  const meeting = decidedAt !== null ? meetingBefore(ctx, decidedAt) : null;
  if (meeting && decidedAt !== null) {
    const itemId = randomUUID();
    const position = (ctx.positions.get(meeting.id) ?? 0) + 1;
    ctx.positions.set(meeting.id, position);
    out.meeting_item.push({
      id: itemId,
      meeting_id: meeting.id,
      case_id: caseId,
      position,
      reason: 'New referral for a decision',
      discussion: 'Fictional discussion of the referral and the risk.',
      agreed_risk: pick(BANDS),
      risk_rationale: 'Fictional rationale agreed at the panel.',
      decision: accepted !== null ? 'accept' : 'decline',
      created_by: ctx.coordinatorId,
      created_at: new Date(meeting.at),
    });
    for (let k = random() < 0.5 ? 1 : 2; k > 0; k -= 1) {
      const due = meeting.at + (14 + Math.floor(random() * 28)) * DAY;
      const byAgency = random() < 0.2;
      const status =
        due < now - 7 * DAY
          ? weighted(random, [['done', 85] as [string, number], ['not_done', 5], ['open', 10]])
          : 'open';
      const closedAt = status === 'open' ? null : upTo(due - Math.floor(random() * 10) * DAY);
      out.case_action.push({
        case_id: caseId,
        meeting_item_id: itemId,
        description: pick([
          'Share the panel decision with the referring agency',
          'Update the victim on the outcome of the panel',
          'Book the first assessment appointment',
          'Check bail conditions with the officer in the case',
        ]),
        owner_user_id: byAgency ? null : pick(ctx.owners),
        owner_agency_id: byAgency ? pick(ctx.agencyIds) : null,
        due_on: iso(due),
        status,
        not_done_reason: status === 'not_done' ? 'Overtaken by events (fictional)' : '',
        closed_by: closedAt ? ctx.coordinatorId : null,
        closed_at: closedAt,
        created_by: ctx.coordinatorId,
        created_at: new Date(meeting.at),
      });
    }
  }

  // --- the victims: voice, safety plans, incidents after acceptance ---
  const pivot = accepted ?? referred;
  for (const victim of victims) {
    if (random() < 0.7) {
      const on = pivot - (1 + Math.floor(random() * (random() < 0.8 ? 27 : 90))) * DAY;
      out.victim_voice.push({
        case_id: caseId,
        case_victim_id: victim,
        body: 'Fictional views of the victim on the referral.',
        sharing: random() < 0.8 ? 'summarised' : 'verbatim',
        topic: pick(['own_safety', 'interventions', 'order_conditions', 'other']),
        recorded_on: iso(Math.max(on, referred)),
        author_id: ctx.advocateId,
        created_at: new Date(Math.max(on, referred)),
      });
    }
    if (accepted !== null && random() < 0.65) {
      const made = Math.min(now, accepted + Math.floor(random() * 21) * DAY);
      out.safety_plan.push({
        case_id: caseId,
        case_victim_id: victim,
        version: 1,
        summary: '',
        actions: JSON.stringify([
          { action: 'Fictional safety action', owner: 'Advocate', reviewOn: iso(made + 60 * DAY) },
        ]),
        review_date: iso(made + 60 * DAY),
        author_id: ctx.advocateId,
        created_at: new Date(made),
      });
    }
  }
  if (accepted !== null) {
    const after = Math.floor(random() * (mode === 'intervention' ? 2 : 4));
    for (let k = 0; k < after; k += 1) {
      const t = accepted + (1 + Math.floor(random() * 89)) * DAY;
      if (t >= now) continue;
      incidents.push({
        case_id: caseId,
        case_victim_id: pick(victims),
        occurred_from: new Date(t),
        behaviours: [pick(['contacting', 'following', 'loitering', 'online'])],
        reported_by: random() < 0.7 ? 'victim_diary' : 'advocate',
        description: 'Fictional diary entry after acceptance.',
        created_by: ctx.advocateId,
        created_at: upTo(t + DAY),
      });
    }
  }

  // --- structured judgement: at entry, and at review while in intervention ---
  const intervention = mode === 'intervention' && accepted !== null;
  const discharged = intervention && closed !== null ? closed : null;
  const dischargeKind = discharged === null ? null : random() < 0.65 ? 'planned' : 'unplanned';
  const unplannedReason =
    dischargeKind === 'unplanned'
      ? weighted(random, [
          ['disengaged', 60] as [string, number],
          ['moved_out_of_area', 15],
          ['returned_to_custody', 15],
          ['transferred', 10],
        ])
      : null;
  const assessmentTimes: number[] = [];
  if (intervention) {
    assessmentTimes.push(accepted + 3 * DAY);
    const end = discharged ?? now;
    if (accepted + 120 * DAY < end) assessmentTimes.push(accepted + 120 * DAY);
    if (accepted + 240 * DAY < end && random() < 0.4) assessmentTimes.push(accepted + 240 * DAY);
  } else if (accepted !== null && random() < 0.4) assessmentTimes.push(accepted + 5 * DAY);
  const entry = Math.floor(random() * 3);
  const typology = pick(TYPOLOGIES);
  let firstAssessment: string | null = null;
  const levels = DOMAINS.map(() => Math.max(0, Math.min(2, entry + (random() < 0.3 ? pick([-1, 1]) : 0))));
  for (const [n, t] of assessmentTimes.filter((x) => x < now).entries()) {
    const id = randomUUID();
    firstAssessment ??= id;
    if (n > 0)
      for (let d = 0; d < levels.length; d += 1)
        levels[d] = Math.max(
          0,
          Math.min(2, levels[d]! - (random() < 0.4 ? 1 : 0) + (random() < 0.1 ? 1 : 0)),
        );
    const computed = BANDS[Math.max(...levels)]!;
    const override = random() < 0.1 ? BANDS[Math.min(2, Math.max(...levels) + 1)]! : null;
    out.risk_assessment.push({
      id,
      case_id: caseId,
      instrument_version_id: ctx.spjVersionId,
      status: 'completed',
      assessor_id: clinician,
      typology,
      computed_band: computed,
      override_band: override,
      override_reason: override ? 'Structured professional judgement at interview (fictional)' : null,
      plan_actions: JSON.stringify([{ action: 'Fictional risk management action', owner: 'Clinician' }]),
      next_review_date: iso(t + 120 * DAY),
      started_at: new Date(t - DAY),
      updated_at: new Date(t),
      completed_at: new Date(t),
      completed_by: clinician,
    });
    for (const [d, domain] of DOMAINS.entries())
      out.risk_rating.push({
        assessment_id: id,
        case_id: caseId,
        domain,
        rating: BANDS[levels[d]!]!,
        rationale: 'Fictional rationale',
        rated_by: clinician,
        rated_at: new Date(t),
      });
  }

  // --- intervention: plan, sessions and staff time, outcome measures, discharge ---
  if (intervention) {
    const components = [pick(COMPONENTS), ...(random() < 0.3 ? ['joint_work_probation'] : [])];
    const planned = components.map(() => 4 + Math.floor(random() * 9));
    if (firstAssessment)
      out.intervention_plan.push({
        case_id: caseId,
        version: 1,
        risk_assessment_id: firstAssessment,
        goals: JSON.stringify([{ area: 'behaviour', goal: 'Fictional goal', measure: 'Fictional measure' }]),
        components: JSON.stringify(
          components.map((component, i) => ({
            component,
            leadId: clinician,
            lead: 'Clinician',
            frequency: 'Fortnightly',
            plannedSessions: planned[i],
          })),
        ),
        review_date: iso(accepted + 90 * DAY),
        author_id: clinician,
        created_at: new Date(Math.min(now, accepted + 10 * DAY)),
      });
    const disengaging = unplannedReason === 'disengaged';
    const total = planned.reduce((a, b) => a + b, 0);
    const last = Math.min(discharged ?? now + 28 * DAY, now + 28 * DAY);
    for (let t = accepted + 7 * DAY, n = 0; t < last && n < total + 2; t += 14 * DAY, n += 1) {
      const sessionId = randomUUID();
      const past = t < now - DAY;
      const r = random();
      const attendance = !past
        ? null
        : disengaging
          ? r < 0.45
            ? 'attended'
            : r < 0.85
              ? 'did_not_attend'
              : 'cancelled_by_person'
          : r < 0.72
            ? 'attended'
            : r < 0.8
              ? 'late'
              : r < 0.9
                ? 'did_not_attend'
                : r < 0.96
                  ? 'cancelled_by_person'
                  : 'cancelled_by_service';
      const took = attendance === 'attended' || attendance === 'late';
      const minutes = took ? 40 + Math.floor(random() * 40) : null;
      out.intervention_session.push({
        id: sessionId,
        case_id: caseId,
        starts_at: new Date(t),
        planned_minutes: 60,
        mode: weighted(random, MODES),
        component: pick(components),
        attendance,
        duration_minutes: minutes,
        attendance_recorded_by: attendance ? clinician : null,
        attendance_recorded_at: attendance ? new Date(t + 2 * 3_600_000) : null,
        created_by: clinician,
        created_at: new Date(Math.min(now, t - 14 * DAY)),
      });
      const staff = [clinician, ...(random() < 0.25 ? [ctx.probationId] : [])];
      for (const user of staff)
        out.intervention_session_clinician.push({
          session_id: sessionId,
          case_id: caseId,
          user_id: user,
          // a session that did not take place still took preparation
          face_to_face_minutes: attendance === null ? null : (minutes ?? 0),
          admin_minutes: attendance === null ? null : 10 + Math.floor(random() * 30),
        });
    }
    for (const measure of ctx.measureIds) {
      if (random() < 0.15) continue;
      const pre = 12 + Math.floor(random() * 20);
      const score = (stage: string, t: number, value: number) =>
        out.outcome_measure_score.push({
          case_id: caseId,
          template_id: measure,
          stage,
          administered_on: iso(t),
          answers: '{}',
          score: Math.max(0, value),
          author_id: clinician,
          created_at: new Date(t),
        });
      if (accepted + 5 * DAY < now) score('pre', accepted + 5 * DAY, pre);
      if (accepted + 90 * DAY < (discharged ?? now) && random() < 0.5)
        score('during', accepted + 90 * DAY, pre - Math.floor(random() * 6));
      if (discharged !== null && discharged - DAY > accepted + 5 * DAY) {
        const post =
          pre - Math.floor(random() * (dischargeKind === 'planned' ? 14 : 6)) + Math.floor(random() * 3);
        score('post', discharged - DAY, post);
        if (discharged + 180 * DAY < now && random() < 0.3)
          score('follow_up', discharged + 180 * DAY, post + Math.floor(random() * 5) - 2);
      }
    }
    if (discharged !== null)
      out.discharge.push({
        case_id: caseId,
        kind: dischargeKind,
        unplanned_reason: unplannedReason,
        reason: 'Fictional discharge',
        discharged_on: iso(discharged),
        letter_to: 'Fictional agency',
        letter: 'Fictional discharge letter',
        recorded_by: clinician,
        created_at: new Date(discharged),
      });
  }

  // --- re-offending: exponential time to a new offence, longer after intervention ---
  const mean = intervention ? (dischargeKind === 'planned' ? 2400 : 1300) : accepted !== null ? 1000 : 800;
  let t = referred + Math.floor(-Math.log(1 - random()) * mean) * DAY;
  for (let n = 0; n < 3 && t < now - DAY; n += 1) {
    const classification =
      random() < 0.6 ? pick(STALKING) : pick(['breach_of_order', 'other_violence', 'other']);
    out.new_offence.push({
      case_id: caseId,
      event_kind: weighted(random, [
        ['arrest', 40] as [string, number],
        ['charge', 25],
        ['caution', 10],
        ['conviction', 25],
      ]),
      classification,
      offence_on: iso(t),
      known_on: iso(Math.min(now - DAY, t + Math.floor(random() * 10) * DAY)),
      source_agency: random() < 0.8 ? 'police' : 'probation',
      details: '',
      created_by: ctx.coordinatorId,
      created_at: upTo(t + 10 * DAY),
    });
    t += Math.floor(-Math.log(1 - random()) * mean) * DAY;
  }
  // police-recorded incidents after referral
  if (random() < 0.15) {
    const at = referred + Math.floor(-Math.log(1 - random()) * 300) * DAY;
    if (at < now)
      incidents.push({
        case_id: caseId,
        case_victim_id: pick(victims),
        occurred_from: new Date(at),
        behaviours: [pick(['following', 'loitering', 'threats'])],
        reported_by: 'police',
        description: 'Fictional police report after referral.',
        created_by: ctx.coordinatorId,
        created_at: upTo(at + DAY),
      });
  }

  // --- an order with a condition, and a breach of some ---
  if (accepted !== null && random() < 0.4) {
    const orderId = randomUUID();
    const eventId = randomUUID();
    const conditionId = randomUUID();
    const made = Math.min(now - DAY, referred + Math.floor(random() * 60) * DAY);
    out.court_order.push({
      id: orderId,
      case_id: caseId,
      kind: weighted(random, ORDER_KINDS),
      issuing_body: 'Fictional Magistrates’ Court',
      made_on: iso(made),
      served_on: iso(made),
      starts_on: iso(made),
      ends_on: iso(made + 730 * DAY),
      created_by: ctx.coordinatorId,
      created_at: new Date(made),
    });
    out.court_order_event.push({
      id: eventId,
      case_id: caseId,
      order_id: orderId,
      kind: 'made',
      occurred_on: iso(made),
      created_by: ctx.coordinatorId,
      created_at: new Date(made),
    });
    out.court_order_condition.push({
      id: conditionId,
      case_id: caseId,
      order_id: orderId,
      added_event_id: eventId,
      kind: 'prohibition',
      text: 'Not to contact the victim directly or indirectly',
      position: 0,
      created_at: new Date(made),
    });
    const at = made + Math.floor(-Math.log(1 - random()) * 600) * DAY;
    if (at < now - DAY)
      out.order_breach.push({
        case_id: caseId,
        order_id: orderId,
        condition_id: conditionId,
        failure_to_notify: false,
        occurred_on: iso(at),
        came_to_light: pick(['victim', 'police', 'probation', 'electronic_monitoring']),
        action: pick(['warning', 'arrest', 'charge', 'recall', 'nfa']),
        outcome: '',
        description: 'Fictional breach of the no-contact condition.',
        created_by: ctx.coordinatorId,
        created_at: upTo(at + DAY),
      });
  }
}
