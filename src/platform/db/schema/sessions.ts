import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';
import type { Correctable, RecordAmendment } from './records.js';

/* Consultation and intervention sessions (migration 019). */

export interface ConsultationTable {
  id: Generated<string>;
  case_id: string;
  requested_by: string;
  requesting_agency: string;
  requested_on: ColumnType<string, string, string>;
  question: string;
  advice: string;
  recommended_actions: Generated<string>;
  follow_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  author_id: string;
  created_at: CreatedAt;
}

export interface InterventionSessionTable {
  id: Generated<string>;
  case_id: string;
  starts_at: Timestamp;
  planned_minutes: number;
  mode: string;
  place: Generated<string>;
  component: string | null;
  attendance: string | null;
  duration_minutes: number | null;
  attendance_recorded_by: string | null;
  attendance_recorded_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  version: Generated<number>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface InterventionSessionClinicianTable {
  session_id: string;
  case_id: string;
  user_id: string;
  face_to_face_minutes: number | null;
  admin_minutes: number | null;
}

export interface InterventionSessionNoteTable extends Correctable {
  id: Generated<string>;
  case_id: string;
  session_id: string;
  body: string;
  author_id: string;
  created_at: CreatedAt;
}

export interface InterventionSessionNoteAmendmentTable extends RecordAmendment {
  record_id: string;
}
