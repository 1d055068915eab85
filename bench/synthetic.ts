import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.js';
import { caseRows, countCaseRows, type CaseRows, type StatusEventSpec } from '../src/demo/case-builder.js';
import { insertCaseRows } from '../src/demo/insert-rows.js';
import { daysAgo, fictionalNhsNumber, fictionalPncId, isoDateDaysAgo } from '../src/demo/fictional.js';
import { insertSyntheticOrders } from './synthetic-orders.js';
import { GIVEN, LIFECYCLE, prng, REASONS, SURNAMES, weighted, type Status } from './vocabulary.js';
import { rolesThatCan } from '../src/platform/access/policy.js';
import type { Tx } from '../src/platform/db/request-tx.js';
import { insertOffendingRows, offendingRows } from './synthetic-offending.js';

// Synthetic, fictional cases for benchmarks and load tests: names combined from short lists,
// identifiers from ranges no real person holds, statuses spread across the whole lifecycle.

export type SyntheticOptions = {
  siteId: string;
  count: number;
  /** users put on every case's team; the first is also the referrer and creator */
  teamUserIds: string[];
  /** users put on the team of every `every`th case only (a practitioner with a caseload) */
  caseloads?: { userId: string; every: number }[];
  /** cases per batch (one transaction, one multi-row insert per table; default 2000) */
  batchSize?: number;
  /** seed for the pseudo-random choices, so a run can be repeated exactly (default 1) */
  seed?: number;
  /**
   * intervention sessions on active and closed intervention cases (issue 14): a weekly course with
   * attendance, the clinicians present and their staff time (default true). The clinicians are
   * the health-role users among the team users; with none, the first team user.
   */
  sessions?: boolean;
  /** default: prints "Generated N of M cases (R rows/s)" to stdout */
  onProgress?: (done: number, total: number, rows: number) => void;
};

export type SyntheticResult = { ids: string[]; rows: number; ms: number };

const RELATIONSHIPS = [
  'ex_intimate',
  'ex_intimate',
  'ex_intimate',
  'acquaintance',
  'stranger',
  'work',
  'family',
  'public_figure',
];
const OFFENCES = ['pha_s2a', 'pha_s2a', 'pha_s4a', 'pha_s4a', 'pha_s2', 'pha_s4', 'other'];
const OFFENCE_TEXT: Record<string, string> = {
  pha_s2a: 'Stalking (s2A)',
  pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (s4A)',
  pha_s2: 'Harassment (s2)',
  pha_s4: 'Putting people in fear of violence (s4)',
  other: 'Criminal damage',
};

type Investigation = 'under_investigation' | 'charged' | 'convicted' | 'no_further_action';

/** mulberry32: small, fast, good enough to spread synthetic data */
/**
 * Inserts `count` fictional cases at a site with the owner connection, in batches (one
 * transaction each): subject and victims, case, referral, offences, team and status history.
 * Returns the new case ids, the number of rows written and the time taken.
 */
