/** NHS numbers: checked and made canonical by the platform's identifier rules. */
export { isValidNhsNumber, nhsNumberDigits as normaliseNhsNumber } from '../../platform/identifiers.js';

/** Age in whole years on a given day. */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export type EligibilityInput = {
  dateOfBirth: string | null;
  isAdult: boolean;
  livesInArea: boolean;
  investigationStatus: string;
};

/**
 * The programme takes adults who live in the site's area and are under investigation, charged or
 * convicted. Returns the reasons a referral is not eligible (empty when it is).
 */
/**
 * The same reasons as field errors, each against the field that states it (isAdult, livesInArea,
 * investigationStatus), so each step of the referral can say so where it is answered.
 */
export function eligibilityFieldErrors(
  input: EligibilityInput,
  today: Date = new Date(),
): { field: 'isAdult' | 'livesInArea' | 'investigationStatus'; message: string }[] {
  return eligibilityProblems(input, today).map((message) => ({
    field: message.includes('area')
      ? 'livesInArea'
      : message.includes('investigation')
        ? 'investigationStatus'
        : 'isAdult',
    message,
  }));
}

export function eligibilityProblems(input: EligibilityInput, today: Date = new Date()): string[] {
  const problems: string[] = [];
  if (!input.isAdult) problems.push('The person must be an adult (18 or over)');
  else if (input.dateOfBirth && ageOn(input.dateOfBirth, today) < 18) {
    problems.push('The date of birth shows the person is under 18');
  }
  if (!input.livesInArea) problems.push("The person must live in the site's area");
  if (input.investigationStatus === 'no_further_action') {
    problems.push('The person must be under investigation, charged or convicted');
  }
  return problems;
}
