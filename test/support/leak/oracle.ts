import type { Role } from '../../../src/platform/auth/users.js';
import type { RecordKind, WCase, World, WRecord, WUser } from './world.js';

/**
 * THE ORACLE: who may receive which record, written from /work/shared/DESIGN.md ("Compartments:
 * who sees what") and the programme's recorded decisions, and deliberately NOT from the code's
 * policy (src/platform/access/policy.ts is never imported here): if the two disagree, one of them
 * is wrong, and the leak test says so.
 *
 * From DESIGN.md:
 *
 * | compartment         | holds                                                             | default readers                               |
 * |---------------------|-------------------------------------------------------------------|-----------------------------------------------|
 * | core                | identity of the perpetrator, status, team, legal, incidents, ...  | the case team, site coordinator               |
 * | risk                | assessments, ratings, plans                                       | the case team, site coordinator               |
 * | clinical            | clinical notes, formulation, outcome measures                     | health roles on the case team                 |
 * | victim-contact      | victim's address, phone, email, safe contact times                | advocates on the case, police on the case     |
 * | victim-voice        | the victim's views and wishes as shared                           | the case team (and, as decided, the site coordinator) |
 * | police-intelligence | intelligence not for wider sharing                                | police on the case                            |
 *
 * "Access needs all of: the role allows the compartment, the user is on the case team (or is the
 * site's coordinator), and the case is at one of the user's sites. Break-glass: a user outside the
 * team may open a case for a stated reason; it is time-limited, logged, and shown to the
 * coordinator." Break-glass is read-only and never reaches victim contact details; an expired
 * grant gives nothing. The national coordinator ("aggregate figures, not identities"), the
 * evaluator ("never identities") and the administrator ("no case content") see no case content,
 * whatever else is true of them.
 */

export type { LeakCompartment as Compartment, RouteContext } from '../../../src/platform/leak.js';
import type { LeakCompartment as Compartment, RouteContext } from '../../../src/platform/leak.js';

const POLICE: readonly Role[] = ['stalking_coordinator', 'investigating_officer'];
const PROBATION: readonly Role[] = ['probation_practitioner'];
const HEALTH: readonly Role[] = [
  'forensic_psychiatrist',
  'clinical_psychologist',
  'forensic_psychologist',
  'occupational_therapist',
];
const ADVOCATES: readonly Role[] = ['stalking_advocate'];
/** the people who make up a case team: police, probation, health and the advocate */
const CASE_TEAM: readonly Role[] = [...POLICE, ...PROBATION, ...HEALTH, ...ADVOCATES];
/** programme-wide roles that never see case content */
const NO_CASE_CONTENT: readonly Role[] = ['national_coordinator', 'evaluator', 'administrator'];

/** Which members of a case team read each compartment (the "default readers" column). */
const TEAM_READERS: Record<Compartment, readonly Role[]> = {
  core: CASE_TEAM,
  risk: CASE_TEAM,
  clinical: HEALTH,
  victim_contact: [...ADVOCATES, ...POLICE],
  victim_voice: CASE_TEAM,
  police_intelligence: POLICE,
};

/** What the site coordinator reads on every case at their sites, team or not. */
const SITE_COORDINATOR_READS: Record<Compartment, boolean> = {
  core: true,
  risk: true,
  clinical: false,
  victim_contact: false,
  // not in DESIGN.md's table: the programme decided the coordinator, who runs the panel where the
  // victim's voice is heard, reads it
  victim_voice: true,
  police_intelligence: false,
};

/** Which compartment each kind of case record sits in. */
export const COMPARTMENT_OF: Record<
  Exclude<
    RecordKind,
    | 'person'
    | 'audit_event'
    | 'break_glass_grant'
    | 'notification'
    | 'notification_outbox'
    | 'notification_setting'
  >,
  Compartment
