import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* The multi-agency meeting, its agenda's case items with their minutes, and actions (migration 024). */

type DateColumn = ColumnType<string, string, string>;

export interface SiteMeetingRuleTable {
  site_id: string;
  quorum_kinds: string[];
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface MeetingTable {
  id: Generated<string>;
  site_id: string;
  series_id: string | null;
  recurrence: Generated<string>;
  starts_at: Timestamp;
  location: Generated<string>;
  chair_id: string;
  minute_taker_id: string | null;
  status: Generated<string>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
}

export interface MeetingInvitedAgencyTable {
  meeting_id: string;
  agency_id: string;
}

export interface MeetingParticipantTable {
  meeting_id: string;
  user_id: string;
  attendance: string | null;
  deputy_id: string | null;
}

export interface MeetingItemTable {
  id: Generated<string>;
  meeting_id: string;
  case_id: string;
  position: number;
  reason: Generated<string>;
  discussion: Generated<string>;
  victim_voice_id: string | null;
  voice_reason: Generated<string>;
  agreed_risk: string | null;
  risk_rationale: Generated<string>;
  decision: string | null;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface MeetingItemAddendumTable {
  id: Generated<string>;
  item_id: string;
  case_id: string;
  body: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface CaseActionTable {
  id: Generated<string>;
  case_id: string;
  meeting_item_id: string | null;
  description: string;
  owner_user_id: string | null;
  owner_agency_id: string | null;
  due_on: DateColumn;
  status: Generated<string>;
  not_done_reason: Generated<string>;
  closed_by: string | null;
  closed_at: Timestamp | null;
  due_soon_notified: Generated<boolean>;
  overdue_notified: Generated<boolean>;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  source_kind: string | null;
  source_id: string | null;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}
