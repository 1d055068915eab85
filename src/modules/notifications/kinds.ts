/**
 * THE KINDS OF NOTIFICATION: every event that reaches someone has one. Each kind has the words of
 * its settings row and of its e-mail. The e-mail words take only the case's reference (GOV.UK
 * Notify's advice: no personal data in an e-mail, only enough to sign in and look).
 */
export type KindWords = {
  /** the settings page's label: what the person is told of */
  label: string;
  /** the e-mail's sentence, given the case's reference ("HAM-000123") or null (no case) */
  mail(reference: string | null): string;
};

const onCase = (reference: string | null) => (reference ? `on case ${reference}` : 'in Recolo');

export const NOTIFICATION_KINDS = {
  new_referral: {
    label: 'A new referral at your site (site coordinators)',
    mail: (r) => `There is a new referral at your site: ${r ? `case ${r}` : 'a new case'}`,
  },
  case_team_added: {
    label: 'You are added to a case team',
    mail: (r) => `You were added to the team ${r ? `of case ${r}` : 'of a case'}`,
  },
  domain_raised_to_high: {
    label: 'A risk domain is rated high',
    mail: (r) => `A risk was raised to high ${onCase(r)}`,
  },
  full_assessment_recommended: {
    label: 'A screening recommends a full risk assessment',
    mail: (r) => `A full risk assessment is recommended ${onCase(r)}`,
  },
  order_breach: {
    label: 'A breach of an order is recorded',
    mail: (r) => `A breach was recorded ${onCase(r)}`,
  },
  order_ending: { label: 'An order is ending', mail: (r) => `An order is ending ${onCase(r)}` },
  licence_ending: { label: 'A licence is ending', mail: (r) => `A licence is ending ${onCase(r)}` },
  order_notification_overdue: {
    label: 'A notification under a stalking protection order is overdue',
    mail: (r) => `A notification under an order is overdue ${onCase(r)}`,
  },
  mappa_review_due: { label: 'A MAPPA review is due', mail: (r) => `A MAPPA review is due ${onCase(r)}` },
  consecutive_dna: {
    label: 'Sessions are missed in a row',
    mail: (r) => `Sessions were not attended ${onCase(r)}`,
  },
  possible_duplicate: {
    label: 'A new referral may be about a person on a case at your site',
    mail: (r) => `A new referral may be about the same person as ${r ? `case ${r}` : 'a case at your site'}`,
  },
  meeting_scheduled: {
    label: 'A meeting is scheduled',
    mail: (r) => `A multi-agency meeting was scheduled ${r ? `that discusses case ${r}` : 'at your site'}`,
  },
  meeting_changed: {
    label: 'A meeting is changed',
    mail: (r) => `A multi-agency meeting was changed ${r ? `that discusses case ${r}` : 'at your site'}`,
  },
  action_assigned: { label: 'An action is given to you', mail: (r) => `You have a new action ${onCase(r)}` },
  action_due_soon: {
    label: 'An action of yours is due in 2 days',
    mail: (r) => `An action of yours is due in 2 days ${onCase(r)}`,
  },
  action_overdue: {
    label: 'An action of yours is overdue',
    mail: (r) => `An action of yours is overdue ${onCase(r)}`,
  },
  action_withdrawn: {
    label: 'An action of yours is withdrawn as entered in error',
    mail: (r) => `An action of yours was withdrawn as entered in error ${onCase(r)}`,
  },
} as const satisfies Record<string, KindWords>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Every kind, in the settings page's order. */
export const KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_KINDS, kind);
}

/** A kind's words; an unknown kind (written by a newer version) gets plain ones. */
export function wordsOf(kind: string): KindWords {
  if (isNotificationKind(kind)) return NOTIFICATION_KINDS[kind];
  return { label: kind.replace(/_/g, ' '), mail: (r) => `You have a new notification ${onCase(r)}` };
}