export async function generateSyntheticCases(
  db: Database,
  options: SyntheticOptions,
): Promise<SyntheticResult> {
  const { siteId, count, teamUserIds } = options;
  if (teamUserIds.length === 0) throw new Error('generateSyntheticCases needs at least one team user');
  const batchSize = options.batchSize ?? 2000;
  const started = performance.now();
  let rowCount = 0;
  const random = prng(options.seed ?? 1);
  const orderRandom = prng((options.seed ?? 1) + 17_000);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const onProgress =
    options.onProgress ??
    ((done: number, total: number, rows: number) =>
      process.stdout.write(
        `Generated ${done} of ${total} cases (${rows} rows, ${Math.round(rows / ((performance.now() - started) / 1000))} rows/s)\n`,
      ));

  const site = await db.owner
    .selectFrom('site')
    .select(['id', 'code'])
    .where('id', '=', siteId)
    .executeTakeFirstOrThrow();
  const agencies = await db.owner
    .selectFrom('agency')
    .select(['id', 'kind'])
    .where('site_id', '=', siteId)
    .where('kind', 'in', ['police', 'probation'])
    .execute();
  if (agencies.length === 0)
    throw new Error(`Site ${site.code} has no police or probation agency to refer from`);
  const referrerId = teamUserIds[0]!;
  const referrer = await db.owner
    .selectFrom('app_user')
    .select('display_name')
    .where('id', '=', referrerId)
    .executeTakeFirstOrThrow();

  // sessions use their own stream of choices, so a seed still gives the same cases
  const sessionRandom = prng((options.seed ?? 1) + 7919);
  const wantSessions = options.sessions ?? true;
  const clinicians = wantSessions
    ? (
        await db.owner
          .selectFrom('app_user')
          .select('id')
          .where('id', 'in', [...teamUserIds, ...(options.caseloads ?? []).map((c) => c.userId)])
          .where('role', 'in', rolesThatCan('deliver_interventions'))
          .execute()
      ).map((u) => u.id)
    : [];
  if (wantSessions && !clinicians.length) clinicians.push(referrerId);

  const ids: string[] = [];
  // court outcomes, new offending, MAPPA and MARAC: a stream of their own (the cases stay as they were)
  const offendingRandom = prng((options.seed ?? 1) + 7919);
  for (let offset = 0; offset < count; offset += batchSize) {
    const n = Math.min(batchSize, count - offset);
    await db.owner.transaction().execute(async (tx) => {
      const seq = await sql<{
        n: number;
      }>`select recolo_private.next_case_number(${siteId}::uuid) as n from generate_series(1, ${n})`.execute(
        tx,
      );
      const batch: CaseRows[] = [];
      const courses: { caseId: string; from: Date; closed: boolean }[] = [];
      for (let i = 0; i < n; i += 1) {
        const serial = offset + i;
        const createdDaysAgo = 5 + Math.floor(random() * 700);
        const createdAt = daysAgo(createdDaysAgo);
        const investigation = weighted<Investigation>(random, [
          ['under_investigation', 30],
          ['charged', 35],
          ['convicted', 30],
          ['no_further_action', 5],
        ]);
        const status: Status =
          investigation === 'no_further_action'
            ? weighted<Status>(random, [
                ['referred', 1],
                ['screening', 1],
                ['declined', 4],
              ])
            : weighted<Status>(random, [
                ['referred', 15],
                ['screening', 15],
                ['accepted', 20],
                ['active', 25],
                ['closed', 15],
                ['declined', 10],
              ]);
        // under investigation, the health team may give consultation only
        const mode =
          investigation === 'under_investigation'
            ? 'consultation'
            : random() < 0.75
              ? 'intervention'
              : 'consultation';

        // the pseudo-random choices are made in the same order as before the case builder, so a
        // seed gives the same cases
        const subject = {
          given: pick(GIVEN),
          family: pick(SURNAMES),
          dateOfBirth: isoDateDaysAgo(365 * (19 + Math.floor(random() * 50)) + Math.floor(random() * 365)),
          pncId: fictionalPncId(2015 + Math.floor(random() * 11), 200_000 + serial),
          nhsNumber: random() < 0.8 ? fictionalNhsNumber(500_000 + serial * 3) : null,
          probationRef: investigation === 'convicted' ? `${site.code}-PR-${10_000 + serial}` : null,
        };

        const path = LIFECYCLE[status];
        const statusEvents: StatusEventSpec[] = [];
        let at = createdAt;
        path.forEach((to, step) => {
          if (step > 0)
            at = new Date(Math.min(Date.now(), at.getTime() + (2 + Math.floor(random() * 30)) * 86_400_000));
          statusEvents.push({
            to,
            acceptedMode: to === 'accepted' ? mode : null,
            reason: step === 0 ? 'Referral received' : `Moved to ${to} at the multi-agency panel`,
            at,
          });
        });

        const referral = {
          agencyId: pick(agencies).id,
          referrerName: referrer.display_name,
          reason: pick(REASONS),
          consent: weighted(random, [
            ['given', 6],
            ['refused', 1],
            ['not_sought', 3],
          ]),
          livesInArea: status !== 'declined' || random() < 0.5,
        };
        const offenceCount = 1 + Math.floor(random() * 2);
        const offences = [...new Set(Array.from({ length: offenceCount }, () => pick(OFFENCES)))].map(
          (code) => ({ code, description: OFFENCE_TEXT[code] ?? '' }),
        );
        const victimCount = weighted(random, [
          [1, 70],
          [2, 22],
          [3, 8],
        ]);
        const victims = Array.from({ length: victimCount }, (_, v) => ({
          person: {
            given: pick(GIVEN),
            family: pick(SURNAMES),
            dateOfBirth: random() < 0.5 ? isoDateDaysAgo(365 * (18 + Math.floor(random() * 50))) : null,
          },
          relationship: v === 0 ? pick(RELATIONSHIPS) : pick(['family', 'acquaintance', 'work']),
        }));
        const members = new Set(teamUserIds);
        for (const c of options.caseloads ?? []) if (serial % c.every === 0) members.add(c.userId);

        const rows = caseRows({
          siteId,
          reference: `${site.code}-${String(seq.rows[i]!.n).padStart(6, '0')}`,
          createdBy: referrerId,
          createdAt,
          subject,
          investigationStatus: investigation,
          referral,
          offences,
          victims,
          statusEvents,
          team: [...members],
        });
        batch.push(rows);
        ids.push(rows.cases[0]!.id);
        rowCount += countCaseRows(rows);
        const accepted = statusEvents.find((e) => e.to === 'accepted');
        if (
          wantSessions &&
          mode === 'intervention' &&
          accepted?.at &&
          (status === 'active' || status === 'closed')
        )
          courses.push({ caseId: rows.cases[0]!.id, from: accepted.at, closed: status === 'closed' });
      }
      await insertCaseRows(tx, batch);
      rowCount += await insertSyntheticSessions(tx, courses, clinicians, referrerId, sessionRandom);
      // orders, conditions and breaches (issue 13), from their own sequence so the cases stay as seeded
      rowCount += await insertSyntheticOrders(tx, batch, orderRandom, referrerId);
      rowCount += await insertOffendingRows(tx, offendingRows(batch, offendingRandom, referrerId));
    });
    onProgress(offset + n, count, rowCount);
  }
  await sql`analyze`.execute(db.owner);
  return { ids, rows: rowCount, ms: performance.now() - started };
}

