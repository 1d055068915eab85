import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

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
  /** the name normalised for search (migration 010): computed by the database, never written */
  search_name: GeneratedAlways<string | null>;
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
}

export interface CaseOffenceTable {
  id: Generated<string>;
  case_id: string;
  code: string;
  description: string;
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
}

export interface CaseTeamTable {
  case_id: string;
  user_id: string;
  added_by: string;
  added_at: CreatedAt;
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

type CaseNote = {
  id: Generated<string>;
  case_id: string;
  author_id: string;
  created_at: CreatedAt;
};

export interface RiskPlanTable extends CaseNote {
  risk_level: string;
  summary: string;
  next_review_date: ColumnType<string, string, string>;
}

export interface ClinicalNoteTable extends CaseNote {
  body: string;
}

export interface PoliceIntelligenceTable extends CaseNote {
  body: string;
  handling: string;
}

export interface VictimVoiceTable extends CaseNote {
  case_victim_id: string;
  topic: Generated<string>;
  body: string;
  sharing: string;
  recorded_on: ColumnType<string, string, string>;
}

export interface VictimContactTable {
  id: string;
  case_id: string;
  case_victim_id: string;
  key_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface InstrumentTable {
  id: Generated<string>;
  code: string;
  name: string;
  tier: 'screening' | 'spj';
  created_at: CreatedAt;
}

export interface InstrumentVersionTable {
  id: Generated<string>;
  instrument_id: string;
  version: number;
  definition: ColumnType<unknown, string, never>;
  is_template: Generated<boolean>;
  published_at: CreatedAt;
  published_by: string | null;
  superseded_at: Timestamp | null;
}

export interface RiskAssessmentTable {
  id: Generated<string>;
  case_id: string;
  instrument_version_id: string;
  status: Generated<'draft' | 'completed'>;
  assessor_id: string;
  co_assessor: Generated<string>;
  answers: ColumnType<Record<string, boolean | number | string | null>, string | undefined, string>;
  typology: string | null;
  computed_band: string | null;
  override_band: string | null;
  override_reason: string | null;
  plan_actions: ColumnType<{ action: string; owner: string }[], string | undefined, string>;
  next_review_date: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  completed_by: string | null;
  version: Generated<number>;
}

export interface RiskRatingTable {
  id: Generated<string>;
  assessment_id: string;
  case_id: string;
  domain: string;
  rating: 'low' | 'moderate' | 'high';
  rationale: string;
  rated_by: string;
  rated_at: Timestamp;
}

export interface RiskAssessmentAddendumTable {
  id: Generated<string>;
  assessment_id: string;
  case_id: string;
  body: string;
  author_id: string;
  created_at: CreatedAt;
}

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
}

export interface DB {
  victim_contact_log: VictimContactLogTable;
  safety_plan: SafetyPlanTable;
  incident: IncidentTable;
  evidence_file: EvidenceFileTable;
  instrument: InstrumentTable;
  instrument_version: InstrumentVersionTable;
  risk_assessment: RiskAssessmentTable;
  risk_rating: RiskRatingTable;
  risk_assessment_addendum: RiskAssessmentAddendumTable;
  notification: NotificationTable;
  access_policy: AccessPolicyTable;
  site_access_policy: SiteAccessPolicyTable;
  break_glass_grant: BreakGlassGrantTable;
  risk_plan: RiskPlanTable;
  clinical_note: ClinicalNoteTable;
  police_intelligence: PoliceIntelligenceTable;
  victim_voice: VictimVoiceTable;
  victim_contact: VictimContactTable;
  site: SiteTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  user_site: UserSiteTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  person: PersonTable;
  cases: CasesTable;
  referral: ReferralTable;
  case_offence: CaseOffenceTable;
  case_victim: CaseVictimTable;
  case_team: CaseTeamTable;
  case_status_event: CaseStatusEventTable;
  'audit.event': AuditEventTable;
  'audit.chain': AuditChainTable;
  'audit.seal': AuditSealTable;
}
