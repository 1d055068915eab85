import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Court outcomes, new offending, MAPPA and MARAC (migration 018). Dates are 'YYYY-MM-DD' text. */

type DateColumn = ColumnType<string, string, string>;

export interface CourtChargeTable {
  id: Generated<string>;
  case_id: string;
  classification: string;
  wording: string;
  charged_on: DateColumn;
  court: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CourtOutcomeTable {
  id: Generated<string>;
  case_id: string;
  charge_id: string;
  outcome: string;
  outcome_on: DateColumn;
  sentence_kind: string | null;
  sentence_months: number | null;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface NewOffenceTable {
  id: Generated<string>;
  case_id: string;
  event_kind: string;
  classification: string;
  offence_on: DateColumn;
  known_on: DateColumn;
  source_agency: string;
  details: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface MappaRecordTable {
  id: Generated<string>;
  case_id: string;
  category: number;
  level: number;
  starts_on: DateColumn;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  lead_agency: string;
  next_review_on: ColumnType<string | null, string | null | undefined, string | null>;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface MaracReferralTable {
  id: Generated<string>;
  case_id: string;
  referred_on: DateColumn;
  referring_agency: string;
  reason: string;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface MaracMeetingTable {
  id: Generated<string>;
  case_id: string;
  referral_id: string;
  meeting_on: DateColumn;
  outcome: string;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}
