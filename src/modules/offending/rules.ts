import type { FieldError } from '../../platform/errors.js';
import { longDateOf } from '../../platform/time.js';
import { SENTENCES_WITH_LENGTH, type NewOffenceInput, type OutcomeInput } from './schemas.js';

/**
 * The rules a court outcome must meet against its charge: on or after the charge, a sentence only
 * on a conviction, a length only for custody, a suspended sentence or a community order.
 */
export function outcomeProblems(input: OutcomeInput, charge: { chargedOn: string } | null): FieldError[] {
  const problems: FieldError[] = [];
  if (!charge) return [{ field: 'chargeId', message: 'Select a charge on this case' }];
  if (input.outcomeOn < charge.chargedOn)
    problems.push({
      field: 'outcomeOn',
      message: `The date of the outcome must be on or after the charge, ${longDateOf(charge.chargedOn)}`,
    });
  if (input.outcome !== 'convicted') {
    if (input.sentenceKind)
      problems.push({ field: 'sentenceKind', message: 'A sentence can only be recorded with a conviction' });
    if (input.sentenceMonths !== undefined)
      problems.push({
        field: 'sentenceMonths',
        message: 'A sentence can only be recorded with a conviction',
      });
  } else if (input.sentenceMonths !== undefined) {
    if (!input.sentenceKind)
      problems.push({ field: 'sentenceKind', message: 'Select the sentence the length is for' });
    else if (!SENTENCES_WITH_LENGTH.includes(input.sentenceKind))
      problems.push({
        field: 'sentenceMonths',
        message: 'Give a length only for custody, a suspended sentence or a community order',
      });
  }
  return problems;
}

/**
 * The rules for new offending: the offence on or before the date it became known (both already
 * checked not to be in the future), and NOT BEFORE THE CASE'S REFERRAL DATE: offending before the
 * referral is the case's history (its charges), not new offending, and the evaluation counts only
 * what happened after referral. An offence on the referral day itself counts.
 */
export function newOffenceProblems(input: NewOffenceInput, referralDate: string): FieldError[] {
  const problems: FieldError[] = [];
  if (input.offenceOn < referralDate)
    problems.push({
      field: 'offenceOn',
      message: `The date of the offence must be on or after the referral, ${longDateOf(referralDate)}: earlier offending is not new offending`,
    });
  if (input.knownOn < input.offenceOn)
    problems.push({
      field: 'knownOn',
      message: 'The date it became known must be on or after the date of the offence',
    });
  return problems;
}