> = {
  case: 'core', // the case itself: reference, status, site, and the perpetrator's identity
  referral: 'core',
  case_offence: 'core', // legal
  case_victim: 'core', // who the victims are (names); their contact details are victim_contact
  case_team: 'core',
  case_status_event: 'core',
  investigation_status_event: 'core',
  person_amendment: 'core',
  risk_plan: 'risk',
  // "risk: assessments, ratings, plans"; a correction to a completed assessment (an addendum) is
  // part of the assessment
  risk_assessment: 'risk',
  risk_rating: 'risk',
  risk_assessment_addendum: 'risk',
  clinical_note: 'clinical',
  police_intelligence: 'police_intelligence',
  // a correction to a note or an entry (what changed, why) is part of it: only its readers see it
  clinical_note_amendment: 'clinical',
  police_intelligence_amendment: 'police_intelligence',
  victim_voice: 'victim_voice',
  victim_contact: 'victim_contact',
  // the programme's decisions for the course of conduct and the victim's safety (issue 5):
  // incidents and their evidence are core (the whole team needs one picture of the conduct); the
  // safety plan sits with the victim's voice; the advocate's log of contacts with the contact details
  incident: 'core',
  evidence_file: 'core',
  // a correction to an incident (what changed, why) is part of the incident
  incident_amendment: 'core',
  // a correction to the referral, an offence or a victim's place on the case is part of it
  referral_amendment: 'core',
  case_offence_amendment: 'core',
  case_victim_amendment: 'core',
  safety_plan: 'victim_voice',
  victim_contact_log: 'victim_contact',
  // a correction to a voice entry or a contact log entry (what changed, why) is part of the entry
  victim_voice_amendment: 'victim_voice',
  victim_contact_log_amendment: 'victim_contact',
  victim_contact_amendment: 'victim_contact',
  // issue 14: consultation advice, appointments, attendance and staff time are core (probation and
  // police see attendance); the session's clinical note is clinical
  consultation: 'core',
  intervention_session: 'core',
  intervention_session_clinician: 'core',
  intervention_session_note: 'clinical',
  // a correction to a session's note is part of the note (issue 11)
  intervention_session_note_amendment: 'clinical',
  // orders, their conditions, events, notification requirements and breaches are core (issue 13:
  // "orders, conditions, breaches ... are core"); the details of a protected person who is not a
  // victim on the case are victim-contact
  court_order: 'core',
  court_order_event: 'core',
  court_order_condition: 'core',
  court_order_protected: 'core',
  order_notification: 'core',
  order_breach: 'core',
  order_protected_contact: 'victim_contact',
  // DESIGN.md puts "legal" in core; issue 13: court outcomes, new offending, MAPPA and MARAC are core
  court_charge: 'core',
  court_outcome: 'core',
  new_offence: 'core',
  mappa_record: 'core',
  marac_referral: 'core',
  marac_meeting: 'core',
  // the intervention (issue 14): DESIGN.md puts the formulation and outcome measures in clinical;
  // the programme decided the plan's clinical rationale and the discharge summary are clinical too,
  // and that what the whole team works to (the plan's goals and components, the summary the
  // clinician shares, the discharge, its letter and each agency's agreement to close) is core
  formulation: 'clinical',
  formulation_summary: 'core',
  intervention_plan: 'core',
  intervention_plan_rationale: 'clinical',
  outcome_measure_score: 'clinical',
  discharge: 'core',
  discharge_summary: 'clinical',
  discharge_agreement: 'core',
  // issue 15: what a multi-agency meeting says of a case is held per case item, core (the case
  // team and the coordinator); its addenda and the case's actions too
  meeting_item: 'core',
  meeting_item_addendum: 'core',
  case_action: 'core',
};

const atSite = (user: WUser, siteId: string): boolean => user.siteIds.includes(siteId);

export const isSiteCoordinatorOf = (user: WUser, siteId: string): boolean =>
  user.role === 'site_coordinator' && atSite(user, siteId);

export function hasActiveGrant(world: World, user: WUser, c: WCase, now: Date): boolean {
  return world.grants.some((g) => g.caseId === c.id && g.userId === user.id && g.expiresAt > now);
}

/** May this user read this compartment of this case? */
export function mayReadCompartment(
  world: World,
  user: WUser,
  c: WCase,
  compartment: Compartment,
  now: Date = new Date(),
): boolean {
  if (NO_CASE_CONTENT.includes(user.role)) return false;
  if (!atSite(user, c.siteId)) return false;
  if (user.role === 'site_coordinator') return SITE_COORDINATOR_READS[compartment];
  const roleReads = TEAM_READERS[compartment].includes(user.role);
  if (c.team.includes(user.id)) return roleReads;
  // break-glass: read what the role could read as a team member, never victim contact details
  if (compartment === 'victim_contact') return false;
  return roleReads && hasActiveGrant(world, user, c, now);
}

