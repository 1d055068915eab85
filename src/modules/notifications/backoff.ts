/**
 * When a failed e-mail is tried again: 1 minute after the first failure, then 5 and 15 minutes,
 * 1 hour and 4 hours; after the sixth failed attempt it is dead (the administrator's dead-letter
 * list). About five and a half hours in all, long enough for a mail server's restart or a
 * certificate renewal, short enough that a dead letter is looked at the same day.
 */
export const RETRY_DELAYS_SECONDS = [60, 300, 900, 3600, 14_400] as const;

/** How many attempts an e-mail gets before it is dead. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/**
 * Seconds to wait after `attempts` failed attempts (1 for the first failure), or null when no
 * attempt is left. Throws on a count under 1: there is no wait before the first attempt.
 */
export function retryDelaySeconds(attempts: number): number | null {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError('attempts must be a whole number from 1');
  return attempts < MAX_ATTEMPTS ? RETRY_DELAYS_SECONDS[attempts - 1]! : null;
}
