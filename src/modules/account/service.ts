import { recordAudit } from '../../platform/audit/record.js';
import { DUMMY_HASH, verifyPassword } from '../../platform/auth/passwords.js';
import { lockMinutesAfter } from '../../platform/auth/lockout.js';
import { checkTotp } from '../../platform/auth/totp.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import * as repo from './repository.js';

export type SignInOutcome =
  { kind: 'ok'; userId: string } | { kind: 'refused' } | { kind: 'locked'; until: Date };

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

/** First factor. Unknown accounts cost the same time as known ones and get the same answer. */
export async function checkPassword(
  tx: Tx,
  actor: Actor,
  email: string,
  password: string,
): Promise<SignInOutcome> {
  const user = await repo.findUserByEmail(tx, email);
  if (!user || !user.active) {
    await verifyPassword(DUMMY_HASH, password);
    return { kind: 'refused' };
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now())
    return { kind: 'locked', until: user.locked_until };
  if (!(await verifyPassword(user.password_hash, password)))
    return fail(tx, actor, user.id, user.failed_attempts, 'password');
  return { kind: 'ok', userId: user.id };
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
