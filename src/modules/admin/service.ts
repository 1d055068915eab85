import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/record.js';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { type Role } from '../../platform/auth/users.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, NotFound, type FieldError } from '../../platform/errors.js';
import * as repo from './repository.js';
import { AGENCY_KIND_OF_ROLE, AGENCY_KIND_WORDS } from './words.js';
import { invalid, REASON } from './site-rules.js';

// the access policy's service is in site-rules.ts; callers use both through this module
export * from './site-rules.js';

export const DUPLICATE_EMAIL = 'A user with this email address already exists';

const unique = (ids: readonly string[]) => [...new Set(ids)];

// Users ------------------------------------------------------------------------------------------

export async function usersPage(tx: Tx, siteId?: string) {
  const sites = await repo.listSites(tx);
  const filter = siteId && sites.some((s) => s.id === siteId) ? siteId : undefined;
  const users = await repo.listUsers(tx, filter);
  return { users, sites, siteId: filter };
}

export async function userFormData(tx: Tx) {
  const [sites, agencies] = await Promise.all([repo.listSites(tx), repo.listAgencies(tx)]);
  return { sites, agencies };
}

/** Does the agency and set of sites suit the role? Field errors, or none. */
async function placementProblems(
  tx: Tx,
  role: Role,
  agencyId: string | null,
  siteIds: string[],
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const kind = AGENCY_KIND_OF_ROLE[role];
  const sites = await repo.sitesByIds(tx, siteIds);
  if (sites.length !== siteIds.length)
    errors.push({ field: 'siteIds', message: 'Choose sites from the list' });
  else if (!siteIds.length && kind) errors.push({ field: 'siteIds', message: 'Choose at least one site' });
  if (agencyId) {
    const agency = await repo.findAgency(tx, agencyId);
    if (!agency) errors.push({ field: 'agencyId', message: 'Choose an agency from the list' });
    else if (!siteIds.includes(agency.site_id)) {
      errors.push({ field: 'agencyId', message: 'Choose an agency at one of the chosen sites' });
    } else if (kind && agency.kind !== kind) {
      errors.push({ field: 'agencyId', message: `Choose ${AGENCY_KIND_WORDS[kind]} agency for this role` });
    }
  } else if (kind) {
    errors.push({
      field: 'agencyId',
      message: `Choose the person’s agency: ${AGENCY_KIND_WORDS[kind]} agency at one of the chosen sites`,
    });
  }
  return errors;
}

export type NewUserInput = {
  email: string;
  name: string;
  role: Role;
  agencyId: string | null;
  siteIds: string[];
  temporaryPassword: string;
};

/**
 * Creates a user who signs in with the temporary password and then enrols their authenticator
 * app (no second factor yet). Every check comes before the first write, so a refusal leaves the
 * transaction usable for showing the form again.
 */
