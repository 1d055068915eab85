import type { Role } from '../../../src/platform/auth/users.js';

/**
 * A seeded world as the leak test and its oracle see it: who is who, which cases are where, who is
 * on which team, which break-glass grants exist, and every record of case data with the marker
 * string that shows it is present in a response.
 */

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
  | 'risk_plan'
  | 'clinical_note'
  | 'police_intelligence'
  | 'victim_voice'
  | 'victim_contact'
  | 'victim_contact_log'
  | 'safety_plan'
  | 'incident'
  | 'evidence_file'
  | 'risk_assessment'
  | 'risk_rating'
  | 'risk_assessment_addendum'
  | 'notification'
  | 'audit_event'
  | 'break_glass_grant';

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
  /** a victim_contact's or safety_plan's case_victim id (its edit page) */
  caseVictimId?: string;
  /** a break_glass_grant's or case_team row's user; a notification's recipient */
  userId?: string;
  /** a victim_voice entry the victim asked not to be shared (seen only by the advocate) */
  notShared?: boolean;
  /** an evidence_file's incident */
  incidentId?: string;
  /** an audit event recording a refused attempt to open a case (access.refused) */
  refusal?: boolean;
  /** a risk_rating's or risk_assessment_addendum's assessment */
  assessmentId?: string;
  /** a risk assessment still in draft (not completed: no ratings, not exported, not on the risk overview) */
  draft?: boolean;
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

export function indexWorld(w: Pick<World, 'sites' | 'users' | 'cases' | 'grants' | 'records'>): World {
  const recordByMarker = new Map<string, WRecord>();
  for (const r of w.records) {
    if (!r.marker) continue;
    if (recordByMarker.has(r.marker)) throw new Error(`Duplicate marker ${r.marker}`);
    recordByMarker.set(r.marker, r);
  }
  return {
    ...w,
    caseById: new Map(w.cases.map((c) => [c.id, c])),
    userById: new Map(w.users.map((u) => [u.id, u])),
    recordByMarker,
  };
}

/** Every marker in a response body: persons' given names, `LEAK-` text markers, case references. */
export const MARKER_PATTERN = /Marker[0-9a-f]{10}|LEAK-[0-9a-f]{10}|\b[A-Z]{3}-\d{6}\b/g;

export function markersIn(body: string): Set<string> {
  return new Set(body.match(MARKER_PATTERN) ?? []);
}
