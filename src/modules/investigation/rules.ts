import { labels } from '../../platform/views/labels.js';
import { INVESTIGATION_STATUSES, type InvestigationStatus } from '../cases/public.js';

export { INVESTIGATION_STATUSES, type InvestigationStatus };

/**
 * Where a police investigation can go next. A charge ends in conviction or no further action
 * (discontinued, acquitted); a case with no further action may be reopened; a conviction quashed on
 * appeal is recorded as no further action. Correcting a wrongly recorded status is an amendment,
 * not a change of status.
 */
export const NEXT_INVESTIGATION_STATUSES: Record<InvestigationStatus, readonly InvestigationStatus[]> = {
  under_investigation: ['charged', 'convicted', 'no_further_action'],
  charged: ['convicted', 'no_further_action'],
  convicted: ['no_further_action'],
  no_further_action: ['under_investigation', 'charged'],
};

export type InvestigationChange = {
  from: InvestigationStatus;
  to: InvestigationStatus;
  /** 'YYYY-MM-DD' */
  effectiveOn: string;
  /** 'YYYY-MM-DD': the day the case was referred (London) */
  referredOn: string;
  /** 'YYYY-MM-DD': when the latest recorded change took effect, if any */
  latestEffectiveOn: string | null;
};

/**
 * Why this change of investigation status cannot be recorded, as field errors (empty when it can).
 * The dates are compared as London calendar days; the caller has already refused a future date.
 */
export function investigationChangeProblems(c: InvestigationChange): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (c.from === c.to) {
    problems.push({ field: 'to', message: `The investigation status is already ${phrase(c.to)}` });
  } else if (!NEXT_INVESTIGATION_STATUSES[c.from].includes(c.to)) {
    problems.push({
      field: 'to',
      message: `The status cannot change from ${phrase(c.from)} to ${phrase(c.to)}`,
    });
  }
  if (c.effectiveOn < c.referredOn) {
    problems.push({
      field: 'effectiveOn',
      message: 'The date the change took effect must be on or after the date the case was referred',
    });
  } else if (c.latestEffectiveOn && c.effectiveOn < c.latestEffectiveOn) {
    problems.push({
      field: 'effectiveOn',
      message: 'The date the change took effect must be on or after the date of the last recorded change',
    });
  }
  return problems;
}

function phrase(s: InvestigationStatus): string {
  return `“${labels.investigation[s]}”`;
}
