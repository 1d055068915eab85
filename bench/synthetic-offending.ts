import { randomUUID } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { CaseRows } from '../src/demo/case-builder.js';
import type {
  CourtChargeTable,
  CourtOutcomeTable,
  DB,
  MappaRecordTable,
  MaracMeetingTable,
  MaracReferralTable,
  NewOffenceTable,
} from '../src/platform/db/schema.js';
import { weighted } from './vocabulary.js';

// Court outcomes, new offending, MAPPA and MARAC for synthetic cases (issue 13), in the shares a
// programme might see: most cases charged, a third convicted, about a quarter re-offending after
// referral, one in seven under MAPPA (a review due within two months either side of today), one in
// ten heard at MARAC. Fictional; made with their own pseudo-random stream, so adding them changes
// none of the synthetic cases themselves.

const DAY = 86_400_000;
const CLASSES = [
  'pha_s2a',
  'pha_s2a',
  'pha_s4a',
  'pha_s2',
  'pha_s4',
  'breach_of_order',
  'other_violence',
  'other',
];
const WORDING: Record<string, string> = {
  pha_s2a: 'Stalking (s2A)',
  pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (s4A)',
  pha_s2: 'Harassment (s2)',
  pha_s4: 'Putting people in fear of violence (s4)',
  breach_of_order: 'Breach of a restraining order',
  other_violence: 'Assault by beating',
  other: 'Criminal damage',
};
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export type OffendingRows = {
  court_charge: Insertable<CourtChargeTable>[];
  court_outcome: Insertable<CourtOutcomeTable>[];
  new_offence: Insertable<NewOffenceTable>[];
  mappa_record: Insertable<MappaRecordTable>[];
  marac_referral: Insertable<MaracReferralTable>[];
  marac_meeting: Insertable<MaracMeetingTable>[];
};

/** The court, offending, MAPPA and MARAC rows of a batch of synthetic cases. */
export function offendingRows(
  batch: readonly CaseRows[],
  random: () => number,
  userId: string,
): OffendingRows {
  const out: OffendingRows = {
    court_charge: [],
    court_outcome: [],
    new_offence: [],
    mappa_record: [],
    marac_referral: [],
    marac_meeting: [],
  };
  const now = Date.now();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (const rows of batch) {
    const c = rows.cases[0]!;
    const referred = new Date(c.created_at as Date).getTime();
    const between = (from: number, to: number) =>
      from + Math.floor(random() * Math.max(1, (to - from) / DAY)) * DAY;
    if (random() < 0.65) {
      const id = randomUUID();
      const classification = pick(CLASSES);
      const chargedOn = referred - Math.floor(random() * 120) * DAY;
      out.court_charge.push({
        id,
        case_id: c.id,
        classification,
        wording: WORDING[classification]!,
        charged_on: iso(chargedOn),
        created_by: userId,
      });
      if (random() < 0.6) {
        const outcome = weighted(random, [
          ['convicted', 60],
          ['acquitted', 15],
          ['discontinued', 15],
          ['no_further_action', 10],
        ]);
        const sentence =
          outcome === 'convicted'
            ? weighted(random, [
                ['immediate_custody', 20],
                ['suspended_sentence', 30],
                ['community_order', 35],
                ['fine', 10],
                ['conditional_discharge', 5],
              ])
            : null;
        out.court_outcome.push({
          case_id: c.id,
          charge_id: id,
          outcome,
          outcome_on: iso(Math.min(now, chargedOn + (30 + Math.floor(random() * 150)) * DAY)),
          sentence_kind: sentence,
          sentence_months:
            sentence && ['immediate_custody', 'suspended_sentence', 'community_order'].includes(sentence)
              ? 6 + Math.floor(random() * 30)
              : null,
          created_by: userId,
        });
      }
    }
    if (random() < 0.25) {
      const events = 1 + Math.floor(random() * 3);
      for (let i = 0; i < events; i += 1) {
        const offenceOn = between(referred, now);
        out.new_offence.push({
          case_id: c.id,
          event_kind: weighted(random, [
            ['arrest', 40],
            ['charge', 25],
            ['caution', 10],
            ['conviction', 25],
          ]),
          classification: pick(CLASSES),
          offence_on: iso(offenceOn),
          known_on: iso(Math.min(now, offenceOn + Math.floor(random() * 10) * DAY)),
          source_agency: weighted(random, [
            ['police', 70],
            ['probation', 15],
            ['victim_service', 10],
            ['court', 5],
          ]),
          created_by: userId,
        });
      }
    }
    if (random() < 0.15) {
      const startsOn = between(referred - 60 * DAY, now);
      out.mappa_record.push({
        case_id: c.id,
        category: weighted(random, [
          [2, 80],
          [3, 15],
          [1, 5],
        ]),
        level: weighted(random, [
          [1, 60],
          [2, 30],
          [3, 10],
        ]),
        starts_on: iso(startsOn),
        lead_agency: random() < 0.8 ? 'probation' : 'police',
        next_review_on: iso(Math.max(startsOn, now + (Math.floor(random() * 120) - 60) * DAY)),
        created_by: userId,
      });
    }
    if (random() < 0.1) {
      const id = randomUUID();
      const referredOn = between(referred, now);
      out.marac_referral.push({
        id,
        case_id: c.id,
        referred_on: iso(referredOn),
        referring_agency: random() < 0.7 ? 'police' : 'victim_service',
        reason: 'Ex-partner stalking assessed as high risk',
        created_by: userId,
      });
      if (random() < 0.8)
        out.marac_meeting.push({
          case_id: c.id,
          referral_id: id,
          meeting_on: iso(Math.min(now, referredOn + (7 + Math.floor(random() * 21)) * DAY)),
          outcome: 'Safety plan agreed; police marker on the address',
          created_by: userId,
        });
    }
  }
  return out;
}

/** Writes a batch's offending rows (multi-row inserts of at most 1,000 rows); returns how many. */
export async function insertOffendingRows(tx: Transaction<DB>, rows: OffendingRows): Promise<number> {
  let n = 0;
  const write = async <T extends keyof OffendingRows>(table: T) => {
    const all = rows[table];
    for (let i = 0; i < all.length; i += 1000) {
      // each table's own row type; kysely cannot relate the generic table name to its rows
      await tx
        .insertInto(table)
        .values(all.slice(i, i + 1000) as never)
        .execute();
    }
    n += all.length;
  };
  // charges before their outcomes, referrals before their meetings
  for (const table of [
    'court_charge',
    'court_outcome',
    'new_offence',
    'mappa_record',
    'marac_referral',
    'marac_meeting',
  ] as const)
    await write(table);
  return n;
}
