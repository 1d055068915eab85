import { createHash } from 'node:crypto';

export const FREE_ATTEMPTS = 5;
const MAX_LOCK_MINUTES = 60;
/** wrong passwords from one source address, across all email addresses, before it is slowed */
export const FREE_ATTEMPTS_PER_ADDRESS = 50;

/**
 * After five failures in a row the throttle holds, for 1 minute, then 2, 4, 8... up to an hour,
 * doubling with each further failure.
 */
export function lockMinutesAfter(failedAttempts: number): number {
  return backOff(failedAttempts, FREE_ATTEMPTS);
}

/** The same back-off for one source address's wrong passwords across every email address. */
export function addressLockMinutesAfter(failedAttempts: number): number {
  return backOff(failedAttempts, FREE_ATTEMPTS_PER_ADDRESS);
}

function backOff(failedAttempts: number, free: number): number {
  if (failedAttempts < free) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failedAttempts - free));
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The sign-in throttle's keys: wrong passwords count against the email address *from this source
 * address* (whether or not the address has an account, so the answer tells a stranger nothing),
 * and against the source address across all emails. An attacker's address is slowed; the owner,
 * signing in from anywhere else, is not. Stored as hashes: the table holds no email or address.
 */
export function throttleKeys(email: string, sourceAddress: string) {
  return {
    account: `account-address:${digest(`${email.toLowerCase()}\n${sourceAddress}`)}`,
    address: `address:${digest(sourceAddress)}`,
  };
}
