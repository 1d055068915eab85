import { auditCase, requireRead, type CaseAccess } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { openCase } from '../../platform/case-context.js';

/* Every assessment service starts here: the risk compartment of the case, and its audit. */

export type Ctx = { tx: Tx; user: SessionUser; actor: Actor };

export async function riskAccess(ctx: Ctx, caseId: string) {
  const h = await openCase(ctx.tx, ctx.user, caseId);
  requireRead(h.access, 'risk');
  return h;
}

export function audit(
  ctx: Ctx,
  access: CaseAccess,
  action: string,
  recordId?: string,
  details: Record<string, string | number | boolean | null> = {},
) {
  return auditCase(ctx.tx, ctx.actor, access, {
    action: `risk_assessment.${action}`,
    recordType: 'risk_assessment',
    ...(recordId ? { recordId } : {}),
    details,
  });
}
