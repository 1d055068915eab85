import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Case records in compartments: notes, victim contact, instruments and risk assessments. */

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
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

/** Correctable (issue 11): a version, and withdrawn as entered in error (all three or none). */
export type Correctable = {
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
};

/** An amendment of the shared shape (platform/corrections): what changed, why, who, when; `record_id` is the record's. */
export type RecordAmendment = {
  id: Generated<string>;
  case_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
};

export interface ClinicalNoteTable extends CaseNote, Correctable {
  body: string;
}

export interface ClinicalNoteAmendmentTable extends RecordAmendment {
  record_id: string;
}

export interface PoliceIntelligenceTable extends CaseNote, Correctable {
  body: string;
  handling: string;
}

export interface PoliceIntelligenceAmendmentTable extends RecordAmendment {
  record_id: string;
}

export interface VictimVoiceTable extends CaseNote {
  case_victim_id: string;
  topic: Generated<string>;
  body: string;
  sharing: string;
  recorded_on: ColumnType<string, string, string>;
  version: Generated<number>;
  /** kept by a trigger: the entry was "not to be shared" at some version (its history stays private) */
  ever_not_shared: Generated<boolean>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

/**
 * A record's amendment of the shared shape (platform/corrections): what changed, who, when, why.
 * victim_voice_amendment, victim_contact_log_amendment and victim_contact_amendment (whose changes
 * hold the changed fields' names only, `{ field: { from: null, to: null } }`: the details are
 * encrypted, their values before and after only in the row's envelope, VictimContactAmendmentTable).
 */
export interface RecordAmendmentTable {
  id: Generated<string>;
  case_id: string;
  record_id: string;
  version_after: number;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  reason: string;
  by_user: string;
  at: CreatedAt;
}

/**
 * A correction of a victim's contact details: `changes` names the fields (values null); their
 * values before and after are in the envelope (migration 042; none on corrections made before it).
 */
export interface VictimContactAmendmentTable extends RecordAmendmentTable {
  key_id: string | null;
  wrapped_key: Buffer | null;
  ciphertext: Buffer | null;
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
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
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
