import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Sites, agencies, users, their sites, sessions and API tokens. */

export interface SiteTable {
  id: Generated<string>;
  code: string;
  name: string;
  area_description: Generated<string>;
  voice_fresh_days: Generated<number>;
  created_at: CreatedAt;
}

export interface AgencyTable {
  id: Generated<string>;
  site_id: string;
  kind: 'police' | 'probation' | 'health' | 'victim_service' | 'programme';
  name: string;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: string;
  agency_id: string | null;
  password_hash: string;
  totp_secret: string | null;
  totp_enrolled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  version: Generated<number>;
  /** set when an administrator chose the password: the user must change it before anything else */
  must_change_password: Generated<boolean>;
  password_changed_at: Timestamp | null;
}

export interface UserSiteTable {
  user_id: string;
  site_id: string;
}

/** A page form's one-time token, claimed by the post that used it (migration 022). */
export interface FormSubmissionTable {
  token: string;
  user_id: string | null;
  at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: Generated<boolean>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
