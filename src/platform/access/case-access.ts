import { sql } from 'kysely';
import { recordAudit, type AuditEntry } from '../audit/record.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { Forbidden, NotFound } from '../errors.js';
import { COMPARTMENTS, type Access, type Compartment } from './policy.js';
import { can } from './policy.js';

/**
 * A 404 given because the user may not see the case (or this compartment of it), not because it
 * is not there: the answer is the same, but it is recorded as a security event (refusals.ts).
 */
export class AccessRefused extends NotFound {
  constructor(
    readonly caseId: string,
    readonly compartment: Compartment,
  ) {
    super();
  }
}

export type AccessBasis = 'case team' | 'site coordinator' | 'break-glass';

export type CaseAccess = {
  caseId: string;
  basis: AccessBasis;
  breakGlass: { expiresAt: Date; reason: string } | null;
  levels: Record<Compartment, Access>;
};

/**
 * What this user may do with each compartment of a case, and why, asked of the same database
 * functions that row-level security uses, so the page's answer and the backstop never disagree.
 * A case whose core compartment the user cannot read does not exist for them: 404.
 */
export async function caseAccess(tx: Tx, user: SessionUser, caseId: string): Promise<CaseAccess> {
  const rows = await sql<{ compartment: Compartment; access: Access }>`
    select c as compartment, recolo_private.case_access(${caseId}::uuid, c) as access
      from unnest(${sql.val([...COMPARTMENTS])}::text[]) as c`.execute(tx);
  const levels = Object.fromEntries(rows.rows.map((r) => [r.compartment, r.access])) as Record<
    Compartment,
    Access
  >;
  if (levels.core === 'none') throw new AccessRefused(caseId, 'core');
  const onTeam = await tx
    .selectFrom('case_team')
    .select('user_id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  let basis: AccessBasis = onTeam ? 'case team' : 'site coordinator';
  let breakGlass: CaseAccess['breakGlass'] = null;
  if (!onTeam && !can(user, 'coordinate_site')) {
    const grant = await tx
      .selectFrom('break_glass_grant')
      .select(['expires_at', 'reason_code'])
      .where('case_id', '=', caseId)
      .where('user_id', '=', user.id)
      .where('expires_at', '>', new Date())
      .orderBy('expires_at', 'desc')
      .executeTakeFirst();
    if (!grant) throw new AccessRefused(caseId, 'core');
    basis = 'break-glass';
    breakGlass = { expiresAt: grant.expires_at as Date, reason: grant.reason_code };
  }
  return { caseId, basis, breakGlass, levels };
}

export const canRead = (a: CaseAccess, c: Compartment): boolean => a.levels[c] !== 'none';

/** A compartment the user may not read is, for them, not there at all. */
export function requireRead(a: CaseAccess, c: Compartment): void {
  if (!canRead(a, c)) throw new AccessRefused(a.caseId, c);
}

export function requireWrite(a: CaseAccess, c: Compartment, what: string): void {
  requireRead(a, c);
  if (a.levels[c] !== 'write') {
    throw new Forbidden(
      `You cannot ${what}`,
      a.basis === 'break-glass'
        ? 'Break-glass access is read-only.'
        : 'Your role can read this but not change it.',
    );
  }
}

/** Every view or change of case data: the reason is the basis of access, break-glass flagged. */
export function auditCase(
  tx: Tx,
  actor: Actor,
  access: CaseAccess,
  entry: Omit<AuditEntry, 'reason' | 'caseId' | 'breakGlass'>,
) {
  return recordAudit(tx, actor, {
    ...entry,
    caseId: access.caseId,
    reason:
      access.basis === 'break-glass' && access.breakGlass
        ? `break-glass: ${access.breakGlass.reason}`
        : access.basis,
    breakGlass: access.basis === 'break-glass',
  });
}
