import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { isNotificationKind, KIND_LIST, type NotificationKind } from './kinds.js';

/** A person's notification choices; version 0 while they have never saved any. */
export type NotificationSettings = { emailKinds: NotificationKind[]; dailyDigest: boolean; version: number };

/** What a save asks for, with the version the page or client was shown. */
export type SettingsInput = { emailKinds: string[]; dailyDigest: boolean; version: number };

/** The user's own choices (row-level security shows no one else's); the default is in-app only, no digest. */
export async function getSettings(tx: Tx, userId: string): Promise<NotificationSettings> {
  const row = await tx
    .selectFrom('notification_setting')
    .select(['email_kinds', 'daily_digest', 'version'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return { emailKinds: [], dailyDigest: false, version: 0 };
  return {
    emailKinds: KIND_LIST.filter((k) => row.email_kinds.includes(k)),
    dailyDigest: row.daily_digest,
    version: row.version,
  };
}

/**
 * Saves the user's choices: the kinds also sent by e-mail (each a known kind, else refused) and
 * the daily digest. A save based on a version other than the stored one (another window saved
 * first) is refused, nothing changed. Returns the new settings.
 */
export async function saveSettings(
  tx: Tx,
  userId: string,
  input: SettingsInput,
): Promise<NotificationSettings> {
  const unknown = input.emailKinds.filter((k) => !isNotificationKind(k));
  if (unknown.length)
    throw new Invalid('The notification settings are not valid', [
      { field: 'emailKinds', message: 'Choose only the kinds of notification listed' },
    ]);
  const emailKinds = KIND_LIST.filter((k) => input.emailKinds.includes(k));
  const stale = () =>
    new Conflict(
      'Your notification settings were changed since this page was shown',
      'They were saved in another window or by another program. Nothing was changed: look at them again and save.',
      [
        {
          field: 'emailKinds',
          message: 'Your settings were changed since this page was shown: check them and save again',
        },
      ],
    );
  if (input.version === 0) {
    const r = await tx
      .insertInto('notification_setting')
      .values({
        user_id: userId,
        email_kinds: emailKinds,
        daily_digest: input.dailyDigest,
        updated_at: new Date(),
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) throw stale();
  } else {
    const r = await tx
      .updateTable('notification_setting')
      .set({
        email_kinds: emailKinds,
        daily_digest: input.dailyDigest,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('user_id', '=', userId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw stale();
  }
  return getSettings(tx, userId);
}

/** The user's own e-mails: how many are waiting, sent and failed for good (row-level security: theirs only). */
export async function outboxSummary(
  tx: Tx,
  userId: string,
): Promise<{ pending: number; sent: number; dead: number }> {
  const rows = await tx
    .selectFrom('notification_outbox')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .where('user_id', '=', userId)
    .groupBy('state')
    .execute();
  const of = (s: string) => rows.filter((r) => r.state === s).reduce((a, r) => a + r.n, 0);
  return { pending: of('pending') + of('sending'), sent: of('sent'), dead: of('dead') };
}
