/**
 * THE ACCESS POLICY. Reviewing this file is reviewing who may see what.
 *
 * Every piece of case data sits in one compartment. A user may read (or write) a compartment of a
 * case only when ALL of these hold:
 *   1. this table gives their role read (or write) on the compartment, tightened by the site's
 *      information-sharing agreement where it has one (src/platform/access/site-policy);
 *   2. they are on the case team, or they are the coordinator of the case's site;
 *   3. the case is at one of their sites.
 * Break-glass gives a user outside the team READ on what their role allows, for a limited time,
 * audited and reviewed, and never the victim-contact compartment.
 *
 * The database enforces this with row-level security generated from this file
 * (src/platform/access/rls.ts); the services check the same rules first to answer clearly.
 */
import { ROLES, type Role } from '../auth/users.js';

export const COMPARTMENTS = [
  'core',
  'risk',
  'clinical',
  'victim_contact',
  'victim_voice',
  'police_intelligence',
] as const;
export type Compartment = (typeof COMPARTMENTS)[number];

export const ACCESS_LEVELS = ['none', 'read', 'write'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const NONE = {
  core: 'none',
  risk: 'none',
  clinical: 'none',
  victim_contact: 'none',
  victim_voice: 'none',
  police_intelligence: 'none',
} as const;

const HEALTH = {
  core: 'write',
  risk: 'write',
  clinical: 'write',
  victim_contact: 'none',
  victim_voice: 'read',
  police_intelligence: 'none',
} as const;
const POLICE = {
  core: 'write',
  risk: 'write',
  clinical: 'none',
  victim_contact: 'read',
  victim_voice: 'read',
  police_intelligence: 'write',
} as const;

/** Role × compartment → none / read / write: the defaults no site may widen without an administrator. */
export const POLICY: Record<Role, Record<Compartment, Access>> = {
  // police: core and their own intelligence; victim contact read-only (to keep the victim safe);
  // risk write for screening (structured judgement is the health team's)
  stalking_coordinator: POLICE,
  investigating_officer: POLICE,
  probation_practitioner: {
    core: 'write',
    risk: 'read',
    clinical: 'none',
    victim_contact: 'none',
    victim_voice: 'read',
    police_intelligence: 'none',
  },
  forensic_psychiatrist: HEALTH,
  clinical_psychologist: HEALTH,
  forensic_psychologist: HEALTH,
  occupational_therapist: HEALTH,
  // the advocate holds the victim's contact details and voice
  stalking_advocate: {
    core: 'write',
    risk: 'read',
    clinical: 'none',
    victim_contact: 'write',
    victim_voice: 'write',
    police_intelligence: 'none',
  },
  // the coordinator runs the panel and allocates teams: everything but clinical notes, victim
  // contact details and police intelligence
  site_coordinator: {
    core: 'write',
    risk: 'read',
    clinical: 'none',
    victim_contact: 'none',
    victim_voice: 'read',
    police_intelligence: 'none',
  },
  // aggregate figures and pseudonymised extracts only; never case content
  national_coordinator: NONE,
  evaluator: NONE,
  administrator: NONE,
};

/**
 * Which compartment each table of case data belongs to, and how a row finds its case. Row-level
 * security for every one of these tables is generated from this list: a table of case data that
 * is not here has no policy, and so shows no rows to the application at all.
 */
export type CompartmentTable = {
  table: string;
  compartment: Compartment;
  /** expression (on the table's own columns) giving the case id */
  caseColumn: string;
  /** which commands the application may run, subject to write access */
  writes: readonly ('insert' | 'update' | 'delete')[];
  /** a further condition every write must meet (SQL on the table's columns) */
  writeCheck?: string;
  /** the further condition of an update, when not `writeCheck` (a trigger may guard the rest) */
  updateCheck?: string;
  /** a further condition on reading a row (SQL on the table's columns) */
  readCheck?: string;
};

export const COMPARTMENT_TABLES: readonly CompartmentTable[] = [
  // the referral, its offences and victims: amended, and offences and victims withdrawn (entered
  // in error), by those who write core (migration 031); each kind's corrections beside it
  { table: 'referral', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'referral_amendment', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'case_offence', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'case_offence_amendment', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'case_victim', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'case_victim_amendment', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  // the course of conduct is core: the whole team needs one true picture of it
  // amended and withdrawn (entered in error) by those who write core (migration 027)
  { table: 'incident', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'evidence_file', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'incident_amendment', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'case_status_event', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  // corrections to the person referred's names, date of birth and identifiers (the identity is core)
  { table: 'person_amendment', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  // the police investigation's course (under investigation → charged, convicted, no further action)
  {
    table: 'investigation_status_event',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  { table: 'risk_plan', compartment: 'risk', caseColumn: 'case_id', writes: ['insert', 'update'] },
  // police write risk for screening only; structured professional judgement is the health team's
  {
    table: 'risk_assessment',
    compartment: 'risk',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
    writeCheck: 'recolo_private.may_assess_with(instrument_version_id)',
  },
  { table: 'risk_rating', compartment: 'risk', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'risk_assessment_addendum', compartment: 'risk', caseColumn: 'case_id', writes: ['insert'] },
  // a clinical note is amended and withdrawn (entered in error) by those who write clinical; its
  // amendments are clinical like the note, so its history is exactly as restricted (migration 033)
  { table: 'clinical_note', compartment: 'clinical', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'clinical_note_amendment', compartment: 'clinical', caseColumn: 'case_id', writes: ['insert'] },
  {
    table: 'victim_contact',
    compartment: 'victim_contact',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  // corrections to contact details: the changed fields' names only (the details are encrypted)
  {
    table: 'victim_contact_amendment',
    compartment: 'victim_contact',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  // what the victim asked not to be shared is seen only by those who hold their contact (the advocate)
  // amended and withdrawn (entered in error) by those who write the voice (migration 032)
  {
    table: 'victim_voice',
    compartment: 'victim_voice',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
    readCheck: "(sharing <> 'not_shared' or recolo_private.can_write(case_id, 'victim_contact'))",
  },
  // a voice entry's corrections hold its text: seen only with the entry itself (its row-level
  // security applies inside), and once the entry was ever "not to be shared", only by those who
  // hold the victim's contact, even after the victim agreed to share it
  {
    table: 'victim_voice_amendment',
    compartment: 'victim_voice',
    caseColumn: 'case_id',
    writes: ['insert'],
    readCheck:
      "exists (select 1 from public.victim_voice v where v.id = record_id and (not v.ever_not_shared or recolo_private.can_write(v.case_id, 'victim_contact')))",
  },
  // the victim's safety plan is written by the advocate and read by the team, like the voice
  { table: 'safety_plan', compartment: 'victim_voice', caseColumn: 'case_id', writes: ['insert'] },
  // the advocate's record of contacts with the victim sits with the contact details
  // amended and withdrawn (entered in error) by those who write it (migration 032)
  {
    table: 'victim_contact_log',
    compartment: 'victim_contact',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  {
    table: 'victim_contact_log_amendment',
    compartment: 'victim_contact',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  // intelligence and its amendments (migration 033): police on the case only. Its handling code
  // (police only, or may be summarised for the panel) guides the author and restricts no reader
  // within the compartment, so its history needs no further read check.
  {
    table: 'police_intelligence',
    compartment: 'police_intelligence',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  {
    table: 'police_intelligence_amendment',
    compartment: 'police_intelligence',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  // consultation and intervention sessions (issue 14): advice, appointments, attendance and staff
  // time are core (the whole team, probation and police included, needs them); only the health
  // team on the case (clinical write) records them, and no session while the person is under
  // police investigation (consultation only). A session's clinical note is clinical.
  {
    table: 'consultation',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert'],
    writeCheck: "recolo_private.can_write(case_id, 'clinical')",
  },
  {
    table: 'intervention_session',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
    writeCheck:
      "recolo_private.can_write(case_id, 'clinical') and not exists (select 1 from public.cases c where c.id = case_id and c.investigation_status = 'under_investigation') and (attendance is null or attendance in ('cancelled_by_person', 'cancelled_by_service') or starts_at <= now())",
  },
  {
    table: 'intervention_session_clinician',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
    writeCheck: "recolo_private.can_write(case_id, 'clinical')",
  },
  // a session's clinical note is corrected and withdrawn like a clinical note; its history is clinical (033)
  {
    table: 'intervention_session_note',
    compartment: 'clinical',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  {
    table: 'intervention_session_note_amendment',
    compartment: 'clinical',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  // orders, their conditions, lifecycle events, notification requirements and breaches are core
  // (issue 13: the whole team needs the legal picture); never overwritten, only added to, except
  // a notification requirement's record of the notification
  { table: 'court_order', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'court_order_event', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  {
    table: 'court_order_condition',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  { table: 'court_order_protected', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'order_notification', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'order_breach', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  // a protected person who is not a victim on the case: their details sit with the victim's contact
  {
    table: 'order_protected_contact',
    compartment: 'victim_contact',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  // court outcomes, new offending, MAPPA and MARAC are core (issue 13): the case team sees them
  { table: 'court_charge', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'court_outcome', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'new_offence', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'mappa_record', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'marac_referral', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'marac_meeting', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
  // the intervention (issue 14): the formulation, the plan's clinical rationale, outcome measures and
  // the discharge summary are clinical; what the whole team needs (the plan's goals, components,
  // leads and frequency, the summary the clinician shares, the discharge and its letter to the
  // referring agency, each agency's agreement to close) is core
  { table: 'formulation', compartment: 'clinical', caseColumn: 'case_id', writes: ['insert', 'update'] },
  { table: 'formulation_summary', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'intervention_plan', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  {
    table: 'intervention_plan_rationale',
    compartment: 'clinical',
    caseColumn: 'case_id',
    writes: ['insert'],
  },
  {
    table: 'outcome_measure_score',
    compartment: 'clinical',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
  },
  // a discharge withdrawn as entered in error (issue 11): the update sets its withdrawal only
  {
    table: 'discharge',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update'],
    // withdrawing it takes clinical write too, as recording it does (its summary is clinical)
    updateCheck: "recolo_private.can_write(case_id, 'clinical')",
  },
  { table: 'discharge_summary', compartment: 'clinical', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'discharge_agreement', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  // the multi-agency meeting (issue 15): what it says of a case is held per case item, core, so a
  // reader sees only the items of the cases they may see; an item is never changed once the
  // meeting's minutes are approved (only an addendum is added), except its withdrawal as entered
  // in error, which migration 040's trigger lets through alone. Actions on a case are core.
  {
    table: 'meeting_item',
    compartment: 'core',
    caseColumn: 'case_id',
    writes: ['insert', 'update', 'delete'],
    writeCheck:
      "not exists (select 1 from public.meeting m where m.id = meeting_id and m.status = 'minutes_approved')",
    updateCheck: 'true',
  },
  { table: 'meeting_item_addendum', compartment: 'core', caseColumn: 'case_id', writes: ['insert'] },
  { table: 'case_action', compartment: 'core', caseColumn: 'case_id', writes: ['insert', 'update'] },
];

export const BREAK_GLASS_HOURS = 4;
export const BREAK_GLASS_REASONS = {
  risk_to_life: 'Immediate risk to someone’s life or safety',
  urgent_safeguarding: 'Urgent safeguarding concern',
  out_of_hours: 'Out-of-hours incident and the case team cannot be reached',
  court_or_custody: 'Court or custody decision needed today',
} as const;
export type BreakGlassReason = keyof typeof BREAK_GLASS_REASONS;

export const rank = (a: Access): number => ACCESS_LEVELS.indexOf(a);
export const lesser = (a: Access, b: Access): Access => (rank(a) <= rank(b) ? a : b);

/** Which compartments may a role ever reach through break-glass (read-only)? */
export function breakGlassAccess(role: Role, compartment: Compartment): Access {
  if (compartment === 'victim_contact') return 'none';
  return lesser(POLICY[role][compartment], 'read');
}

/**
 * WHO MAY DO WHAT, beyond compartments: each named capability and the roles that have it. Code
 * asks `can(user, capability)`; nothing else compares role strings.
 */
/** Roles that work across sites on figures or run the system: never on a case, never its content. */
const PROGRAMME_ROLES: readonly Role[] = ['national_coordinator', 'evaluator', 'administrator'];
/** Everyone who works on cases: the agencies' staff and the site coordinator. */
const CASE_WORKERS: readonly Role[] = ROLES.filter((r) => !PROGRAMME_ROLES.includes(r));

export const CAPABILITIES = {
  /** see the case list, find people, have cases and reviews */
  work_on_cases: CASE_WORKERS,
  /** refer a case to the programme at one of their sites */
  refer: CASE_WORKERS,
  /** be allocated to a case team (the coordinator sees every case at the site without it) */
  join_case_team: CASE_WORKERS.filter((r) => r !== 'site_coordinator'),
  /** record a change in the police investigation (charged, convicted, no further action): the agencies that learn it first-hand */
  record_investigation_status: [
    'stalking_coordinator',
    'investigating_officer',
    'probation_practitioner',
    'site_coordinator',
  ],
  /** schedule, chair and approve the minutes of the site's multi-agency meetings; set their quoracy rule */
  chair_meetings: ['site_coordinator'],
  /** run a site: every case at their sites, allocate teams, review break-glass, read access logs */
  coordinate_site: ['site_coordinator'],
  /** the quarterly access review and refused attempts: a coordinator for their sites, an administrator for any */
  review_access: ['site_coordinator', 'administrator'],
  /** aggregate figures, suppressed for publication */
  see_figures: ['national_coordinator', 'evaluator', 'site_coordinator', 'administrator'],
  /** the evaluation report (/evaluation): all sites for the programme, a coordinator's own sites; never an identity */
  evaluate: ['national_coordinator', 'evaluator', 'site_coordinator'],
  /** pseudonymised research extracts, recorded and audited as disclosures */
  extract_research_data: ['evaluator', 'national_coordinator'],
  /** the hourly staff cost rates the evaluation's costs use */
  set_evaluation_rates: ['administrator', 'national_coordinator'],
  /** users, sites, the policy and risk instruments; no case content */
  administer: ['administrator'],
  /** give consultation and intervention: schedule and record sessions, hold a clinical caseload and diary */
  deliver_interventions: [
    'forensic_psychiatrist',
    'clinical_psychologist',
    'forensic_psychologist',
    'occupational_therapist',
  ],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

/** Whether the user's role has the capability; no user has none. */
export function can(user: { role: string } | null | undefined, capability: Capability): boolean {
  return !!user && (CAPABILITIES[capability] as readonly string[]).includes(user.role);
}

/** The roles with a capability, for SQL filters and forms. */
export function rolesThatCan(capability: Capability): readonly Role[] {
  return CAPABILITIES[capability];
}
