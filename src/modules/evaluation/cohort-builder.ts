import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { caseRows, type CaseSpec } from '../../demo/case-builder.js';
import { insertCaseRows } from '../../demo/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * A fictional cohort with outcome data for the evaluation: cases over two years with status
 * changes, sessions and staff time, structured-judgement ratings at entry and review, new offences,
 * victim-reported incidents, safety plans, the victim's voice and discharges. Built with the one
 * data builder (src/demo/case-builder.ts) for the core tables; the demo and the tests use it.
 * Deterministic for a seed, so tests can rely on what it makes.
 */
export type CohortOptions = {
  siteId: string;
  agencyId: string;
  /** the referrer and the recorder of non-clinical records */
  createdBy: string;
  /** the clinician who records sessions, ratings and scores */
  clinicianId: string;
  /** the advocate who records the victim's voice and safety plans */
  advocateId: string;
  count: number;
  seed?: number;
  /** a structured-judgement instrument version: without it no ratings (and no plans) are made */
  spjVersionId?: string | null;
  /** an outcome measure template: without it no scores are made */
  measureTemplateId?: string | null;
  /** the case references' prefix, e.g. "EVL" */
  referencePrefix: string;
  /** the case team (default: the referrer, the clinician and the advocate) */
  team?: string[];
  now?: Date;
};

const DAY = 86_400_000;
const TYPOLOGIES = ['rejected', 'intimacy_seeking', 'incompetent', 'resentful', 'predatory'];
const DOMAINS = ['violence', 'persistence', 'recurrence', 'psychosocial_damage'];
const BANDS = ['low', 'moderate', 'high'] as const;

