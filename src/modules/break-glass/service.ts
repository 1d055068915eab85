import { caseAccess } from '../../platform/access/case-access.js';
import { BREAK_GLASS_HOURS, breakGlassAccess, can, COMPARTMENTS } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { Role } from '../../platform/auth/users.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import type { BreakGlassInput } from './schemas.js';

export function mayBreakGlass(user: SessionUser): boolean {
  return (
    COMPARTMENTS.some((c) => breakGlassAccess(user.role as Role, c) !== 'none') &&
    !can(user, 'coordinate_site')
  );
}

/**
 * Opens a case the user is not on the team of: read-only, for BREAK_GLASS_HOURS, only at their own
 * sites, recorded, and on the coordinator's review list until reviewed.
 */
export async function requestBreakGlass(tx: Tx, user: SessionUser, actor: Actor, input: BreakGlassInput) {
  if (!mayBreakGlass(user)) throw new Forbidden('Your role cannot use break-glass access');
  const caseId = await repo.caseIdAtMySites(tx, input.reference);
  if (!caseId) {
    throw new Invalid('No case with that reference', [
      { field: 'reference', message: 'There is no case with that reference at your sites' },
    ]);
  }
  const existing = await caseAccess(tx, user, caseId).catch((error: unknown) => {
    if (error instanceof NotFound) return null;
    throw error;
  });
  if (existing && existing.basis !== 'break-glass') return { caseId, expiresAt: null };
  const expiresAt = new Date(Date.now() + BREAK_GLASS_HOURS * 3_600_000);
  const grantId = await repo.insertGrant(tx, {
    caseId,
    userId: user.id,
    reasonCode: input.reasonCode,
    reasonText: input.reasonText,
    expiresAt,
  });
  await recordAudit(tx, actor, {
    action: 'break_glass.granted',
    reason: `break-glass: ${input.reasonCode}`,
    caseId,
    recordType: 'break_glass_grant',
    recordId: grantId,
    breakGlass: true,
    details: { hours: BREAK_GLASS_HOURS },
  });
  return { caseId, expiresAt };
}

export async function reviewList(tx: Tx, user: SessionUser, actor: Actor) {
  const grants = await repo.listGrants(tx);
  await recordAudit(tx, actor, {
    action: 'break_glass.review_list',
    reason: can(user, 'coordinate_site') ? 'site coordinator review' : 'own break-glass history',
    details: { shown: grants.length },
  });
  return grants;
}

export async function review(tx: Tx, user: SessionUser, actor: Actor, grantId: string, note: string) {
  if (!can(user, 'coordinate_site')) throw new NotFound();
  if (!(await repo.markReviewed(tx, grantId, user.id, note))) throw new NotFound();
  await recordAudit(tx, actor, {
    action: 'break_glass.reviewed',
    reason: 'site coordinator review',
    recordType: 'break_glass_grant',
    recordId: grantId,
  });
}
