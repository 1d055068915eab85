import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/**
 * The administrator's reads and writes: users, their sites, and the sites' access rules. Nothing
 * here touches case data. Row-level security lets only an administrator write any of it.
 */

export function listSites(tx: Tx) {
  return tx.selectFrom('site').select(['id', 'code', 'name']).orderBy('name').execute();
}

export function findSite(tx: Tx, id: string) {
  return tx.selectFrom('site').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

export function sitesByIds(tx: Tx, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return tx
    .selectFrom('site')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Every agency with its site, for choosing a user's agency. */
export function listAgencies(tx: Tx) {
  return tx
    .selectFrom('agency as a')
    .innerJoin('site as s', 's.id', 'a.site_id')
    .select(['a.id', 'a.name', 'a.kind', 'a.site_id', 's.name as site_name'])
    .orderBy('s.name')
    .orderBy('a.name')
    .execute();
}

export function findAgency(tx: Tx, id: string) {
  return tx
    .selectFrom('agency')
    .select(['id', 'name', 'kind', 'site_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

function userQuery(tx: Tx) {
  return tx
    .selectFrom('app_user as u')
    .leftJoin('agency as a', 'a.id', 'u.agency_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'a.name as agency_name',
      'u.active',
      'u.created_at',
      sql<boolean>`u.totp_secret is not null`.as('enrolled'),
    ]);
}

async function withSites<T extends { id: string }>(tx: Tx, users: T[]) {
  const out = new Map<string, { id: string; code: string; name: string }[]>();
  if (users.length) {
    const rows = await tx
      .selectFrom('user_site as us')
      .innerJoin('site as s', 's.id', 'us.site_id')
      .select(['us.user_id', 's.id', 's.code', 's.name'])
      .where(
        'us.user_id',
        'in',
        users.map((u) => u.id),
      )
      .orderBy('s.name')
      .execute();
    for (const r of rows) {
      const list = out.get(r.user_id) ?? [];
      list.push({ id: r.id, code: r.code, name: r.name });
      out.set(r.user_id, list);
    }
  }
  return users.map((u) => ({ ...u, sites: out.get(u.id) ?? [] }));
}

export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];

/** Users (optionally only those at one site), each with their agency and sites. */
export async function listUsers(tx: Tx, siteId?: string) {
  let q = userQuery(tx);
  if (siteId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_site as us')
          .select('us.user_id')
          .whereRef('us.user_id', '=', 'u.id')
          .where('us.site_id', '=', siteId),
      ),
    );
  }
  return withSites(tx, await q.orderBy('u.display_name').orderBy('u.email').execute());
}

export async function findUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [user] = await withSites(tx, await userQuery(tx).where('u.id', '=', id).execute());
  return user;
}

export async function emailTaken(tx: Tx, email: string): Promise<boolean> {
  const row = await tx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
  return Boolean(row);
}

