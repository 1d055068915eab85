import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../platform/db/schema.js';
import type { MailTransport } from '../../platform/mail/transport.js';
import { todayInLondon } from '../../platform/time.js';
import { retryDelaySeconds } from './backoff.js';
import { buildMail } from './message.js';

/** How long a claimed e-mail is left to its sender before another run takes it again. */
export const CLAIM_LEASE_SECONDS = 600;
/** How many e-mails one run claims at most. */
export const DELIVERY_BATCH = 50;

/** What a delivery run did. */
export type DeliveryResult = { sent: number; retrying: number; dead: number };

/** The Message-ID of an outbox row: the same for every attempt, so a repeat is one message. */
export function messageIdOf(deliveryKey: string): string {
  return `<${deliveryKey.replace(/[^A-Za-z0-9.-]/g, '.')}@recolo.invalid>`;
}

type Claimed = {
  id: string;
  user_id: string;
  kind: string;
  counts: Record<string, number> | null;
  delivery_key: string;
  attempts: number;
  created_at: Date;
  email: string | null;
  active: boolean | null;
  reference: string | null;
};

/**
 * Claims the due e-mails: pending ones whose time has come and ones claimed longer than the lease
 * ago (their sender died between sending and marking). Each claim is committed before anything is
 * sent, counts an attempt and is skipped by any other run (FOR UPDATE SKIP LOCKED), so two runs
 * never send the same row at once.
 */
async function claim(db: Kysely<DB>, now: Date, batch: number): Promise<Claimed[]> {
  const staleBefore = new Date(now.getTime() - CLAIM_LEASE_SECONDS * 1000);
  const result = await sql<Claimed>`
    with due as (
      select o.id from notification_outbox o
       where (o.state = 'pending' and o.next_attempt_at <= ${now})
          or (o.state = 'sending' and o.claimed_at < ${staleBefore})
       order by o.next_attempt_at, o.id
       limit ${batch}
       for update skip locked
    ), claimed as (
      update notification_outbox o
         set state = 'sending', attempts = o.attempts + 1, claimed_at = ${now}
        from due where o.id = due.id
      returning o.id, o.user_id, o.notification_id, o.kind, o.counts, o.delivery_key, o.attempts, o.created_at
    )
    select c.id, c.user_id, c.kind, c.counts, c.delivery_key, c.attempts, c.created_at,
           u.email, u.active, k.reference
      from claimed c
      left join app_user u on u.id = c.user_id
      left join notification n on n.id = c.notification_id
      left join cases k on k.id = n.case_id`.execute(db);
  return result.rows;
}

/** Marks one claimed attempt sent; only that attempt (a later claim of the row is left alone). */
async function markSent(db: Kysely<DB>, row: Claimed, now: Date): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({ state: 'sent', sent_at: now, last_error: null })
    .where('id', '=', row.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
}

/** A failed attempt: tried again after the back-off, or dead after the last attempt. */
async function markFailed(
  db: Kysely<DB>,
  row: Claimed,
  now: Date,
  error: string,
): Promise<'retrying' | 'dead'> {
  const delay = retryDelaySeconds(row.attempts);
  await db
    .updateTable('notification_outbox')
    .set({
      state: delay === null ? 'dead' : 'pending',
      next_attempt_at: delay === null ? now : new Date(now.getTime() + delay * 1000),
      claimed_at: null,
      last_error: error.slice(0, 500),
    })
    .where('id', '=', row.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
  return delay === null ? 'dead' : 'retrying';
}

/**
 * THE E-MAIL DELIVERY (a background job, on the owner connection): claims the due outbox rows,
 * builds each e-mail from its kind and case reference only, sends it with its fixed Message-ID,
 * and marks that attempt sent; a failure is tried again after the back-off (backoff.ts) and after
 * the last attempt is dead. A row already sent is never claimed again, so a job run twice (or
 * retried by the worker) sends nothing twice; a sender that dies after sending and before marking
 * leaves its claim, taken again after CLAIM_LEASE_SECONDS with the same Message-ID. An account
 * deactivated since is not written to (dead, with the reason). Never logs addresses.
 */
export async function deliverOutbox(
  db: Kysely<DB>,
  transport: MailTransport,
  options: { now?: Date; batch?: number; logger?: Logger } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const result: DeliveryResult = { sent: 0, retrying: 0, dead: 0 };
  const rows = await claim(db, now, options.batch ?? DELIVERY_BATCH);
  for (const row of rows) {
    if (!row.email || !row.active) {
      await db
        .updateTable('notification_outbox')
        .set({ state: 'dead', claimed_at: null, last_error: 'The account is deactivated: not sent' })
        .where('id', '=', row.id)
        .where('state', '=', 'sending')
        .execute();
      result.dead += 1;
      continue;
    }
    const words = buildMail({
      kind: row.kind,
      caseReference: row.reference,
      counts: row.counts,
      digestDay: row.counts ? (row.delivery_key.split(':')[2] ?? null) : null,
    });
    try {
      await transport.send({ to: row.email, ...words, messageId: messageIdOf(row.delivery_key) });
    } catch (error) {
      const outcome = await markFailed(
        db,
        row,
        now,
        (error as Error).message || 'the mail server refused it',
      );
      result[outcome] += 1;
      options.logger?.warn(
        { job: 'deliver_mail', outbox: row.id, attempt: row.attempts, outcome },
        'an e-mail failed',
      );
      continue;
    }
    await markSent(db, row, now);
    result.sent += 1;
  }
  return result;
}

/**
 * THE DAILY DIGEST (a background job): for each active person who chose it, one outbox row with
 * how many notifications of each kind they had in the London day before `today`, none when they
 * had none. Its delivery key names the person and the day, so running it again adds nothing.
 * Returns how many digests were queued.
 */
export async function queueDigests(db: Kysely<DB>, today: string = todayInLondon()): Promise<number> {
  const result = await sql<{ n: number }>`
    with day as (
      select (${today}::date - 1)::timestamp at time zone 'Europe/London' as starts,
             ${today}::date::timestamp at time zone 'Europe/London' as ends
    ), counts as (
      select n.user_id, jsonb_object_agg(n.kind, n.count) as counts
        from (select x.user_id, x.kind, count(*)::int as count
                from notification x, day
               where x.created_at >= day.starts and x.created_at < day.ends
               group by x.user_id, x.kind) n
       group by n.user_id
    ), queued as (
      insert into notification_outbox (user_id, kind, counts, delivery_key)
      select s.user_id, 'daily_digest', c.counts,
             'digest:' || s.user_id::text || ':' || (${today}::date - 1)::text
        from notification_setting s
        join app_user u on u.id = s.user_id and u.active
        join counts c on c.user_id = s.user_id
       where s.daily_digest
      on conflict (delivery_key) do nothing
      returning 1)
    select count(*)::int as n from queued`.execute(db);
  return result.rows[0]?.n ?? 0;
}
