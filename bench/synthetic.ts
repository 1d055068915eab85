import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database } from '../src/platform/db/database.js';
import type {
  CaseOffenceTable,
  CasesTable,
  CaseStatusEventTable,
  CaseTeamTable,
  CaseVictimTable,
  PersonTable,
  DB,
  ReferralTable,
} from '../src/platform/db/schema.js';
import { daysAgo, fictionalNhsNumber, fictionalPncId, isoDateDaysAgo } from '../src/demo/fictional.js';

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
  /** default: prints "Generated N of M cases (R rows/s)" to stdout */
  onProgress?: (done: number, total: number, rows: number) => void;
};

export type SyntheticResult = { ids: string[]; rows: number; ms: number };

const GIVEN = `
  Aaron Bethany Callum Dominic Eleanor Fraser Georgia Harvey Isla Jamie Kasim Lydia Mason Niamh
  Oscar Poppy Quentin Rhys Saffron Tariq Usha Vincent Wren Xavier Yasmin Zachary
`
  .trim()
  .split(/\s+/);
const FAMILY = `
  Abbott Blackwood Carrick Dunmore Elston Farrow Gillard Hartigan Ingleby Jessop Kilbride Lockhart
  Merriman Northcott Ormsby Pennock Quarrie Ridley Stannard Treloar Upshall Varley Wetherall
  Yardley
`
  .trim()
  .split(/\s+/);
// a long tail of surnames, as real ones have: a few common names and many rare ones
const SURNAME_START = `
  Ash Bar Brad Brook Cald Carr Cole Dal Dun Fair Fen Gar Hal Hart Hay Kel Lang Lin Mar Mil
  Nor Oak Pen Rad Red Ros Sel Shel Stan Thorn Wad Whit Wil Wood
`
  .trim()
  .split(/\s+/);
const SURNAME_END = `
  bury by croft dale field ford gate ham hurst ley low more ridge stead ton well wick worth
`
  .trim()
  .split(/\s+/);
const SURNAMES = [...FAMILY, ...SURNAME_START.flatMap((a) => SURNAME_END.map((b) => a + b))];
const REASONS = [
  'Repeated unwanted contact by phone and social media after being asked to stop.',
  'Loitering near the victim’s home and workplace over several weeks.',
  'Sending gifts and letters, and turning up uninvited at the victim’s events.',
  'Monitoring the victim’s online accounts and contacting her friends about her.',
  'Following the victim on her commute on several occasions.',
];
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
type Status = 'referred' | 'screening' | 'accepted' | 'active' | 'closed' | 'declined';

/** mulberry32: small, fast, good enough to spread synthetic data */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function weighted<T>(random: () => number, choices: [T, number][]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/** The statuses a case passed through, in order, ending at its current one. */
function lifecycle(status: Status): Status[] {
  switch (status) {
    case 'referred':
      return ['referred'];
    case 'screening':
      return ['referred', 'screening'];
    case 'accepted':
      return ['referred', 'screening', 'accepted'];
    case 'active':
      return ['referred', 'screening', 'accepted', 'active'];
    case 'closed':
      return ['referred', 'screening', 'accepted', 'active', 'closed'];
    case 'declined':
      return ['referred', 'screening', 'declined'];
  }
}

type Column = readonly [name: string, type: string];

/**
 * One INSERT … SELECT FROM unnest(array, array, …) per table and batch: a handful of parameters
 * (one array per column) however many rows, so PostgreSQL parses one short statement, not
 * thousands of placeholders.
 */
async function insertRows<R>(
  tx: Transaction<DB>,
  table: string,
  columns: readonly Column[],
  rows: readonly R[],
): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map(([name, type]) => {
    const values = rows.map((r) => {
      const v = (r as Record<string, unknown>)[name];
      return v === undefined ? null : v;
    });
    // scalar columns only: an array of arrays would not travel as one parameter
    return sql`${values}::${sql.raw(type)}[]`;
  });
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  const casts = sql.raw(columns.map(([name, type]) => `"${name}"::${type}`).join(', '));
  await sql`insert into ${sql.table(table)} (${names})
    select ${casts} from unnest(${sql.join(arrays)}) as t(${names})`.execute(tx);
}

