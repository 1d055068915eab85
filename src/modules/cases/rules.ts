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
};

/** Returns why a status change is not allowed, or null when it is. */
export function transitionProblem(t: TransitionRequest): string | null {
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

/** The choices offered on the status page, each a target status and, for acceptance, a mode. */
export function statusChoices(from: CaseStatus, investigationStatus: InvestigationStatus) {
  const choices: { value: string; to: CaseStatus; mode: AcceptedMode | null; disabledReason?: string }[] = [];
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
