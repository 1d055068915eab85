import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { foldName } from '../platform/names.js';
import type {
  CaseOffenceTable,
  CasesTable,
  CaseStatusEventTable,
  CaseTeamTable,
  CaseVictimTable,
  PersonTable,
  ReferralTable,
} from '../platform/db/schema.js';

// ONE WAY TO MAKE A CASE. The demo, the test fixtures, the leak test's worlds and the benchmark
// generator all describe a case as a CaseSpec and turn it into rows here, so the seven core tables
// are written the same way everywhere. caseRows is pure (no database, only ids and "now" are
// made up); insertCaseRows (insert-rows.ts) writes many cases' rows in one statement per table.

/** The core tables a case is made of, in the order their rows must be inserted. */
export const CORE_TABLE_ORDER = [
  'person',
  'cases',
  'referral',
  'case_offence',
  'case_victim',
  'case_team',
  'case_status_event',
] as const;
export type CoreTable = (typeof CORE_TABLE_ORDER)[number];

type WithId<T> = T & { id: string };

export type CaseRows = {
  person: WithId<Insertable<PersonTable>>[];
  cases: WithId<Insertable<CasesTable>>[];
  referral: WithId<Insertable<ReferralTable>>[];
  case_offence: WithId<Insertable<CaseOffenceTable>>[];
  case_victim: WithId<Insertable<CaseVictimTable>>[];
  case_team: Insertable<CaseTeamTable>[];
  case_status_event: WithId<Insertable<CaseStatusEventTable>>[];
};

/** A person the case creates (subject or victim). */
export type PersonSpec = {
  id?: string;
  given: string;
  family: string;
  dateOfBirth?: string | null;
  pncId?: string | null;
  nhsNumber?: string | null;
  probationRef?: string | null;
  aliases?: string[];
  /** default: the case's createdBy */
  createdBy?: string;
  /** default: the case's createdAt */
  createdAt?: Date;
};

export type VictimSpec = {
  /** the case_victim row's id */
  id?: string;
  /** a new person, or one already in the database (or made by an earlier case): no person row */
  person: PersonSpec | { existing: string };
  relationship: string;
  victimKind?: 'victim' | 'proxy' | 'third_party';
  advocateId?: string | null;
  addedBy?: string | null;
  /** default: the case's createdAt */
  createdAt?: Date;
};

export type StatusEventSpec = {
  id?: string;
  /** default: the previous event's status (null for the first) */
  from?: string | null;
  to: string;
  acceptedMode?: string | null;
  reason: string;
  /** default: the case's createdBy */
  by?: string;
  /** default: the previous event's time (the case's createdAt for the first) */
  at?: Date;
};

export type CaseSpec = {
  id?: string;
  siteId: string;
  reference: string;
  createdBy: string;
  /** default: now */
  createdAt?: Date;
  /** default: the last status event's time */
  updatedAt?: Date;
  subject: PersonSpec | { existing: string };
  investigationStatus: string;
  /** default: the last status event's (or 'referred' when there is none) */
  status?: string;
  /**
   * default: the last mode a status event gave, while the case is accepted, active or closed;
   * otherwise null
   */
  acceptedMode?: string | null;
  referral: {
    id?: string;
    agencyId: string;
    referrerName: string;
    /** default: createdBy */
    referrerUserId?: string;
    reason: string;
    consent: string;
    consentNotes?: string;
    isAdult?: boolean;
    livesInArea?: boolean;
    /** default: the case's createdAt */
    createdAt?: Date;
  };
  offences: { id?: string; code: string; description: string }[];
  victims: VictimSpec[];
  /** in order; the first is the referral's */
  statusEvents: StatusEventSpec[];
  /** user ids, or members with who added them and when (default: createdBy, createdAt) */
  team: (string | { userId: string; addedBy?: string; addedAt?: Date })[];
};

const MODE_KEPT = new Set(['accepted', 'active', 'closed']);

export function emptyCaseRows(): CaseRows {
  return {
    person: [],
    cases: [],
    referral: [],
    case_offence: [],
    case_victim: [],
    case_team: [],
    case_status_event: [],
  };
}

