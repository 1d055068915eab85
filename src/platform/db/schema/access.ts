import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* The audit log, its chain and seals; the access policy, site tightenings and break-glass grants. */

export interface AuditEventTable {
  id: ColumnType<string, never, never>;
  at: CreatedAt;
  xid: ColumnType<string, never, never>;
  user_id: string | null;
  action: string;
  case_id: string | null;
  record_type: string | null;
  record_id: string | null;
  reason: string;
  request_id: string | null;
  break_glass: Generated<boolean>;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  mac: string | null;
  mac_key_id: string | null;
  session_ref: string | null;
  session_user_id: string | null;
}

export interface AuditChainTable {
  seq: Generated<string>;
  event_id: string;
  seal_id: string;
  hash: string;
}

export interface AuditSealTable {
  id: Generated<string>;
  sealed_at: CreatedAt;
  event_count: number;
  first_seq: string | null;
  last_seq: string | null;
  head_hash: string;
  last_xid: string | null;
  last_event_id: string | null;
}

export interface AccessPolicyTable {
  role: string;
  compartment: string;
  access: string;
}

export interface SiteAccessPolicyTable {
  site_id: string;
  role: string;
  compartment: string;
  access: string;
  widening_approved_by: string | null;
  reason: string;
  decided_by: string;
  decided_at: Timestamp;
}

export interface BreakGlassGrantTable {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  reason_code: string;
  reason_text: string;
  granted_at: CreatedAt;
  expires_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
}
