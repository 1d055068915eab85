export const CASE_STATUSES = ['referred', 'screening', 'accepted', 'active', 'closed', 'declined'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ACCEPTED_MODES = ['consultation', 'intervention'] as const;
export type AcceptedMode = (typeof ACCEPTED_MODES)[number];
export const INVESTIGATION_STATUSES = [
  'under_investigation',
  'charged',
  'convicted',
  'no_further_action',
] as const;
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];

/** The case lifecycle: referred → screening → accepted → active → closed, or declined. */
export const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  referred: ['screening', 'accepted', 'declined'],
  screening: ['accepted', 'declined'],
  accepted: ['active', 'closed'],
  active: ['closed'],
  closed: [],
  declined: [],
};

export type TransitionRequest = {
  from: CaseStatus;
  to: CaseStatus;
  mode: AcceptedMode | null;
  investigationStatus: InvestigationStatus;
  /** the case's mode now (accepted or active cases) */
  currentMode?: AcceptedMode | null;
};

/** Statuses in which a consultation case may move to direct intervention (a change of mode). */
const MODE_CHANGE_STATUSES: readonly CaseStatus[] = ['accepted', 'active'];

/** Is this request the move of an accepted or active case to direct intervention (same status)? */
export function isMoveToIntervention(t: Pick<TransitionRequest, 'from' | 'to' | 'mode'>): boolean {
  return t.from === t.to && t.mode === 'intervention' && MODE_CHANGE_STATUSES.includes(t.from);
}

/** Returns why a status change is not allowed, or null when it is. */
export function transitionProblem(t: TransitionRequest): string | null {
  if (isMoveToIntervention(t)) {
    if (t.currentMode !== 'consultation') return 'The case is already accepted for direct intervention';
    if (t.investigationStatus === 'under_investigation')
      return 'This person is under police investigation, so the case stays consultation only. Record the change in the investigation first';
    return null;
  }
  if (!NEXT_STATUSES[t.from].includes(t.to)) {
    return `A case that is ${t.from} cannot be moved to ${t.to}`;
  }
  if (t.to === 'accepted') {
    if (!t.mode) return 'Select whether the case is accepted for consultation or direct intervention';
    if (t.mode === 'intervention' && t.investigationStatus === 'under_investigation') {
      return 'This person is under police investigation, so the case can be accepted for consultation only';
    }
  }
  return null;
}

/**
 * The choices offered on the status page, each a target status and, for acceptance, a mode. A site
 * coordinator (`mayChangeMode`) is also offered the move of a consultation case to direct
 * intervention, disabled while the person is under police investigation.
 */
export function statusChoices(
  from: CaseStatus,
  investigationStatus: InvestigationStatus,
  options: { currentMode?: AcceptedMode | null; mayChangeMode?: boolean } = {},
) {
  const choices: {
    value: string;
    to: CaseStatus;
    mode: AcceptedMode | null;
    text?: string;
    disabledReason?: string;
  }[] = [];
  if (
    options.mayChangeMode &&
    options.currentMode === 'consultation' &&
    MODE_CHANGE_STATUSES.includes(from)
  ) {
    choices.push({
      value: `${from}:intervention`,
      to: from,
      mode: 'intervention',
      text: 'Move to direct intervention',
      ...(investigationStatus === 'under_investigation'
        ? { disabledReason: 'Not while the person is under police investigation' }
        : {}),
    });
  }
  for (const to of NEXT_STATUSES[from]) {
    if (to === 'accepted') {
      choices.push({ value: 'accepted:consultation', to, mode: 'consultation' });
      choices.push({
        value: 'accepted:intervention',
        to,
        mode: 'intervention',
        ...(investigationStatus === 'under_investigation'
          ? { disabledReason: 'Not while the person is under police investigation' }
          : {}),
      });
    } else {
      choices.push({ value: to, to, mode: null });
    }
  }
  return choices;
}
