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
 * What this user may do with each compartment of a case, and why, in one call of the database's
 * `decide_case` (migration 012), which applies the rule row-level security applies, so the page's
 * answer and the backstop never disagree. The decision is kept for the rest of the transaction:
 * the read policies find rows of this case by it instead of checking each row again.
 * A case whose core compartment the user cannot read does not exist for them: 404.
 */
export async function caseAccess(tx: Tx, user: SessionUser, caseId: string): Promise<CaseAccess> {
  const rows = await sql<{
    compartment: Compartment;
    access: Access;
    on_team: boolean;
    grant_expires_at: Date | null;
    grant_reason: string | null;
  }>`select compartment, access, on_team, grant_expires_at, grant_reason
       from recolo_private.decide_case(${caseId}::uuid, ${sql.val([...COMPARTMENTS])}::text[])`.execute(tx);
  const levels = Object.fromEntries(rows.rows.map((r) => [r.compartment, r.access])) as Record<
    Compartment,
    Access
  >;
  if (levels.core === 'none') throw new AccessRefused(caseId, 'core');
  const first = rows.rows[0]!;
  let basis: AccessBasis = first.on_team ? 'case team' : 'site coordinator';
  let breakGlass: CaseAccess['breakGlass'] = null;
  if (!first.on_team && !can(user, 'coordinate_site')) {
    if (!first.grant_expires_at || first.grant_reason === null) throw new AccessRefused(caseId, 'core');
    basis = 'break-glass';
    breakGlass = { expiresAt: first.grant_expires_at, reason: first.grant_reason };
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
