import { sql } from 'kysely';
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

/** The latest time any of these throttle keys holds sign-in back until, or null. */
export async function throttledUntil(tx: Tx, keys: string[]): Promise<Date | null> {
  const r = await sql<{
    until: Date | null;
  }>`select recolo_private.sign_in_blocked_until(${keys}::text[]) as until`.execute(tx);
  const until = r.rows[0]?.until ?? null;
  return until ? new Date(until) : null;
}

/** Counts a wrong password against the key; the count so far (a quiet day starts it again). */
export async function throttleFailure(tx: Tx, key: string): Promise<number> {
  const r = await sql<{ n: number }>`select recolo_private.sign_in_failed(${key}) as n`.execute(tx);
  return Number(r.rows[0]!.n);
}

export async function throttleBlock(tx: Tx, key: string, minutes: number): Promise<void> {
  await sql`select recolo_private.sign_in_block(${key}, ${minutes}::integer)`.execute(tx);
}

export async function throttleClear(tx: Tx, key: string): Promise<void> {
  await sql`select recolo_private.sign_in_succeeded(${key})`.execute(tx);
}

export function findPasswordHash(tx: Tx, userId: string) {
  return tx
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function savePassword(tx: Tx, userId: string, passwordHash: string) {
  await tx
    .updateTable('app_user')
    .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** Ends the user's sessions other than this one (the transaction's user: their own only). */
export async function endOtherSessions(tx: Tx, keepIdHash: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select recolo_private.end_own_other_sessions(${keepIdHash}) as n`.execute(tx);
  return Number(r.rows[0]!.n);
}
