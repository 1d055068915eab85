/**
 * The intervention's rules (issue 14), as plain functions the services and unit tests share.
 */

export const GOAL_AREAS = {
  wellbeing: 'Psychological wellbeing',
  relationships: 'Relationships',
  stalking_behaviour: 'Stalking behaviour',
  occupation: 'Occupation and daily life',
  substance_use: 'Substance use',
  compliance: 'Compliance with orders',
} as const;
export type GoalArea = keyof typeof GOAL_AREAS;
export const GOAL_AREA_KEYS = Object.keys(GOAL_AREAS) as GoalArea[];

export const COMPONENTS = {
  individual_therapy: 'Individual psychological therapy',
  psychoeducation: 'Psychoeducation',
  occupational_therapy: 'Occupational therapy',
  medication_review: 'Medication review',
  joint_probation: 'Joint work with probation',
  spo_requirement: 'Work linked to an SPO positive requirement',
} as const;
export type ComponentKind = keyof typeof COMPONENTS;
export const COMPONENT_KEYS = Object.keys(COMPONENTS) as ComponentKind[];

export const STAGES = { pre: 'Pre', during: 'During', post: 'Post', follow_up: 'Follow-up' } as const;
export type Stage = keyof typeof STAGES;
export const STAGE_KEYS = Object.keys(STAGES) as Stage[];

export const UNPLANNED_REASONS = {
  disengaged: 'Disengaged',
  moved_out_of_area: 'Moved out of the area',
  returned_to_custody: 'Returned to custody',
  transferred: 'Transferred to another service',
} as const;
export type UnplannedReason = keyof typeof UNPLANNED_REASONS;
export const UNPLANNED_REASON_KEYS = Object.keys(UNPLANNED_REASONS) as UnplannedReason[];

export const NO_ASSESSMENT_MESSAGE =
  'An intervention plan needs a completed risk assessment on the case: complete the risk assessment first';

/** Item 7: no intervention plan without a completed risk assessment. Why not, or null. */
export function planProblem(completedAssessments: number): string | null {
  return completedAssessments > 0 ? null : NO_ASSESSMENT_MESSAGE;
}

/** A planned discharge has no unplanned reason; an unplanned one must say which. */
export function dischargeKindProblem(
  kind: 'planned' | 'unplanned',
  unplannedReason: string | null | undefined,
): string | null {
  if (kind === 'unplanned' && !unplannedReason) return 'Select why the discharge was unplanned';
  if (kind === 'planned' && unplannedReason) return 'A planned discharge has no unplanned reason';
  return null;
}

/**
 * The agencies on the case team that have not yet agreed to close: every agency of a team member
 * (the programme itself, the coordinator's, is not a party). The case may close when none is left.
 */
export function agenciesStillToAgree(
  team: readonly { agency_id: string | null; agency_kind: string | null; agency_name: string | null }[],
  agreedAgencyIds: readonly string[],
): { id: string; name: string }[] {
  const out = new Map<string, string>();
  for (const m of team) {
    if (!m.agency_id || m.agency_kind === 'programme') continue;
    if (agreedAgencyIds.includes(m.agency_id)) continue;
    out.set(m.agency_id, m.agency_name ?? 'Agency');
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

/** Whether every agency on the team agreed (and at least one did). */
export function everyAgencyAgreed(
  team: readonly { agency_id: string | null; agency_kind: string | null; agency_name: string | null }[],
  agreedAgencyIds: readonly string[],
): boolean {
  return agreedAgencyIds.length > 0 && agenciesStillToAgree(team, agreedAgencyIds).length === 0;
}
