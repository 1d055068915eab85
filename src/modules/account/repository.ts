import type { Tx } from '../../platform/db/request-tx.js';

export function findUserByEmail(tx: Tx, email: string) {
  return tx
    .selectFrom('app_user')
    .select([
      'id',
      'password_hash',
      'failed_attempts',
      'locked_until',
      'active',
      'totp_secret',
      'totp_enrolled_at',
      'totp_last_step',
    ])
    .where('email', '=', email)
    .executeTakeFirst();
}

export function findUserSecrets(tx: Tx, userId: string) {
  return tx
    .selectFrom('app_user')
    .select([
      'id',
      'email',
      'failed_attempts',
      'locked_until',
      'totp_secret',
      'totp_enrolled_at',
      'totp_last_step',
    ])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function recordFailure(
  tx: Tx,
  userId: string,
  failedAttempts: number,
  lockedUntil: Date | null,
) {
  await tx
    .updateTable('app_user')
    .set({ failed_attempts: failedAttempts, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
}

export async function clearFailures(tx: Tx, userId: string) {
  await tx
    .updateTable('app_user')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function saveTotp(tx: Tx, userId: string, secret: string, step: number) {
  await tx
    .updateTable('app_user')
    .set({ totp_secret: secret, totp_enrolled_at: new Date(), totp_last_step: step })
    .where('id', '=', userId)
    .execute();
}

export async function saveTotpStep(tx: Tx, userId: string, step: number) {
  await tx.updateTable('app_user').set({ totp_last_step: step }).where('id', '=', userId).execute();
}
