/**
 * The database's tables as Kysely sees them, written by hand and held to the migrated database by
 * test/integration/schema-types.test.ts. The tables are declared by area in ./schema/*.ts; this
 * file gathers them into the one `DB` interface.
 */
import type {
  SiteTable,
  AgencyTable,
  AppUserTable,
  UserSiteTable,
  SessionTable,
  ApiTokenTable,
} from './schema/accounts.js';
import type {
  PersonTable,
  CasesTable,
  ReferralTable,
  CaseOffenceTable,
  CaseVictimTable,
  CaseTeamTable,
  CaseStatusEventTable,
} from './schema/cases.js';
import type {
  AuditEventTable,
  AuditChainTable,
  AuditSealTable,
  AccessPolicyTable,
  SiteAccessPolicyTable,
  BreakGlassGrantTable,
} from './schema/access.js';
import type {
  RiskPlanTable,
  ClinicalNoteTable,
  PoliceIntelligenceTable,
  VictimVoiceTable,
  VictimContactTable,
  InstrumentTable,
  InstrumentVersionTable,
  RiskAssessmentTable,
  RiskRatingTable,
  RiskAssessmentAddendumTable,
} from './schema/records.js';
import type {
  NotificationTable,
  VictimContactLogTable,
  SafetyPlanTable,
  IncidentTable,
  EvidenceFileTable,
} from './schema/work.js';
import type {
  ClinicalTemplateTable,
  FormulationTable,
  FormulationSummaryTable,
  InterventionPlanTable,
  InterventionPlanRationaleTable,
  OutcomeMeasureScoreTable,
  DischargeTable,
  DischargeSummaryTable,
  DischargeAgreementTable,
} from './schema/treatment.js';

export type * from './schema/accounts.js';
export type * from './schema/cases.js';
export type * from './schema/access.js';
export type * from './schema/records.js';
export type * from './schema/work.js';
export type * from './schema/treatment.js';

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
  clinical_template: ClinicalTemplateTable;
  formulation: FormulationTable;
  formulation_summary: FormulationSummaryTable;
  intervention_plan: InterventionPlanTable;
  intervention_plan_rationale: InterventionPlanRationaleTable;
  outcome_measure_score: OutcomeMeasureScoreTable;
  discharge: DischargeTable;
  discharge_summary: DischargeSummaryTable;
  discharge_agreement: DischargeAgreementTable;
}
