import type { FieldError } from '../../platform/errors.js';
import { longDateOf } from '../../platform/time.js';
import type { MaracMeetingInput, MappaInput } from './schemas.js';

/** A MAPPA record's dates: the end and the next review on or after the start. */
export function mappaProblems(input: MappaInput): FieldError[] {
  const problems: FieldError[] = [];
  if (input.endsOn && input.endsOn < input.startsOn)
    problems.push({ field: 'endsOn', message: 'The end date must be on or after the start date' });
  if (input.nextReviewOn && input.nextReviewOn < input.startsOn)
    problems.push({
      field: 'nextReviewOn',
      message: 'The next review date must be on or after the start date',
    });
  return problems;
}

/** A MARAC meeting hears a referral of this case, on or after the referral. */
export function maracMeetingProblems(
  input: MaracMeetingInput,
  referral: { referredOn: string } | null,
): FieldError[] {
  if (!referral) return [{ field: 'referralId', message: 'Select a MARAC referral on this case' }];
  if (input.meetingOn < referral.referredOn)
    return [
      {
        field: 'meetingOn',
        message: `The date of the meeting must be on or after the referral, ${longDateOf(referral.referredOn)}`,
      },
    ];
  return [];
}

export type ReviewState = 'overdue' | 'due';

/** Whether a MAPPA review date is past (overdue) or today or within the horizon (due), else null. */
export function mappaReviewState(
  nextReviewOn: string | null,
  today: string,
  dueBy: string,
): ReviewState | null {
  if (!nextReviewOn || nextReviewOn > dueBy) return null;
  return nextReviewOn < today ? 'overdue' : 'due';
}
