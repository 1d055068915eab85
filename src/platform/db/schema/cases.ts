import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* People, cases, referrals and what hangs directly off a case (offences, victims, team, status). */

export interface PersonTable {
  id: string;
  given_name: string;
  family_name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  date_of_birth: ColumnType<string | null, string | null, string | null>;
  pnc_id: string | null;
  nhs_number: string | null;
  probation_ref: string | null;
  created_by: string;
  created_at: CreatedAt;
  version: Generated<number>;
  /**
   * the name folded for search and duplicate detection (platform/names.ts foldName), written by the
   * application with the name (migration 014); a row without it is folded by the migration runner
   */
  search_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CasesTable {
  id: string;
  reference: string;
  site_id: string;
  subject_id: string;
  status: Generated<string>;
  accepted_mode: string | null;
  investigation_status: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
  /** a completed risk assessment exists (kept by a trigger, migration 037) */
  risk_assessed: Generated<boolean>;
}

export interface ReferralTable {
  id: Generated<string>;
  case_id: string;
  referring_agency_id: string;
  referrer_name: string;
  referrer_user_id: string;
  reason: string;
  consent: string;
  consent_notes: Generated<string>;
  is_adult: boolean;
  lives_in_area: boolean;
  created_at: CreatedAt;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CaseOffenceTable {
  id: Generated<string>;
  case_id: string;
  code: string;
  description: string;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CaseVictimTable {
  id: Generated<string>;
  case_id: string;
  victim_id: string;
  relationship: string;
  victim_kind: Generated<'victim' | 'proxy' | 'third_party'>;
  advocate_id: string | null;
  added_by: string | null;
  created_at: CreatedAt;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CaseTeamTable {
  case_id: string;
  user_id: string;
  added_by: string;
  added_at: CreatedAt;
}

export interface PersonAmendmentTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}

export interface InvestigationStatusEventTable {
  id: Generated<string>;
  case_id: string;
  from_status: string;
  to_status: string;
  effective_on: string;
  reason: string;
  by_user: string;
  at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CaseStatusEventTable {
  id: Generated<string>;
  case_id: string;
  from_status: string | null;
  to_status: string;
  accepted_mode: string | null;
  reason: string;
  voice_not_current_reason: Generated<string | null>;
  by_user: string;
  at: CreatedAt;
}

/** A correction to a referral (migration 031; platform/corrections amendRecord's shape). */
export interface ReferralAmendmentTable {
  id: Generated<string>;
  case_id: string;
  record_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}

/** A correction to a case_offence (migration 031; platform/corrections amendRecord's shape). */
export interface CaseOffenceAmendmentTable {
  id: Generated<string>;
  case_id: string;
  record_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}

/** A correction to a case_victim (migration 031; platform/corrections amendRecord's shape). */
export interface CaseVictimAmendmentTable {
  id: Generated<string>;
  case_id: string;
  record_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}