function personRow(p: PersonSpec, createdBy: string, createdAt: Date): CaseRows['person'][number] {
  return {
    id: p.id ?? randomUUID(),
    given_name: p.given,
    family_name: p.family,
    search_name: foldName(`${p.given} ${p.family}`),
    ...(p.aliases ? { aliases: p.aliases } : {}),
    date_of_birth: p.dateOfBirth ?? null,
    pnc_id: p.pncId ?? null,
    nhs_number: p.nhsNumber ?? null,
    probation_ref: p.probationRef ?? null,
    created_by: p.createdBy ?? createdBy,
    created_at: p.createdAt ?? createdAt,
  };
}

/** The rows of one case, every column given (ids made here unless the spec names them). */
export function caseRows(spec: CaseSpec): CaseRows {
  const rows = emptyCaseRows();
  const caseId = spec.id ?? randomUUID();
  const createdAt = spec.createdAt ?? new Date();
  const createdBy = spec.createdBy;

  let subjectId: string;
  if ('existing' in spec.subject) subjectId = spec.subject.existing;
  else {
    const subject = personRow(spec.subject, createdBy, createdAt);
    rows.person.push(subject);
    subjectId = subject.id;
  }

  let previous: { to: string; at: Date } | null = null;
  let lastMode: string | null = null;
  for (const e of spec.statusEvents) {
    const at: Date = e.at ?? previous?.at ?? createdAt;
    const mode = e.acceptedMode ?? null;
    if (mode) lastMode = mode;
    rows.case_status_event.push({
      id: e.id ?? randomUUID(),
      case_id: caseId,
      from_status: e.from !== undefined ? e.from : (previous?.to ?? null),
      to_status: e.to,
      accepted_mode: mode,
      reason: e.reason,
      voice_not_current_reason: null,
      by_user: e.by ?? createdBy,
      at,
    });
    previous = { to: e.to, at };
  }
  const status = spec.status ?? previous?.to ?? 'referred';

  rows.cases.push({
    id: caseId,
    reference: spec.reference,
    site_id: spec.siteId,
    subject_id: subjectId,
    status,
    accepted_mode:
      spec.acceptedMode !== undefined ? spec.acceptedMode : MODE_KEPT.has(status) ? lastMode : null,
    investigation_status: spec.investigationStatus,
    created_by: createdBy,
    created_at: createdAt,
    updated_at: spec.updatedAt ?? previous?.at ?? createdAt,
  });

  const r = spec.referral;
  rows.referral.push({
    id: r.id ?? randomUUID(),
    case_id: caseId,
    referring_agency_id: r.agencyId,
    referrer_name: r.referrerName,
    referrer_user_id: r.referrerUserId ?? createdBy,
    reason: r.reason,
    consent: r.consent,
    consent_notes: r.consentNotes ?? '',
    is_adult: r.isAdult ?? true,
    lives_in_area: r.livesInArea ?? true,
    created_at: r.createdAt ?? createdAt,
  });

  for (const o of spec.offences) {
    rows.case_offence.push({
      id: o.id ?? randomUUID(),
      case_id: caseId,
      code: o.code,
      description: o.description,
    });
  }

  for (const v of spec.victims) {
    let victimId: string;
    if ('existing' in v.person) victimId = v.person.existing;
    else {
      const person = personRow(v.person, createdBy, createdAt);
      rows.person.push(person);
      victimId = person.id;
    }
    rows.case_victim.push({
      id: v.id ?? randomUUID(),
      case_id: caseId,
      victim_id: victimId,
      relationship: v.relationship,
      victim_kind: v.victimKind ?? 'victim',
      advocate_id: v.advocateId ?? null,
      added_by: v.addedBy ?? null,
      created_at: v.createdAt ?? createdAt,
    });
  }

  for (const m of spec.team) {
    const member = typeof m === 'string' ? { userId: m } : m;
    rows.case_team.push({
      case_id: caseId,
      user_id: member.userId,
      added_by: member.addedBy ?? createdBy,
      added_at: member.addedAt ?? createdAt,
    });
  }
  return rows;
}

/** Several cases' rows as one set, each table's rows in the cases' order. */
export function mergeCaseRows(all: readonly CaseRows[]): CaseRows {
  const merged = emptyCaseRows();
  for (const rows of all) {
    for (const table of CORE_TABLE_ORDER) {
      (merged[table] as object[]).push(...rows[table]);
    }
  }
  return merged;
}

/** How many rows, all tables together. */
export function countCaseRows(rows: CaseRows): number {
  return CORE_TABLE_ORDER.reduce((n, table) => n + rows[table].length, 0);
}
