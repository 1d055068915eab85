import type { Role } from './auth/users.js';

/**
 * THE LEAK TEST'S CATALOGUE, declared by the modules (types only; nothing here runs in the app).
 * A module's `leak.ts` says which of its GET routes (pages and API) and tables the randomized leak
 * test (test/integration/leak.test.ts) must cover, and for a given seeded world and user, which
 * calls to make and what each must show. The leak test loops over the manifests to build its
 * catalogue, so a module's routes are covered where they are written. The shapes of the world
 * live here so that modules do not import tests; the oracle (who may see what, written from
 * DESIGN.md and not from policy.ts) stays in the test and is handed to the module as `LeakKit`.
 */

export type LeakCompartment =
  'core' | 'risk' | 'clinical' | 'victim_contact' | 'victim_voice' | 'police_intelligence';

export type WSite = { id: string; code: string; name: string };

export type WUser = { id: string; index: number; role: Role; siteIds: string[]; name: string };

export type WCase = {
  id: string;
  reference: string;
  siteId: string;
  status: string;
  /** the person referred (perpetrator), whose name every page of the case shows */
  subjectId: string;
  /** the case_victim ids, in order */
  caseVictimIds: string[];
  /** ids of the users on the case team */
  team: string[];
};

export type WGrant = { id: string; caseId: string; userId: string; expiresAt: Date };

export type RecordKind =
  | 'case'
  | 'person'
  | 'referral'
  | 'case_offence'
  | 'case_victim'
  | 'case_team'
  | 'case_status_event'
  | 'investigation_status_event'
  | 'person_amendment'
  | 'risk_plan'
  | 'clinical_note'
  | 'police_intelligence'
  // corrections (issue 11) to a clinical note or an intelligence entry, in their records' compartments
  | 'clinical_note_amendment'
  | 'police_intelligence_amendment'
  | 'intervention_session_note_amendment'
  | 'victim_voice'
  | 'victim_contact'
  | 'victim_contact_log'
  // corrections to a voice entry or a contact log entry (issue 11): part of the entry
  | 'victim_voice_amendment'
  | 'victim_contact_log_amendment'
  // corrections to a victim's contact details: the changed fields' names only (the reason is shown)
  | 'victim_contact_amendment'
  | 'safety_plan'
  | 'incident'
  | 'evidence_file'
  | 'incident_amendment'
  // corrections to what was recorded at referral (issue 11, migration 031): core
  | 'referral_amendment'
  | 'case_offence_amendment'
  | 'case_victim_amendment'
  | 'risk_assessment'
  | 'risk_rating'
  | 'risk_assessment_addendum'
  | 'notification'
  // the notifications service (issue 15): each person's e-mail outbox rows and choices, theirs alone
  | 'notification_outbox'
  | 'notification_setting'
  | 'audit_event'
  | 'break_glass_grant'
  | 'consultation'
  | 'intervention_session'
  | 'intervention_session_clinician'
  | 'intervention_session_note'
  // orders (issue 13): core, but for other protected people's details (victim-contact)
  | 'court_order'
  | 'court_order_event'
  | 'court_order_condition'
  | 'court_order_protected'
  | 'order_notification'
  | 'order_breach'
  | 'order_protected_contact'
  | 'court_charge'
  | 'court_outcome'
  | 'new_offence'
  | 'mappa_record'
  | 'marac_referral'
  | 'marac_meeting'
  | 'formulation'
  | 'formulation_summary'
  | 'intervention_plan'
  | 'intervention_plan_rationale'
  | 'outcome_measure_score'
  | 'discharge'
  | 'discharge_summary'
  | 'discharge_agreement'
  | 'meeting_item'
  | 'meeting_item_addendum'
  | 'case_action';

export type WRecord = {
  kind: RecordKind;
  /** the row's id as SQL returns it as text (case_team: `${case_id}:${user_id}`) */
  id: string;
  /** the case(s) it belongs to; a person belongs to every case they are the subject or a victim of */
  caseIds: string[];
  /**
   * The string that appears in any response that shows the record: a case's reference, a person's
   * given name (`Marker<hex>`), `LEAK-<hex>` in a text field. Null for link rows with nothing of
   * their own to show (case_victim, case_team), which are checked through SQL only.
   */
  marker: string | null;
  /** a victim_contact's, victim_contact_amendment's or safety_plan's case_victim id (its edit page) */
  caseVictimId?: string;
  /** a break_glass_grant's or case_team row's user; a notification's recipient */
  userId?: string;
  /**
   * a victim_voice entry the victim asked not to be shared (seen only by the advocate); on a
   * victim_voice_amendment, that its entry was ever not to be shared (its history is the advocate's)
   */
  notShared?: boolean;
  /** an evidence_file's or incident_amendment's incident */
  incidentId?: string;
  /**
   * a referral, offence or case victim amendment's record, a victim_voice_amendment's or
   * victim_contact_log_amendment's entry (its id)
   */
  recordId?: string;
  /**
   * withdrawn as entered in error: left out of lists, still on its own page for those who may see
   * it; also a person who is a victim on a case only as one withdrawn (`caseVictimId`: that
   * case_victim row)
   */
  withdrawn?: boolean;
  /** an audit event recording a refused attempt to open a case (access.refused) */
  refusal?: boolean;
  /** a risk_rating's or risk_assessment_addendum's assessment */
  assessmentId?: string;
  /** an order's record (its event, condition, notification, breach, protected link): the order */
  orderId?: string;
  /** a risk assessment still in draft (not completed: no ratings, not exported, not on the risk overview) */
  draft?: boolean;
  /** an intervention session's clinicians present (their diaries show it) */
  clinicianIds?: string[];
  /** an intervention session note's or clinician row's session */
  sessionId?: string;
  /** a meeting item's, its addendum's or its action's meeting */
  meetingId?: string;
  /** a meeting item addendum's or action's item */
  itemId?: string;
};