const PERSON_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['given_name', 'text'],
  ['family_name', 'text'],
  ['date_of_birth', 'date'],
  ['pnc_id', 'text'],
  ['nhs_number', 'text'],
  ['probation_ref', 'text'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
];
const CASE_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['reference', 'text'],
  ['site_id', 'uuid'],
  ['subject_id', 'uuid'],
  ['status', 'text'],
  ['accepted_mode', 'text'],
  ['investigation_status', 'text'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const REFERRAL_COLUMNS: Column[] = [
  ['case_id', 'uuid'],
  ['referring_agency_id', 'uuid'],
  ['referrer_name', 'text'],
  ['referrer_user_id', 'uuid'],
  ['reason', 'text'],
  ['consent', 'text'],
  ['consent_notes', 'text'],
  ['is_adult', 'boolean'],
  ['lives_in_area', 'boolean'],
  ['created_at', 'timestamptz'],
];
const OFFENCE_COLUMNS: Column[] = [
  ['case_id', 'uuid'],
  ['code', 'text'],
  ['description', 'text'],
];
const VICTIM_COLUMNS: Column[] = [
  ['case_id', 'uuid'],
  ['victim_id', 'uuid'],
  ['relationship', 'text'],
  ['created_at', 'timestamptz'],
];
const TEAM_COLUMNS: Column[] = [
  ['case_id', 'uuid'],
  ['user_id', 'uuid'],
  ['added_by', 'uuid'],
  ['added_at', 'timestamptz'],
];
const EVENT_COLUMNS: Column[] = [
  ['case_id', 'uuid'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['accepted_mode', 'text'],
  ['reason', 'text'],
  ['by_user', 'uuid'],
  ['at', 'timestamptz'],
];

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

  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += batchSize) {
    const n = Math.min(batchSize, count - offset);
    await db.owner.transaction().execute(async (tx) => {
      const seq = await sql<{
        n: number;
      }>`select recolo_private.next_case_number(${siteId}::uuid) as n from generate_series(1, ${n})`.execute(
        tx,
      );
      const people: Insertable<PersonTable>[] = [];
      const cases: Insertable<CasesTable>[] = [];
      const referrals: Insertable<ReferralTable>[] = [];
      const offences: Insertable<CaseOffenceTable>[] = [];
      const victims: Insertable<CaseVictimTable>[] = [];
      const team: Insertable<CaseTeamTable>[] = [];
      const events: Insertable<CaseStatusEventTable>[] = [];

      for (let i = 0; i < n; i += 1) {
        const serial = offset + i;
        const caseId = randomUUID();
        const subjectId = randomUUID();
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

        people.push({
          id: subjectId,
          given_name: pick(GIVEN),
          family_name: pick(SURNAMES),
          date_of_birth: isoDateDaysAgo(365 * (19 + Math.floor(random() * 50)) + Math.floor(random() * 365)),
          pnc_id: fictionalPncId(2015 + Math.floor(random() * 11), 200_000 + serial),
          nhs_number: random() < 0.8 ? fictionalNhsNumber(500_000 + serial * 3) : null,
          probation_ref: investigation === 'convicted' ? `${site.code}-PR-${10_000 + serial}` : null,
          created_by: referrerId,
          created_at: createdAt,
        });

        const path = lifecycle(status);
        let at = createdAt;
        path.forEach((to, step) => {
          if (step > 0)
            at = new Date(Math.min(Date.now(), at.getTime() + (2 + Math.floor(random() * 30)) * 86_400_000));
          events.push({
            case_id: caseId,
            from_status: step === 0 ? null : path[step - 1]!,
            to_status: to,
            accepted_mode: to === 'accepted' ? mode : null,
            reason: step === 0 ? 'Referral received' : `Moved to ${to} at the multi-agency panel`,
            by_user: referrerId,
            at,
          });
        });

        cases.push({
          id: caseId,
          reference: `${site.code}-${String(seq.rows[i]!.n).padStart(6, '0')}`,
          site_id: siteId,
          subject_id: subjectId,
          status,
          accepted_mode: status === 'accepted' || status === 'active' || status === 'closed' ? mode : null,
          investigation_status: investigation,
          created_by: referrerId,
          created_at: createdAt,
          updated_at: at,
        });
        referrals.push({
          case_id: caseId,
          referring_agency_id: pick(agencies).id,
          referrer_name: referrer.display_name,
          referrer_user_id: referrerId,
          reason: pick(REASONS),
          consent: weighted(random, [
            ['given', 6],
            ['refused', 1],
            ['not_sought', 3],
          ]),
          consent_notes: '',
          is_adult: true,
          lives_in_area: status !== 'declined' || random() < 0.5,
          created_at: createdAt,
        });
        const offenceCount = 1 + Math.floor(random() * 2);
        for (const code of new Set(Array.from({ length: offenceCount }, () => pick(OFFENCES)))) {
          offences.push({ case_id: caseId, code, description: OFFENCE_TEXT[code] ?? '' });
        }
        const victimCount = weighted(random, [
          [1, 70],
          [2, 22],
          [3, 8],
        ]);
        for (let v = 0; v < victimCount; v += 1) {
          const victimId = randomUUID();
          people.push({
            id: victimId,
            given_name: pick(GIVEN),
            family_name: pick(SURNAMES),
            date_of_birth: random() < 0.5 ? isoDateDaysAgo(365 * (18 + Math.floor(random() * 50))) : null,
            pnc_id: null,
            nhs_number: null,
            probation_ref: null,
            created_by: referrerId,
            created_at: createdAt,
          });
          victims.push({
            case_id: caseId,
            victim_id: victimId,
            relationship: v === 0 ? pick(RELATIONSHIPS) : pick(['family', 'acquaintance', 'work']),
            created_at: createdAt,
          });
        }
        const members = new Set(teamUserIds);
        for (const c of options.caseloads ?? []) if (serial % c.every === 0) members.add(c.userId);
        for (const userId of members) {
          team.push({ case_id: caseId, user_id: userId, added_by: referrerId, added_at: createdAt });
        }
        ids.push(caseId);
      }

      // order matters: people before cases, cases before what hangs off them
      await insertRows(tx, 'person', PERSON_COLUMNS, people);
      await insertRows(tx, 'cases', CASE_COLUMNS, cases);
      await insertRows(tx, 'referral', REFERRAL_COLUMNS, referrals);
      await insertRows(tx, 'case_offence', OFFENCE_COLUMNS, offences);
      await insertRows(tx, 'case_victim', VICTIM_COLUMNS, victims);
      await insertRows(tx, 'case_team', TEAM_COLUMNS, team);
      await insertRows(tx, 'case_status_event', EVENT_COLUMNS, events);
      rowCount +=
        people.length +
        cases.length +
        referrals.length +
        offences.length +
        victims.length +
        team.length +
        events.length;
    });
    onProgress(offset + n, count, rowCount);
  }
  await sql`analyze`.execute(db.owner);
  return { ids, rows: rowCount, ms: performance.now() - started };
}
