import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Notifications, the victim contact log, safety plans, incidents and evidence files. */

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  case_id: string | null;
  kind: string;
  message: string;
  link: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export interface VictimContactLogTable {
  id: Generated<string>;
  case_id: string;
  case_victim_id: string;
  contacted_on: ColumnType<string, string, string>;
  method: string;
  contact_with: string;
  summary: string;
  victim_updated: boolean;
  author_id: string;
  created_at: CreatedAt;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface SafetyPlanTable {
  id: Generated<string>;
  case_id: string;
  case_victim_id: string;
  version: number;
  risk_assessment_id: string | null;
  summary: Generated<string>;
  actions: ColumnType<{ action: string; owner: string; reviewOn: string }[], string, string>;
  review_date: ColumnType<string, string, string>;
  author_id: string;
  created_at: CreatedAt;
}

export interface IncidentTable {
  id: Generated<string>;
  case_id: string;
  case_victim_id: string | null;
  occurred_from: Timestamp;
  occurred_to: Timestamp | null;
  approximate: Generated<boolean>;
  behaviours: ColumnType<string[], string[], string[]>;
  reported_by: string;
  description: string;
  import_batch: string | null;
  created_by: string;
  created_at: CreatedAt;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface EvidenceFileTable {
  id: Generated<string>;
  case_id: string;
  incident_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface IncidentAmendmentTable {
  id: Generated<string>;
  case_id: string;
  incident_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}