const SESSION_ATTENDANCE: [string, number][] = [
  ['attended', 70],
  ['late', 8],
  ['did_not_attend', 12],
  ['cancelled_by_person', 6],
  ['cancelled_by_service', 4],
];
const SESSION_MODES = ['clinic', 'clinic', 'clinic', 'prison', 'probation_office', 'video', 'phone'] as const;

/**
 * A weekly course of intervention sessions for each case (4 to 16; those due in the past with
 * their attendance, one or two clinicians present with face-to-face and preparation minutes, the
 * rest booked), written as multi-row inserts. Returns the rows written.
 */
async function insertSyntheticSessions(
  tx: Tx,
  courses: readonly { caseId: string; from: Date; closed: boolean }[],
  clinicians: readonly string[],
  createdBy: string,
  random: () => number,
): Promise<number> {
  if (!courses.length) return 0;
  const sessions: {
    id: string;
    case_id: string;
    starts_at: Date;
    planned_minutes: number;
    mode: string;
    component: string;
    attendance: string | null;
    duration_minutes: number | null;
    attendance_recorded_by: string | null;
    attendance_recorded_at: Date | null;
    created_by: string;
  }[] = [];
  const present: {
    session_id: string;
    case_id: string;
    user_id: string;
    face_to_face_minutes: number | null;
    admin_minutes: number | null;
  }[] = [];
  const now = Date.now();
  for (const c of courses) {
    const count = 4 + Math.floor(random() * 13);
    for (let k = 0; k < count; k += 1) {
      const startsAt = new Date(c.from.getTime() + (7 + 7 * k) * 86_400_000 + 10 * 3_600_000);
      if (c.closed && startsAt.getTime() > now) break;
      const past = startsAt.getTime() < now;
      const attendance = past ? weighted(random, SESSION_ATTENDANCE) : null;
      const tookPlace = attendance === 'attended' || attendance === 'late';
      const minutes = tookPlace ? 40 + Math.floor(random() * 31) : null;
      const id = randomUUID();
      sessions.push({
        id,
        case_id: c.caseId,
        starts_at: startsAt,
        planned_minutes: 60,
        mode: SESSION_MODES[Math.floor(random() * SESSION_MODES.length)]!,
        component: 'individual_therapy',
        attendance,
        duration_minutes: minutes,
        attendance_recorded_by: attendance ? createdBy : null,
        attendance_recorded_at: attendance ? new Date(startsAt.getTime() + 3_600_000) : null,
        created_by: createdBy,
      });
      const who =
        clinicians.length > 1 && random() < 0.2
          ? clinicians.slice(0, 2)
          : [clinicians[k % clinicians.length]!];
      for (const userId of new Set(who))
        present.push({
          session_id: id,
          case_id: c.caseId,
          user_id: userId,
          face_to_face_minutes: attendance === null ? null : tookPlace ? minutes : 0,
          admin_minutes: attendance === null ? null : 10 + Math.floor(random() * 21),
        });
    }
  }
  for (let i = 0; i < sessions.length; i += 1000)
    await tx
      .insertInto('intervention_session')
      .values(sessions.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < present.length; i += 1000)
    await tx
      .insertInto('intervention_session_clinician')
      .values(present.slice(i, i + 1000))
      .execute();
  return sessions.length + present.length;
}
