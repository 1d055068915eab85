import type { CaseRow } from '../../platform/case-context.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { todayInLondon } from '../../platform/time.js';
import { labels } from '../../platform/views/labels.js';
import { updateInvestigationStatus } from '../cases/public.js';
import { insertInvestigationEvent, latestEffectiveOn } from './repository.js';
import { investigationChangeProblems, type InvestigationStatus } from './rules.js';
import type { InvestigationInput } from './schemas.js';

/**
 * Records a change in the police investigation (of the case `c` as the request opened it) as a dated event and makes it the case's current
 * investigation status, in the request's transaction. The caller has checked core write access.
 * Throws Invalid (field errors: to, effectiveOn) when the change breaks a rule (rules.ts), and
 * Conflict when the case changed since the form was opened (its version), showing what it is now.
 * Returns the new event's id.
 */
export async function recordInvestigationChange(
  tx: Tx,
  c: CaseRow,
  user: SessionUser,
  input: InvestigationInput,
): Promise<string> {
  const caseId = c.id;
  const from = c.investigation_status as InvestigationStatus;
  if (c.version !== input.version) {
    const now = labels.investigation[from];
    throw new Conflict(
      'The case was changed by someone else',
      `Since you opened this page the case was updated: the investigation status is now “${now}”. Check the history and record the change again if it is still needed.`,
      [
        {
          field: 'to',
          message: `Someone else changed this case while you were recording: the investigation status is now “${now}”. Check and try again`,
        },
      ],
    );
  }
  const problems = investigationChangeProblems({
    from,
    to: input.to,
    effectiveOn: input.effectiveOn,
    referredOn: todayInLondon(c.created_at),
    latestEffectiveOn: await latestEffectiveOn(tx, caseId),
  });
  if (problems.length) throw new Invalid('The change cannot be recorded', problems);
  if (!(await updateInvestigationStatus(tx, caseId, input.version, input.to))) {
    throw new Conflict('The case was changed by someone else', 'Reload the case and try again.');
  }
  return insertInvestigationEvent(tx, {
    caseId,
    from,
    to: input.to,
    effectiveOn: input.effectiveOn,
    reason: input.reason,
    by: user.id,
  });
}
