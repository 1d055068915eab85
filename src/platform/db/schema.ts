/**
 * The database's tables as Kysely sees them, written by hand and held to the migrated database by
 * test/integration/schema-types.test.ts. The tables are declared by area in ./schema/*.ts; this
 * file gathers them into the one `DB` interface.
 */
import type { EvaluationExtractTable, EvaluationHourlyRateTable } from './schema/evaluation.js';
import type {
  SiteTable,
  AgencyTable,
  AppUserTable,
  UserSiteTable,
  SessionTable,
  ApiTokenTable,
  FormSubmissionTable,
} from './schema/accounts.js';
import type {
  PersonTable,
  CasesTable,
  ReferralTable,
  CaseOffenceTable,
  CaseVictimTable,
  CaseTeamTable,
  CaseStatusEventTable,
  InvestigationStatusEventTable,
  PersonAmendmentTable,
  ReferralAmendmentTable,
  CaseOffenceAmendmentTable,
  CaseVictimAmendmentTable,
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
  SiteMeetingRuleTable,
  MeetingTable,
  MeetingInvitedAgencyTable,
  MeetingParticipantTable,
  MeetingItemTable,
  MeetingItemAddendumTable,
  CaseActionTable,
} from './schema/meetings.js';
import type {
  RiskPlanTable,
  ClinicalNoteTable,
  ClinicalNoteAmendmentTable,
  PoliceIntelligenceTable,
  PoliceIntelligenceAmendmentTable,
  VictimVoiceTable,
  VictimContactTable,
  RecordAmendmentTable,
  VictimContactAmendmentTable,
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
  IncidentAmendmentTable,
} from './schema/work.js';
import type { NotificationSettingTable, NotificationOutboxTable } from './schema/notifications.js';
import type {
  ConsultationTable,
  InterventionSessionTable,
  InterventionSessionClinicianTable,
  InterventionSessionNoteTable,
  InterventionSessionNoteAmendmentTable,
} from './schema/sessions.js';
import type {
  CourtOrderTable,
  CourtOrderEventTable,
  CourtOrderConditionTable,
  OrderProtectedContactTable,
  CourtOrderProtectedTable,
  OrderNotificationTable,
  OrderBreachTable,
} from './schema/orders.js';
import type {
  CourtChargeTable,
  CourtOutcomeTable,
  NewOffenceTable,
  MappaRecordTable,
  MaracReferralTable,
  MaracMeetingTable,
} from './schema/offending.js';
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
export type * from './schema/notifications.js';
export type * from './schema/sessions.js';
export type * from './schema/orders.js';
export type * from './schema/offending.js';
export type * from './schema/treatment.js';
export type * from './schema/evaluation.js';

export interface DB {
  victim_contact_log: VictimContactLogTable;
  victim_contact_log_amendment: RecordAmendmentTable;
  safety_plan: SafetyPlanTable;
  incident: IncidentTable;
  evidence_file: EvidenceFileTable;
  incident_amendment: IncidentAmendmentTable;
  instrument: InstrumentTable;
  instrument_version: InstrumentVersionTable;
  risk_assessment: RiskAssessmentTable;
  risk_rating: RiskRatingTable;
  risk_assessment_addendum: RiskAssessmentAddendumTable;
  notification: NotificationTable;
  notification_setting: NotificationSettingTable;
  notification_outbox: NotificationOutboxTable;
  access_policy: AccessPolicyTable;
  site_access_policy: SiteAccessPolicyTable;
  break_glass_grant: BreakGlassGrantTable;
  risk_plan: RiskPlanTable;
  clinical_note: ClinicalNoteTable;
  clinical_note_amendment: ClinicalNoteAmendmentTable;
  police_intelligence: PoliceIntelligenceTable;
  police_intelligence_amendment: PoliceIntelligenceAmendmentTable;
  victim_voice: VictimVoiceTable;
  victim_contact: VictimContactTable;
  victim_voice_amendment: RecordAmendmentTable;
  victim_contact_amendment: VictimContactAmendmentTable;
  site: SiteTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  user_site: UserSiteTable;
  session: SessionTable;
  form_submission: FormSubmissionTable;
  api_token: ApiTokenTable;
  person: PersonTable;
  cases: CasesTable;
  referral: ReferralTable;
  case_offence: CaseOffenceTable;
  case_victim: CaseVictimTable;
  case_team: CaseTeamTable;
  case_status_event: CaseStatusEventTable;
  investigation_status_event: InvestigationStatusEventTable;
  person_amendment: PersonAmendmentTable;
  referral_amendment: ReferralAmendmentTable;
  case_offence_amendment: CaseOffenceAmendmentTable;
  case_victim_amendment: CaseVictimAmendmentTable;
  'audit.event': AuditEventTable;
  'audit.chain': AuditChainTable;
  'audit.seal': AuditSealTable;
  consultation: ConsultationTable;
  intervention_session: InterventionSessionTable;
  intervention_session_clinician: InterventionSessionClinicianTable;
  intervention_session_note: InterventionSessionNoteTable;
  intervention_session_note_amendment: InterventionSessionNoteAmendmentTable;
  court_order: CourtOrderTable;
  court_order_event: CourtOrderEventTable;
  court_order_condition: CourtOrderConditionTable;
  order_protected_contact: OrderProtectedContactTable;
  court_order_protected: CourtOrderProtectedTable;
  order_notification: OrderNotificationTable;
  order_breach: OrderBreachTable;
  court_charge: CourtChargeTable;
  court_outcome: CourtOutcomeTable;
  new_offence: NewOffenceTable;
  mappa_record: MappaRecordTable;
  marac_referral: MaracReferralTable;
  marac_meeting: MaracMeetingTable;
  clinical_template: ClinicalTemplateTable;
  formulation: FormulationTable;
  formulation_summary: FormulationSummaryTable;
  intervention_plan: InterventionPlanTable;
  intervention_plan_rationale: InterventionPlanRationaleTable;
  outcome_measure_score: OutcomeMeasureScoreTable;
  discharge: DischargeTable;
  discharge_summary: DischargeSummaryTable;
  discharge_agreement: DischargeAgreementTable;
  site_meeting_rule: SiteMeetingRuleTable;
  meeting: MeetingTable;
  meeting_invited_agency: MeetingInvitedAgencyTable;
  meeting_participant: MeetingParticipantTable;
  meeting_item: MeetingItemTable;
  meeting_item_addendum: MeetingItemAddendumTable;
  case_action: CaseActionTable;
  evaluation_hourly_rate: EvaluationHourlyRateTable;
  evaluation_extract: EvaluationExtractTable;
}