/** A small deterministic pseudo-random stream (mulberry32). */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Writes the cohort (owner transaction: the demo's or a test's). Returns the case ids made. */
export async function buildEvaluationCohort(tx: Transaction<DB>, o: CohortOptions): Promise<string[]> {
  const rnd = stream(o.seed ?? 16);
  const now = (o.now ?? new Date()).getTime();
  const ids: string[] = [];
  for (let i = 0; i < o.count; i += 1) {
    const referred = now - (60 + Math.floor(rnd() * 700)) * DAY;
    const path = rnd();
    const accepted = path < 0.78 ? referred + (7 + Math.floor(rnd() * 14)) * DAY : null;
    const declined = path >= 0.78 && path < 0.92 ? referred + 10 * DAY : null;
    const mode = accepted !== null ? (rnd() < 0.7 ? 'intervention' : 'consultation') : null;
    const caseId = randomUUID();
    const victimId = randomUUID();
    const events: CaseSpec['statusEvents'] = [
      { to: 'referred', reason: 'Referred', at: new Date(referred) },
      { to: 'screening', reason: 'Screening', at: new Date(referred + 2 * DAY) },
    ];
    if (accepted !== null) {
      events.push({
        to: 'accepted',
        acceptedMode: mode,
        reason: 'Accepted at panel',
        at: new Date(accepted),
      });
      events.push({ to: 'active', acceptedMode: mode, reason: 'Work started', at: new Date(accepted + DAY) });
    }
    if (declined !== null) events.push({ to: 'declined', reason: 'Not eligible', at: new Date(declined) });
    const spec: CaseSpec = {
      id: caseId,
      siteId: o.siteId,
      reference: `${o.referencePrefix}-${String(i + 1).padStart(4, '0')}`,
      createdBy: o.createdBy,
      createdAt: new Date(referred),
      subject: {
        given: 'Evalperson',
        family: `Member ${o.referencePrefix} ${i + 1}`,
        dateOfBirth: iso(referred - (20 + Math.floor(rnd() * 40)) * 365.25 * DAY),
      },
      investigationStatus: 'convicted',
      referral: {
        agencyId: o.agencyId,
        referrerName: 'Fictional referrer',
        reason: 'Fictional referral for the evaluation cohort',
        consent: 'given',
      },
      offences: [{ code: 'pha_s2a', description: 'Stalking' }],
      victims: [
        {
          id: victimId,
          person: { given: 'Evalvictim', family: `Victim ${o.referencePrefix} ${i + 1}` },
          relationship: 'ex_intimate',
        },
      ],
      statusEvents: events,
      team: o.team ?? [o.createdBy, o.clinicianId, o.advocateId],
    };
    await insertCaseRows(tx, [caseRows(spec)]);
    ids.push(caseId);

    // victim-reported incidents around acceptance; the victim's voice and a safety plan
    const pivot = accepted ?? referred;
    const before = 1 + Math.floor(rnd() * 4);
    const after = Math.floor(rnd() * (mode === 'intervention' ? 2 : 4));
    const incidentTimes = [
      ...Array.from({ length: before }, () => pivot - (1 + Math.floor(rnd() * 80)) * DAY),
      ...Array.from({ length: after }, () => pivot + (1 + Math.floor(rnd() * 80)) * DAY),
    ].filter((t) => t < now && t >= referred - 90 * DAY);
    for (const t of incidentTimes) {
      await tx
        .insertInto('incident')
        .values({
          case_id: caseId,
          case_victim_id: victimId,
          occurred_from: new Date(t),
          behaviours: ['contacting'],
          reported_by: 'victim_diary',
          description: 'Fictional diary entry',
          created_by: o.advocateId,
        })
        .execute();
    }
    if (rnd() < 0.7) {
      await tx
        .insertInto('victim_voice')
        .values({
          case_id: caseId,
          case_victim_id: victimId,
          body: 'Fictional views of the victim',
          sharing: 'summarised',
          recorded_on: iso(pivot - 5 * DAY),
          author_id: o.advocateId,
        })
        .execute();
    }
    if (accepted !== null && rnd() < 0.65) {
      await tx
        .insertInto('safety_plan')
        .values({
          case_id: caseId,
          case_victim_id: victimId,
          version: 1,
          actions: JSON.stringify([
            { action: 'Fictional action', owner: 'Advocate', reviewOn: iso(accepted + 60 * DAY) },
          ]),
          review_date: iso(accepted + 60 * DAY),
          author_id: o.advocateId,
        })
        .execute();
    }

    // intervention: ratings at entry and review, a plan, sessions with staff time, a discharge
    let discharged: number | null = null;
    if (mode === 'intervention' && accepted !== null) {
      const fate = rnd();
      const end = accepted + (150 + Math.floor(rnd() * 60)) * DAY;
      if (end < now - 5 * DAY && fate < 0.55) discharged = end;
      const disengaged = end < now - 5 * DAY && fate >= 0.55 && fate < 0.75;
      if (disengaged) discharged = accepted + 70 * DAY;
      let firstAssessment: string | null = null;
      if (o.spjVersionId) {
        const entryBand = BANDS[Math.floor(rnd() * 3)]!;
        const typology = TYPOLOGIES[Math.floor(rnd() * TYPOLOGIES.length)]!;
        const times = [accepted + 3 * DAY, accepted + 120 * DAY].filter((t) => t < now);
        for (const [n, t] of times.entries()) {
          const a = await tx
            .insertInto('risk_assessment')
            .values({
              case_id: caseId,
              instrument_version_id: o.spjVersionId,
              status: 'completed',
              assessor_id: o.clinicianId,
              typology,
              computed_band:
                n === 0 ? entryBand : BANDS[Math.max(0, BANDS.indexOf(entryBand) - (rnd() < 0.5 ? 1 : 0))]!,
              plan_actions: JSON.stringify([{ action: 'Fictional action', owner: 'Clinician' }]),
              next_review_date: iso(t + 90 * DAY),
              completed_at: new Date(t),
              completed_by: o.clinicianId,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          firstAssessment ??= a.id;
          for (const domain of DOMAINS) {
            const base = BANDS.indexOf(entryBand);
            const level =
              n === 0
                ? base
                : Math.max(0, Math.min(2, base - (rnd() < 0.45 ? 1 : 0) + (rnd() < 0.1 ? 1 : 0)));
            await tx
              .insertInto('risk_rating')
              .values({
                assessment_id: a.id,
                case_id: caseId,
                domain,
                rating: BANDS[level]!,
                rationale: 'Fictional rationale',
                rated_by: o.clinicianId,
                rated_at: new Date(t),
              })
              .execute();
          }
        }
      }
      if (firstAssessment) {
        await tx
          .insertInto('intervention_plan')
          .values({
            case_id: caseId,
            version: 1,
            risk_assessment_id: firstAssessment,
            goals: JSON.stringify([
              { area: 'behaviour', goal: 'Fictional goal', measure: 'Fictional measure' },
            ]),
            components: JSON.stringify([
              {
                component: 'individual_therapy',
                leadId: o.clinicianId,
                lead: 'Clinician',
                frequency: 'Fortnightly',
                plannedSessions: 8,
              },
            ]),
            review_date: iso(accepted + 90 * DAY),
            author_id: o.clinicianId,
          })
          .execute();
      }
      const lastSession = Math.min(discharged ?? now, now - DAY);
      for (let t = accepted + 7 * DAY, n = 0; t < lastSession && n < 12; t += 14 * DAY, n += 1) {
        const r = rnd();
        const attendance =
          r < 0.72 ? 'attended' : r < 0.8 ? 'late' : r < 0.92 ? 'did_not_attend' : 'cancelled_by_person';
        const took = attendance === 'attended' || attendance === 'late';
        const s = await tx
          .insertInto('intervention_session')
          .values({
            case_id: caseId,
            starts_at: new Date(t),
            planned_minutes: 60,
            mode: 'clinic',
            component: 'individual_therapy',
            attendance,
            duration_minutes: took ? 55 : null,
            attendance_recorded_by: o.clinicianId,
            attendance_recorded_at: new Date(t + 2 * 3_600_000),
            created_by: o.clinicianId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('intervention_session_clinician')
          .values({
            session_id: s.id,
            case_id: caseId,
            user_id: o.clinicianId,
            face_to_face_minutes: took ? 55 : null,
            admin_minutes: took ? 15 : null,
          })
          .execute();
      }
      if (o.measureTemplateId) {
        const pre = 20 + Math.floor(rnd() * 10);
        await tx
          .insertInto('outcome_measure_score')
          .values({
            case_id: caseId,
            template_id: o.measureTemplateId,
            stage: 'pre',
            administered_on: iso(accepted + 5 * DAY),
            answers: JSON.stringify({}),
            score: pre,
            author_id: o.clinicianId,
          })
          .execute();
        if (discharged !== null) {
          await tx
            .insertInto('outcome_measure_score')
            .values({
              case_id: caseId,
              template_id: o.measureTemplateId,
              stage: 'post',
              administered_on: iso(discharged - DAY),
              answers: JSON.stringify({}),
              score: Math.max(0, pre - Math.floor(rnd() * 14)),
              author_id: o.clinicianId,
            })
            .execute();
        }
      }
      if (discharged !== null) {
        await tx
          .insertInto('discharge')
          .values({
            case_id: caseId,
            kind: disengaged ? 'unplanned' : 'planned',
            unplanned_reason: disengaged ? 'disengaged' : null,
            reason: 'Fictional discharge',
            discharged_on: iso(discharged),
            letter_to: 'Fictional agency',
            letter: 'Fictional letter',
            recorded_by: o.clinicianId,
          })
          .execute();
      }
    }

    // new offending after referral: fewer after a completed intervention
    const risk = discharged !== null ? 0.2 : mode === 'intervention' ? 0.3 : 0.45;
    if (rnd() < risk) {
      const t = referred + (20 + Math.floor(rnd() * 500)) * DAY;
      if (t < now - DAY) {
        await tx
          .insertInto('new_offence')
          .values({
            case_id: caseId,
            event_kind: 'arrest',
            classification: rnd() < 0.7 ? 'pha_s2a' : 'other',
            offence_on: iso(t),
            known_on: iso(Math.min(t + 3 * DAY, now - DAY)),
            source_agency: 'police',
            created_by: o.createdBy,
          })
          .execute();
      }
    }
  }
  return ids;
}