export async function createUser(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  input: NewUserInput,
): Promise<string> {
  const email = input.email.trim().toLowerCase();
  const siteIds = unique(input.siteIds);
  const errors = await placementProblems(tx, input.role, input.agencyId, siteIds);
  if (await repo.emailTaken(tx, email)) errors.unshift({ field: 'email', message: DUPLICATE_EMAIL });
  // the same policy on every path (page and API), with the person's own details as guesses
  const weak = passwordProblem(input.temporaryPassword, [email, input.name]);
  if (weak) errors.push({ field: 'temporaryPassword', message: weak });
  if (errors.length) throw invalid('The user could not be created', errors);

  const passwordHash = await hashPassword(input.temporaryPassword);
  // someone may create the same email between the check and the insert: a savepoint keeps the
  // transaction alive through the unique violation, so the answer is the same field error
  await sql`savepoint admin_create_user`.execute(tx);
  let id: string;
  try {
    id = await repo.insertUser(tx, {
      email,
      displayName: input.name.trim(),
      role: input.role,
      agencyId: input.agencyId,
      passwordHash,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint admin_create_user`.execute(tx);
    throw invalid('The user could not be created', [{ field: 'email', message: DUPLICATE_EMAIL }]);
  }
  await sql`release savepoint admin_create_user`.execute(tx);
  await repo.addUserSites(tx, id, siteIds);
  await recordAudit(tx, actor, {
    action: 'admin.user_created',
    reason: REASON,
    recordType: 'user',
    recordId: id,
    details: { role: input.role, agencyId: input.agencyId, siteIds: siteIds.join(',') },
  });
  return id;
}

async function existingUser(tx: Tx, userId: string) {
  const user = await repo.findUser(tx, userId);
  if (!user) throw new NotFound();
  return user;
}

export async function userById(tx: Tx, admin: SessionUser, userId: string) {
  return existingUser(tx, userId);
}

export async function userSitesPage(tx: Tx, admin: SessionUser, userId: string) {
  const user = await existingUser(tx, userId);
  return { user, ...(await userFormData(tx)) };
}

/** Replaces the user's sites (and agency, which must be at one of them). */
export async function changeUserSites(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  userId: string,
  input: { agencyId: string | null; siteIds: string[] },
) {
  const user = await existingUser(tx, userId);
  const siteIds = unique(input.siteIds);
  const errors = await placementProblems(tx, user.role as Role, input.agencyId, siteIds);
  if (errors.length) throw invalid('The sites could not be changed', errors);
  const before = user.sites.map((s) => s.id);
  const added = siteIds.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !siteIds.includes(id));
  const agencyChanged = input.agencyId !== user.agency_id;
  if (!added.length && !removed.length && !agencyChanged) return;
  await repo.removeUserSites(tx, userId, removed);
  await repo.addUserSites(tx, userId, added);
  if (agencyChanged) await repo.setAgency(tx, userId, input.agencyId);
  await recordAudit(tx, actor, {
    action: 'admin.user_sites_changed',
    reason: REASON,
    recordType: 'user',
    recordId: userId,
    details: {
      added: added.join(','),
      removed: removed.join(','),
      agencyChanged,
      agencyId: input.agencyId,
    },
  });
}

export async function setUserActive(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  userId: string,
  active: boolean,
) {
  await existingUser(tx, userId);
  if (!active && userId === admin.id) {
    throw new Conflict('You cannot deactivate your own account', 'Ask another administrator to do it.');
  }
  if (!(await repo.setActive(tx, userId, active))) return; // already so: nothing to record
  const ended = active ? null : await repo.endSessionsAndTokens(tx, userId);
  await recordAudit(tx, actor, {
    action: active ? 'admin.user_reactivated' : 'admin.user_deactivated',
    reason: REASON,
    recordType: 'user',
    recordId: userId,
    details: ended ? { sessionsEnded: ended.sessions, apiTokensRevoked: ended.tokens } : {},
  });
}

export type CredentialReset = 'password' | 'second-factor';

/**
 * An administrator resets a user's password (to a temporary one the user must change at their
 * next sign-in) or their lost second factor (the user sets up their authenticator app again at
 * their next sign-in). Either way the user is signed out everywhere, their API tokens are revoked,
 * and the reset is audited with the administrator's reason. Not for one's own account: that is
 * the change-password page.
 */
export async function resetCredential(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  userId: string,
  input: { kind: CredentialReset; reason: string; temporaryPassword?: string | undefined },
) {
  const user = await existingUser(tx, userId);
  if (userId === admin.id) {
    throw new Conflict(
      'You cannot reset your own account',
      'Change your own password from the link at the top of the page, or ask another administrator.',
    );
  }
  const errors: FieldError[] = [];
  const reason = input.reason.trim();
  if (!reason) errors.push({ field: 'reason', message: 'Enter the reason for the reset' });
  if (input.kind === 'password') {
    const temporary = input.temporaryPassword ?? '';
    const problem = temporary
      ? passwordProblem(temporary, [user.email, user.display_name])
      : 'Enter a temporary password';
    if (problem) errors.push({ field: 'temporaryPassword', message: problem });
  }
  if (errors.length) throw invalid('The reset could not be done', errors);
  if (input.kind === 'password')
    await repo.setTemporaryPassword(tx, userId, await hashPassword(input.temporaryPassword!));
  else await repo.clearSecondFactor(tx, userId);
  const ended = await repo.endSessionsAndTokens(tx, userId);
  await recordAudit(tx, actor, {
    action: input.kind === 'password' ? 'admin.user_password_reset' : 'admin.user_second_factor_reset',
    reason,
    recordType: 'user',
    recordId: userId,
    details: { sessionsEnded: ended.sessions, apiTokensRevoked: ended.tokens },
  });
}