export async function insertUser(
  tx: Tx,
  u: { email: string; displayName: string; role: string; agencyId: string | null; passwordHash: string },
): Promise<string> {
  const row = await tx
    .insertInto('app_user')
    .values({
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      agency_id: u.agencyId,
      password_hash: u.passwordHash,
      // the user enrols their authenticator app at their first sign-in, and chooses a password
      // the administrator does not know
      totp_secret: null,
      totp_enrolled_at: null,
      must_change_password: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addUserSites(tx: Tx, userId: string, siteIds: readonly string[]) {
  if (!siteIds.length) return;
  await tx
    .insertInto('user_site')
    .values(siteIds.map((siteId) => ({ user_id: userId, site_id: siteId })))
    .execute();
}

export async function removeUserSites(tx: Tx, userId: string, siteIds: readonly string[]) {
  if (!siteIds.length) return;
  await tx
    .deleteFrom('user_site')
    .where('user_id', '=', userId)
    .where('site_id', 'in', [...siteIds])
    .execute();
}

export async function setAgency(tx: Tx, userId: string, agencyId: string | null) {
  await tx.updateTable('app_user').set({ agency_id: agencyId }).where('id', '=', userId).execute();
}

export async function setActive(tx: Tx, userId: string, active: boolean): Promise<boolean> {
  const r = await tx
    .updateTable('app_user')
    .set({ active })
    .where('id', '=', userId)
    .where('active', '=', !active)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A deactivated user's sessions end and their API tokens stop working for good. */
/** An administrator's temporary password: the user must change it at their next sign-in. */
export async function setTemporaryPassword(tx: Tx, userId: string, passwordHash: string) {
  await tx
    .updateTable('app_user')
    .set({ password_hash: passwordHash, must_change_password: true, failed_attempts: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

/** Forgets the user's second factor: they set up their authenticator app again at next sign-in. */
export async function clearSecondFactor(tx: Tx, userId: string) {
  await tx
    .updateTable('app_user')
    .set({
      totp_secret: null,
      totp_enrolled_at: null,
      totp_last_step: null,
      failed_attempts: 0,
      locked_until: null,
    })
    .where('id', '=', userId)
    .execute();
}

/** Ends every session of the user and revokes their API tokens (administrators only, in SQL). */
export async function endSessionsAndTokens(tx: Tx, userId: string) {
  const r = await sql<{ sessions: number; tokens: number }>`
    select sessions, tokens from recolo_private.end_user_credentials(${userId}::uuid)`.execute(tx);
  return { sessions: Number(r.rows[0]!.sessions), tokens: Number(r.rows[0]!.tokens) };
}

// Site access rules ------------------------------------------------------------------------------

export type SiteRuleRow = Awaited<ReturnType<typeof listSiteRules>>[number];

export function listSiteRules(tx: Tx, siteId?: string) {
  let q = tx
    .selectFrom('site_access_policy as p')
    .innerJoin('app_user as d', 'd.id', 'p.decided_by')
    .leftJoin('app_user as w', 'w.id', 'p.widening_approved_by')
    .select([
      'p.site_id',
      'p.role',
      'p.compartment',
      'p.access',
      'p.reason',
      'p.decided_at',
      'p.decided_by',
      'd.display_name as decided_by_name',
      'p.widening_approved_by',
      'w.display_name as widening_approved_by_name',
    ]);
  if (siteId) q = q.where('p.site_id', '=', siteId);
  return q.orderBy('p.site_id').orderBy('p.role').orderBy('p.compartment').execute();
}

export async function upsertSiteRule(
  tx: Tx,
  r: {
    siteId: string;
    role: string;
    compartment: string;
    access: string;
    reason: string;
    decidedBy: string;
    wideningApprovedBy: string | null;
  },
) {
  await tx
    .insertInto('site_access_policy')
    .values({
      site_id: r.siteId,
      role: r.role,
      compartment: r.compartment,
      access: r.access,
      reason: r.reason,
      decided_by: r.decidedBy,
      widening_approved_by: r.wideningApprovedBy,
      decided_at: sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.columns(['site_id', 'role', 'compartment']).doUpdateSet({
        access: r.access,
        reason: r.reason,
        decided_by: r.decidedBy,
        widening_approved_by: r.wideningApprovedBy,
        decided_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export function findSiteRule(tx: Tx, siteId: string, role: string, compartment: string) {
  return tx
    .selectFrom('site_access_policy')
    .select(['access', 'widening_approved_by'])
    .where('site_id', '=', siteId)
    .where('role', '=', role)
    .where('compartment', '=', compartment)
    .executeTakeFirst();
}

export async function deleteSiteRule(tx: Tx, siteId: string, role: string, compartment: string) {
  const r = await tx
    .deleteFrom('site_access_policy')
    .where('site_id', '=', siteId)
    .where('role', '=', role)
    .where('compartment', '=', compartment)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
