import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* The intervention (migration 020): templates, formulation, plan, outcome measures, discharge. */

type Json<T> = ColumnType<T, string, string>;
type DateColumn = ColumnType<string, string, string>;

export interface ClinicalTemplateTable {
  id: Generated<string>;
  kind: 'formulation' | 'outcome_measure';
  code: string;
  version: number;
  name: string;
  definition: Json<unknown>;
  is_template: Generated<boolean>;
  published_at: CreatedAt;
  published_by: string | null;
  superseded_at: Timestamp | null;
}

export interface FormulationTable {
  id: Generated<string>;
  case_id: string;
  version: number;
  template_id: string;
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  typology: string | null;
  author_id: string;
  co_author_ids: ColumnType<string[], string[] | undefined, string[]>;
  row_version: Generated<number>;
  signed_off_by: string | null;
  signed_off_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface FormulationSummaryTable {
  id: Generated<string>;
  case_id: string;
  formulation_id: string;
  summary: string;
  shared_by: string;
  created_at: CreatedAt;
}

export type PlanGoal = { area: string; goal: string; measure: string };
export type PlanComponent = {
  component: string;
  leadId: string;
  lead: string;
  frequency: string;
  plannedSessions: number;
};

export interface InterventionPlanTable {
  id: Generated<string>;
  case_id: string;
  version: number;
  risk_assessment_id: string;
  goals: Json<PlanGoal[]>;
  components: Json<PlanComponent[]>;
  review_date: DateColumn;
  review_note: Generated<string>;
  author_id: string;
  created_at: CreatedAt;
}

export interface InterventionPlanRationaleTable {
  id: Generated<string>;
  case_id: string;
  plan_id: string;
  rationale: string;
  author_id: string;
  created_at: CreatedAt;
}

export interface OutcomeMeasureScoreTable {
  id: Generated<string>;
  case_id: string;
  template_id: string;
  stage: 'pre' | 'during' | 'post' | 'follow_up';
  administered_on: DateColumn;
  answers: Json<Record<string, boolean | number | string | null>>;
  score: number;
  notes: Generated<string>;
  author_id: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface DischargeTable {
  id: Generated<string>;
  case_id: string;
  kind: 'planned' | 'unplanned';
  unplanned_reason: string | null;
  reason: string;
  discharged_on: DateColumn;
  letter_to: string;
  letter: string;
  recorded_by: string;
  created_at: CreatedAt;
  /** withdrawn as entered in error (issue 11): all three or none */
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface DischargeSummaryTable {
  id: Generated<string>;
  case_id: string;
  discharge_id: string;
  summary: string;
  author_id: string;
  created_at: CreatedAt;
}

export interface DischargeAgreementTable {
  id: Generated<string>;
  case_id: string;
  discharge_id: string;
  agency_id: string;
  agreed_by: string;
  agreed_at: CreatedAt;
}
