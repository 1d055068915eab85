import { recordAudit } from '../../platform/audit/record.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.js';
import { addressLockMinutesAfter, lockMinutesAfter, throttleKeys } from '../../platform/auth/lockout.js';
import type { FieldError } from '../../platform/errors.js';
import { checkTotp } from '../../platform/auth/totp.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import * as repo from './repository.js';

export type SignInOutcome =
  | { kind: 'ok'; userId: string }
  | { kind: 'refused' }
  /** too many wrong passwords for this email from this address, or from this address at all */
  | { kind: 'throttled'; until: Date }
  /** too many wrong security codes after the right password (told only to whoever has it) */
  | { kind: 'locked'; until: Date };

async function fail(
  tx: Tx,
  actor: Actor,
  userId: string,
  failedAttempts: number,
  step: string,
): Promise<SignInOutcome> {
  const attempts = failedAttempts + 1;
  const minutes = lockMinutesAfter(attempts);
  const until = minutes ? new Date(Date.now() + minutes * 60_000) : null;
  await repo.recordFailure(tx, userId, attempts, until);
  await recordAudit(tx, actor, {
    action: 'auth.failed',
    reason: `${step} not accepted`,
    recordType: 'user',
    recordId: userId,
    details: { attempts, lockedMinutes: minutes },
  });
  return until ? { kind: 'locked', until } : { kind: 'refused' };
}

/**
 * First factor. Whether or not the email address has an account, the work done, the time taken
 * and the answer are the same: the password is hashed (against a dummy hash for an unknown
 * address), wrong passwords are counted against the email from this source address and against
 * the source address, and a throttle that holds answers the same for every email. Nothing here
 * locks an account: the owner signing in from another address is not held back, and the second
 * factor is what stands between a guessed password and the account.
 */
export async function checkPassword(
  tx: Tx,
  actor: Actor,
  email: string,
  password: string,
  sourceAddress: string,
): Promise<SignInOutcome> {
  const keys = throttleKeys(email, sourceAddress);
  const held = await repo.throttledUntil(tx, [keys.account, keys.address]);
  if (held) return { kind: 'throttled', until: held };
  const user = await repo.findUserByEmail(tx, email);
  const known = Boolean(user?.active);
  const matches = await verifyPassword(known ? user!.password_hash : DUMMY_HASH, password);
  if (known && matches) {
    await repo.throttleClear(tx, keys.account);
    // wrong security codes after the right password lock the account: only someone who has the
    // password can learn that, or cause it
    if (user!.locked_until && user!.locked_until.getTime() > Date.now())
      return { kind: 'locked', until: user!.locked_until };
    return { kind: 'ok', userId: user!.id };
  }
  const accountFailures = await repo.throttleFailure(tx, keys.account);
  const addressFailures = await repo.throttleFailure(tx, keys.address);
  const accountMinutes = lockMinutesAfter(accountFailures);
  const addressMinutes = addressLockMinutesAfter(addressFailures);
  if (accountMinutes) await repo.throttleBlock(tx, keys.account, accountMinutes);
  if (addressMinutes) await repo.throttleBlock(tx, keys.address, addressMinutes);
  // recorded for known and unknown addresses alike (the email itself is not recorded)
  await recordAudit(tx, actor, {
    action: 'auth.failed',
    reason: 'password not accepted',
    recordType: 'user',
    ...(known ? { recordId: user!.id } : {}),
    details: { attempts: accountFailures, throttledMinutes: Math.max(accountMinutes, addressMinutes) },
  });
  const minutes = Math.max(accountMinutes, addressMinutes);
  return minutes
    ? { kind: 'throttled', until: new Date(Date.now() + minutes * 60_000) }
    : { kind: 'refused' };
}

/** Second factor: the enrolled secret, or the one being enrolled now. A code is never accepted twice. */
export async function checkSecondFactor(
  tx: Tx,
  actor: Actor,
  userId: string,
  code: string,
  pendingSecret: string | null,
): Promise<SignInOutcome> {
  const user = await repo.findUserSecrets(tx, userId);
  if (user.locked_until && user.locked_until.getTime() > Date.now())
    return { kind: 'locked', until: user.locked_until };
  const enrolling = !user.totp_enrolled_at;
  const secret = enrolling ? pendingSecret : user.totp_secret;
  if (!secret) return { kind: 'refused' };
  const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step);
  const step = await checkTotp(secret, code, lastStep);
  if (step === null) return fail(tx, actor, userId, user.failed_attempts, 'security code');
  if (enrolling) await repo.saveTotp(tx, userId, secret, step);
  else await repo.saveTotpStep(tx, userId, step);
  await repo.clearFailures(tx, userId);
  await recordAudit(tx, actor, {
    action: enrolling ? 'auth.enrolled_and_signed_in' : 'auth.signed_in',
    reason: 'password and second factor accepted',
    recordType: 'user',
    recordId: userId,
  });
  return { kind: 'ok', userId };
}

export function isEnrolled(tx: Tx, userId: string) {
  return repo.findUserSecrets(tx, userId).then((u) => Boolean(u.totp_enrolled_at));
}

/**
 * The signed-in user changes their password: the current one, and a new one that passes the
 * policy (and is not the current one). Field errors, or none (then it is saved and audited).
 */
export async function changePassword(
  tx: Tx,
  actor: Actor,
  userId: string,
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
  from: { sourceAddress: string; sessionIdHash: string },
): Promise<FieldError[]> {
  const user = await repo.findPasswordHash(tx, userId);
  // wrong current passwords count against the same throttle as sign-in's
  const key = throttleKeys(user.email, from.sourceAddress).account;
  const held = await repo.throttledUntil(tx, [key]);
  if (held) return [{ field: 'currentPassword', message: 'Too many attempts. Wait a while and try again' }];
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    const minutes = lockMinutesAfter(await repo.throttleFailure(tx, key));
    if (minutes) await repo.throttleBlock(tx, key, minutes);
    await recordAudit(tx, actor, {
      action: 'auth.password_change_refused',
      reason: 'current password not accepted',
      recordType: 'user',
      recordId: userId,
    });
    return [{ field: 'currentPassword', message: 'Your current password is not right' }];
  }
  const problem = passwordProblem(input.newPassword, [user.email, user.display_name]);
  if (problem) return [{ field: 'newPassword', message: problem }];
  if (input.newPassword !== input.confirmPassword)
    return [{ field: 'confirmPassword', message: 'Enter the same new password twice' }];
  if (await verifyPassword(user.password_hash, input.newPassword))
    return [{ field: 'newPassword', message: 'Choose a password different from your current one' }];
  await repo.savePassword(tx, userId, await hashPassword(input.newPassword));
  // whoever else had the old password is signed out; this session carries on
  const ended = await repo.endOtherSessions(tx, from.sessionIdHash);
  await recordAudit(tx, actor, {
    action: 'auth.password_changed',
    reason: 'user changed their password',
    recordType: 'user',
    recordId: userId,
    details: { otherSessionsEnded: ended },
  });
  return [];
}
