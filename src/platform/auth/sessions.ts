import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { beginRequestTx, finishRequestTx, withActor, type RequestTx, type Tx } from '../db/request-tx.js';
import type { DB } from '../db/schema.js';

export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  agencyId: string | null;
  siteIds: string[];
  /** an administrator chose their password: they change it before anything else */
  mustChangePassword: boolean;
};

export type Session = {
  idHash: string;
  csrfToken: string;
  mfaVerified: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
  data: Record<string, unknown>;
  user: SessionUser;
  /** for the navigation's "Notifications (N)" */
  unreadNotifications: number;
};

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Row-level security lets a transaction reach only the session or token whose hash it names. */
export async function presentCredential(tx: Tx, hash: string): Promise<void> {
  await sql`select set_config('recolo.credential', ${hash}, true)`.execute(tx);
}

export async function loadUser(tx: Tx, userId: string): Promise<SessionUser | null> {
  const row = await tx
    .selectFrom('app_user as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'u.active',
      'u.must_change_password',
      eb
        .selectFrom('user_site as us')
        .select(sql<string[]>`coalesce(array_agg(us.site_id), '{}')`.as('sites'))
        .whereRef('us.user_id', '=', 'u.id')
        .as('site_ids'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row || !row.active) return null;
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    agencyId: row.agency_id,
    siteIds: row.site_ids ?? [],
    mustChangePassword: row.must_change_password,
  };
}

/** A new session always gets a new id: sign-in and the second factor each rotate it. */
export async function createSession(
  tx: Tx,
  userId: string,
  mfaVerified: boolean,
  maxHours: number,
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await presentCredential(tx, hashToken(token));
  await tx
    .insertInto('session')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      mfa_verified: mfaVerified,
      last_seen_at: new Date(),
      expires_at: new Date(Date.now() + maxHours * 3_600_000),
    })
    .execute();
  return { token, csrfToken };
}

/**
 * The session a cookie names, with its user, in its own short transaction: the credential is
 * presented with the role (one round trip), the session, its user and the user's sites are read
 * in one statement that also makes the transaction read as that user, then the unread
 * notifications are counted. It writes only to touch the session (at most once a minute) or to
 * delete an expired one, so it is normally a read-only transaction (no WAL flush at commit).
 */
export function lookupSession(
  db: Kysely<DB>,
  requestId: string,
  token: string,
  idleMinutes: number,
): Promise<Session | null> {
  const idHash = hashToken(token);
  return withActor(db, { userId: null, requestId, presentHash: idHash }, (tx) =>
    readSession(tx, idHash, idleMinutes),
  );
}

/**
 * As lookupSession, but in a request transaction left open for the request's first unit of work
 * (beginRequestTx): the session lookup and the page's reads are one transaction. The caller
 * finishes the transaction; if the lookup fails it is rolled back here.
 */
export async function openSessionTx(
  db: Kysely<DB>,
  requestId: string,
  token: string,
  idleMinutes: number,
): Promise<{ open: RequestTx; session: Session | null }> {
  const idHash = hashToken(token);
  const open = await beginRequestTx(db, { userId: null, requestId, presentHash: idHash });
  try {
    return { open, session: await readSession(open.tx, idHash, idleMinutes) };
  } catch (error) {
    await finishRequestTx(open, 'rollback');
    throw error;
  }
}

async function readSession(tx: Tx, idHash: string, idleMinutes: number): Promise<Session | null> {
  const found = await sql<{
    user_id: string;
    csrf_token: string;
    mfa_verified: boolean;
    last_seen_at: Date;
    expires_at: Date;
    data: Record<string, unknown>;
    email: string | null;
    display_name: string | null;
    role: string | null;
    agency_id: string | null;
    must_change_password: boolean | null;
    site_ids: string[] | null;
    acting: string | null;
  }>`
    select s.user_id, s.csrf_token, s.mfa_verified, s.last_seen_at, s.expires_at, s.data,
           u.email, u.display_name, u.role, u.agency_id, u.must_change_password,
           (select coalesce(array_agg(us.site_id), '{}') from user_site us where us.user_id = u.id) as site_ids,
           -- the session proves who this is: from here the transaction reads as them, if it is live
           case when u.active and s.expires_at >= now() and s.last_seen_at + make_interval(mins => ${idleMinutes}) >= now()
                then set_config('recolo.user_id', u.id::text, true) end as acting
      from "session" s
      left join app_user u on u.id = s.user_id
     where s.id_hash = ${idHash}`.execute(tx);
  const row = found.rows[0];
  if (!row) return null;
  const now = Date.now();
  if (row.expires_at.getTime() < now || row.last_seen_at.getTime() + idleMinutes * 60_000 < now) {
    await tx.deleteFrom('session').where('id_hash', '=', idHash).execute();
    return null;
  }
  if (row.acting === null || !row.email || !row.role) return null;
  const user: SessionUser = {
    id: row.user_id,
    email: row.email,
    displayName: row.display_name ?? '',
    role: row.role,
    agencyId: row.agency_id,
    siteIds: row.site_ids ?? [],
    mustChangePassword: row.must_change_password ?? false,
  };
  // touching at most once a minute keeps reads cheap
  if (now - row.last_seen_at.getTime() > 60_000) {
    await tx.updateTable('session').set({ last_seen_at: new Date() }).where('id_hash', '=', idHash).execute();
  }
  const unread = await sql<{ n: number }>`
    select count(*)::int as n from notification where user_id = ${user.id} and read_at is null`.execute(tx);
  return {
    idHash,
    csrfToken: row.csrf_token,
    mfaVerified: row.mfa_verified,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    data: row.data,
    user,
    unreadNotifications: unread.rows[0]?.n ?? 0,
  };
}

export async function saveSessionData(tx: Tx, idHash: string, data: Record<string, unknown>): Promise<void> {
  await presentCredential(tx, idHash);
  await tx
    .updateTable('session')
    .set({ data: JSON.stringify(data) })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function destroySession(tx: Tx, idHash: string): Promise<void> {
  await presentCredential(tx, idHash);
  await tx.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function purgeExpiredSessions(tx: Tx, idleMinutes: number): Promise<number> {
  const result = await tx
    .deleteFrom('session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', new Date()),
        eb('last_seen_at', '<', sql<Date>`now() - make_interval(mins => ${idleMinutes})`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