/** The access log of a case (its audit events) is for the coordinator of the case's site. */
export function mayReadAccessLog(user: WUser, c: WCase): boolean {
  return isSiteCoordinatorOf(user, c.siteId);
}

/** The access review of a site: its coordinator, or an administrator. */
export function mayReadAccessReview(user: WUser, siteId: string): boolean {
  return isSiteCoordinatorOf(user, siteId) || user.role === 'administrator';
}

/** A break-glass grant is shown to the coordinator of the case's site, and to the user it was for. */
export function mayReadGrant(world: World, user: WUser, grant: { caseId: string; userId: string }): boolean {
  const c = world.caseById.get(grant.caseId)!;
  return grant.userId === user.id || isSiteCoordinatorOf(user, c.siteId);
}

/** The advocate on the case holds (edits) the victim's contact details. */
export function mayEditContact(user: WUser, c: WCase): boolean {
  return ADVOCATES.includes(user.role) && atSite(user, c.siteId) && c.team.includes(user.id);
}

/** May this user receive this record (anywhere)? */
export function mayRead(world: World, user: WUser, record: WRecord, now: Date = new Date()): boolean {
  const caseOf = (id: string) => world.caseById.get(id)!;
  switch (record.kind) {
    case 'person':
      // a person is core data of each case they are the subject or a victim of
      return record.caseIds.some((id) => mayReadCompartment(world, user, caseOf(id), 'core', now));
    case 'audit_event': {
      // refused attempts to open a case are security events an administrator sees too (ids only)
      if (record.refusal && user.role === 'administrator') return true;
      const c = record.caseIds.length > 0 ? world.caseById.get(record.caseIds[0]!) : undefined;
      return c !== undefined && mayReadAccessLog(user, c);
    }
    case 'break_glass_grant':
      return mayReadGrant(world, user, { caseId: record.caseIds[0]!, userId: record.userId! });
    case 'notification':
      // README: "a domain raised to high alerts every member of the case team (/notifications)":
      // an alert is its recipient's alone. What it says (the case, a domain rated high) is risk
      // compartment content, so by DESIGN.md ("access needs all of ...") the recipient reads it
      // only while they may read the risk compartment of its case.
      if (record.userId !== user.id) return false;
      return record.caseIds.every((id) => mayReadCompartment(world, user, caseOf(id), 'risk', now));
    case 'notification_outbox':
    case 'notification_setting':
      // issue 15: a person's e-mails (outbox rows) and notification choices are theirs alone; the
      // administrator's dead-letter list goes through a function that shows no case, not the table
      return record.userId === user.id;
    case 'victim_voice':
    case 'victim_voice_amendment':
      // what the victim asked not to be shared: only those who hold (write) their contact details,
      // the advocates on the team; never the coordinator, never through break-glass (and so the
      // corrections of an entry that was ever not to be shared, which hold what it said then)
      if (record.notShared) return mayEditContact(user, caseOf(record.caseIds[0]!));
      return mayReadCompartment(world, user, caseOf(record.caseIds[0]!), 'victim_voice', now);
    default:
      return mayReadCompartment(world, user, caseOf(record.caseIds[0]!), COMPARTMENT_OF[record.kind], now);
  }
}

/**
 * May this user receive this record in this route's response? As mayRead, and: a site's access
 * review names the site's cases by reference (for those who may read the review); the break-glass
 * list names the case of each grant the user may see.
 */
export function mayReceive(
  world: World,
  user: WUser,
  record: WRecord,
  route: RouteContext,
  now: Date = new Date(),
): boolean {
  if (record.kind === 'evidence_file') {
    // under break-glass an evidence file is listed (type, size, hash) but never named or served
    const c = world.caseById.get(record.caseIds[0]!)!;
    const breakGlassOnly = user.role !== 'site_coordinator' && !c.team.includes(user.id);
    return mayRead(world, user, record, now) && !breakGlassOnly;
  }
  if (mayRead(world, user, record, now)) return true;
  if (record.kind !== 'case') return false;
  const c = world.caseById.get(record.id)!;
  if (route.kind === 'access-review') return c.siteId === route.siteId && mayReadAccessReview(user, c.siteId);
  if (route.kind === 'break-glass-review') {
    return world.grants.some((g) => g.caseId === c.id && mayReadGrant(world, user, g));
  }
  return false;
}
