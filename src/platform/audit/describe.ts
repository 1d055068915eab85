import { BREAK_GLASS_REASONS } from '../access/policy.js';

/**
 * Audit events in words a coordinator reads in a case's access log: `incident.view` → "Viewed an
 * incident", `break-glass: out_of_hours` → "Break-glass: Out-of-hours incident…". An action named
 * below is said as written; any other `record.verb` is put together from the record and the verb,
 * so a new module's events read sensibly without an entry here.
 */
const ACTIONS: Record<string, string> = {
  'case.view': 'Viewed the case',
  'case.created': 'Referred the case',
  'case.status_changed': 'Changed the status',
  'case.status.view': 'Opened the status page',
  'case.team.view': 'Viewed the case team',
  'case.team.added': 'Added a team member',
  'case.team.removed': 'Removed a team member',
  'case.access_log.view': 'Viewed the access log',
  'case.access_log.exported': 'Downloaded the access log',
  'timeline.view': 'Viewed the timeline',
  'risk.overview.view': 'Viewed the risk overview',
  'evidence.download': 'Downloaded an evidence file',
  'evidence.uploaded': 'Uploaded an evidence file',
  'evidence.withdrawn': 'Withdrew an evidence file as entered in error',
  'incident.withdrawn': 'Withdrew an incident as entered in error',
  'incident.imported': 'Imported a victim’s diary',
  'clinical_note.view': 'Viewed a clinical note',
  'clinical_note.amended': 'Corrected a clinical note',
  'clinical_note.withdrawn': 'Withdrew a clinical note as entered in error',
  'police_intelligence.view': 'Viewed a police intelligence entry',
  'police_intelligence.amended': 'Corrected a police intelligence entry',
  'police_intelligence.withdrawn': 'Withdrew a police intelligence entry as entered in error',
  'break_glass.granted': 'Opened the case with break-glass',
  'break_glass.reviewed': 'Reviewed a break-glass opening',
  'case_victim.search': 'Searched for a victim to link',
  'case_victim.advocate_changed': 'Changed the victim’s advocate',
  'person.unseen_match_shown': 'Was told of a possible duplicate person',
  'access.refused': 'Was refused access',
};

/** what a record is called after a verb: "an incident", "the clinical notes" */
const RECORDS: Record<string, string> = {
  case: 'the case',
  incident: 'an incident',
  evidence: 'an evidence file',
  clinical_note: 'clinical notes',
  police_intelligence: 'police intelligence',
  victim_voice: 'the victim’s voice',
  victim_contact: 'a victim’s contact details',
  victim_contact_log: 'the contact log',
  safety_plan: 'a safety plan',
  risk_plan: 'the risk plan',
  risk_assessment: 'a risk assessment',
  investigation_status_event: 'the police investigation',
  case_victim: 'a victim',
  referral: 'the referral',
  case_offence: 'an offence',
};

const VERBS: Record<string, string> = {
  view: 'Viewed',
  list: 'Viewed',
  created: 'Added',
  changed: 'Changed',
  updated: 'Changed',
  amended: 'Amended',
  withdrawn: 'Withdrew',
  exported: 'Downloaded',
  download: 'Downloaded',
  uploaded: 'Uploaded',
  imported: 'Imported',
  started: 'Started',
  completed: 'Completed',
  saved: 'Saved',
};

const words = (s: string) => s.replace(/[_.-]+/g, ' ').trim();

/** An audit action in words, e.g. "Viewed an incident". */
export function describeAuditAction(action: string): string {
  const known = ACTIONS[action];
  if (known) return known;
  const dot = action.lastIndexOf('.');
  const record = dot > 0 ? action.slice(0, dot) : action;
  const verb = dot > 0 ? action.slice(dot + 1) : '';
  const what = RECORDS[record] ?? words(record);
  const did = VERBS[verb];
  if (did) return `${did} ${what}`;
  const text = `${words(record)}${verb ? `: ${words(verb)}` : ''}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why the access was allowed, in words: the basis, or a break-glass reason. Other text as it is. */
export function describeAuditReason(reason: string | null): string {
  if (!reason) return '';
  const breakGlass = /^break-glass: ([a-z_]+)$/.exec(reason);
  if (breakGlass) {
    const code = breakGlass[1] as keyof typeof BREAK_GLASS_REASONS;
    return `Break-glass: ${BREAK_GLASS_REASONS[code] ?? words(code)}`;
  }
  const bases: Record<string, string> = {
    'case team': 'On the case team',
    'site coordinator': 'Coordinator of the case’s site',
    'break-glass': 'Break-glass',
  };
  return bases[reason] ?? reason;
}
