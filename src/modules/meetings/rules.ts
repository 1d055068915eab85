/**
 * The multi-agency meeting's rules, without a database: quoracy, recurrence and the agenda's
 * suggestions. Sources: issue 15 (the programme's panel: police, probation, health and the
 * advocate review cases, agree the risk and decide who does what).
 */
import { isVoiceCurrent } from '../voice/public.js';

export const MEETING_STATUSES = ['planned', 'held', 'minutes_draft', 'minutes_approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: 'Planned',
  held: 'Held',
  minutes_draft: 'Minutes draft',
  minutes_approved: 'Minutes approved',
};

export const RECURRENCES = ['none', 'weekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
/** How many meetings a recurring schedule creates at once (the first and the next ones). */
export const OCCURRENCES: Record<Recurrence, number> = { none: 1, weekly: 6, monthly: 6 };

export const ATTENDANCE = ['present', 'apologies', 'deputy'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  present: 'Present',
  apologies: 'Apologies',
  deputy: 'Sent a deputy',
};

export const AGENCY_KINDS = ['police', 'probation', 'health', 'victim_service', 'programme'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  police: 'Police',
  probation: 'Probation',
  health: 'Health',
  victim_service: 'Advocacy (victim service)',
  programme: 'Programme',
};
/** A site with no rule of its own: police, health and the advocate present (issue 15's example). */
export const DEFAULT_QUORUM: readonly AgencyKind[] = ['police', 'health', 'victim_service'];

export const DECISIONS = ['accept', 'decline', 'refer_mappa', 'refer_marac', 'escalate'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  accept: 'Accept',
  decline: 'Decline',
  refer_mappa: 'Refer to MAPPA',
  refer_marac: 'Refer to MARAC',
  escalate: 'Escalate',
};
export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export const RISK_LABELS = { low: 'Low', moderate: 'Moderate', high: 'High' } as const;

/**
 * Whether the meeting is quorate: every agency kind the site's rule names has someone there (a
 * person present, or the deputy sent in someone's place, counts for the deputy's agency).
 * Returns the kinds missing, in the rule's order; quorate when none are.
 */
export function quoracy(
  rule: readonly AgencyKind[],
  presentKinds: readonly (string | null)[],
): { quorate: boolean; missing: AgencyKind[] } {
  const there = new Set(presentKinds.filter((k): k is string => !!k));
  const missing = rule.filter((k) => !there.has(k));
  return { quorate: missing.length === 0, missing };
}

/** 'YYYY-MM-DD' plus whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The dates of a schedule's meetings, the first included: one for a one-off; weekly, every 7 days;
 * monthly, the same day of each following month, or the month's last day when it has no such day
 * (31 January → 28 or 29 February → 31 March). `count` meetings in all.
 */
export function occurrenceDates(
  first: string,
  recurrence: Recurrence,
  count = OCCURRENCES[recurrence],
): string[] {
  if (recurrence === 'none') return [first];
  const out: string[] = [];
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < count; i++) {
    if (recurrence === 'weekly') {
      out.push(addDays(first, 7 * i));
      continue;
    }
    const monthIndex = m - 1 + i;
    const year = y + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    out.push(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`);
  }
  return out;
}

/** What the agenda knows of a case to suggest it. Dates are 'YYYY-MM-DD'. */
export type CaseFacts = {
  caseId: string;
  reference: string;
  status: string;
  nextReviewOn: string | null;
  ratedHighOn: string | null;
  breachOn: string | null;
  orderEndsOn: string | null;
  hasVictims: boolean;
  lastVoiceOn: string | null;
};

/** What a suggestion is measured against: the meeting's date, the last meeting's, the voice period. */
export type SuggestionContext = { meetingOn: string; since: string; voiceFreshDays: number };

/** Orders ending within this many days of the meeting are suggested. */
export const ORDER_ENDING_DAYS = 28;
/** With no earlier meeting, "since the last meeting" means this many days before this one. */
export const NO_LAST_MEETING_DAYS = 28;

/**
 * Why a case should be on the agenda, as sentences for the coordinator (none: not suggested):
 * a new referral awaiting a decision, a risk review due by the meeting, a domain raised to high
 * since the last meeting, a breach since the last meeting, an order ending within 28 days of the
 * meeting, or no victim's voice recorded within the site's period (cases with victims only).
 */
export function suggestionReasons(
  f: CaseFacts,
  ctx: SuggestionContext,
  fmt: (d: string) => string,
): string[] {
  const reasons: string[] = [];
  if (f.status === 'referred' || f.status === 'screening') reasons.push('New referral awaiting a decision');
  if (f.nextReviewOn && f.nextReviewOn <= ctx.meetingOn)
    reasons.push(`Risk review due ${fmt(f.nextReviewOn)}`);
  if (f.ratedHighOn && f.ratedHighOn >= ctx.since)
    reasons.push(`Risk raised to high on ${fmt(f.ratedHighOn)}`);
  if (f.breachOn && f.breachOn >= ctx.since) reasons.push(`Breach of an order on ${fmt(f.breachOn)}`);
  if (f.orderEndsOn && f.orderEndsOn <= addDays(ctx.meetingOn, ORDER_ENDING_DAYS))
    reasons.push(`Order ends on ${fmt(f.orderEndsOn)}`);
  if (f.hasVictims && !isVoiceCurrent(f.lastVoiceOn, ctx.meetingOn, ctx.voiceFreshDays))
    reasons.push(`No victim’s voice recorded within ${ctx.voiceFreshDays} days`);
  return reasons;
}