export type World = {
  sites: WSite[];
  users: WUser[];
  cases: WCase[];
  grants: WGrant[];
  records: WRecord[];
  caseById: Map<string, WCase>;
  userById: Map<string, WUser>;
  recordByMarker: Map<string, WRecord>;
};

/** Where a response came from, for the two places that show a case's reference beyond its team. */
export type RouteContext =
  { kind: 'access-review'; siteId: string } | { kind: 'break-glass-review' } | { kind: 'other' };

export type LeakAuth = 'session' | 'token';

/**
 * What a module's `calls` is given: the world, the user the calls are made as, the oracle's
 * answers for that user, and `add` to make a call. Every answer comes from the test's oracle.
 */
export type LeakKit = {
  world: World;
  user: WUser;
  /** the records that have a marker (those a response can be seen to show) */
  withMarker: WRecord[];
  /** a case's records with a marker */
  ofCase(c: WCase): WRecord[];
  caseRecord(c: WCase): WRecord;
  /** the person referred */
  subject(c: WCase): WRecord;
  /** the case's victims (person records) */
  victimsOf(c: WCase): WRecord[];
  /** every case page's header: the person referred and the case reference */
  inHeader(c: WCase, r: WRecord): boolean;
  isKind(r: WRecord, c: WCase, ...kinds: RecordKind[]): boolean;
  /** the case records and the people they are about (what lists of cases can show) */
  everyCase: WRecord[];
  /** the oracle: may the user read this record? */
  may(r: WRecord): boolean;
  /** ...this compartment of this case? */
  reads(c: WCase, compartment: LeakCompartment): boolean;
  mayReceive(r: WRecord, context: RouteContext): boolean;
  mayEditContact(c: WCase): boolean;
  mayReadAccessLog(c: WCase): boolean;
  mayReadAccessReview(siteId: string): boolean;
  mayReadGrant(grant: { caseId: string; userId: string }): boolean;
  isSiteCoordinatorOf(siteId: string): boolean;
  /** the user is a site coordinator (whose lists default to every case at their sites) */
  coordinatesSites: boolean;
  /** Is the case on the user's case list (a coordinator's whole sites by default, else their teams)? */
  listsCase(c: WCase, scope: 'default' | 'mine'): boolean;
  /**
   * Makes a call. `relevant`: the records the route could show (each one check); `mustShow`: the
   * route's job (a record it must show: its absence is a wrongful denial). Any marker the user may
   * not receive in any response is a leak. `route` is the pattern as registered, with an optional
   * query or a note in brackets; `phase` 0 runs before the others (access logs, read before the
   * test's own requests fill them).
   */
  add(call: {
    route: string;
    url: string;
    auth: LeakAuth;
    relevant: WRecord[];
    mustShow(r: WRecord): boolean;
    context?: RouteContext;
    phase?: 0 | 1;
  }): void;
  /** `add` for a page or API of one case: its relevant records are the case's own */
  addForCase(
    c: WCase,
    route: string,
    url: string,
    auth: LeakAuth,
    mustShow: (r: WRecord) => boolean,
    phase?: 0 | 1,
  ): void;
  /**
   * A compartment's list page and its API (`/cases/:id/<slug>`, `/api/v1/cases/:id/<slug>`): a
   * record of the kind is shown when the user may read it; the page also shows the case header
   * (and, with `pageOmitsText`, not the records' text).
   */
  addCompartmentList(
    c: WCase,
    spec: { slug: string; compartment: LeakCompartment; kind: RecordKind; pageOmitsText?: boolean },
  ): void;
};

/** A table the leak test reads directly as each user (exactly the rows the oracle allows). */
export type LeakTable = { table: string; kind: RecordKind; key: string };

/** A module's part of the leak test's catalogue (the manifest's `leak`). */
export type LeakCoverage = {
  /** every GET route pattern of the module the leak test calls, as registered: 'GET /cases/:id/clinical' */
  routes: readonly string[];
  /** its tables of case data, read directly */
  tables?: readonly LeakTable[];
  /** the calls to make as one user in one world (only to routes in `routes`) */
  calls(kit: LeakKit): void;
};
