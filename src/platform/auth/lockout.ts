export const FREE_ATTEMPTS = 5;
const MAX_LOCK_MINUTES = 60;

/**
 * After five failures in a row the account locks, for 1 minute, then 2, 4, 8... up to an hour,
 * doubling with each further failure.
 */
export function lockMinutesAfter(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failedAttempts - FREE_ATTEMPTS));
}
