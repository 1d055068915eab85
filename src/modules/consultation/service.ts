import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import { can } from '../../platform/access/policy.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import type { ConsultationInput } from './schemas.js';

/**
 * Consultation: the health team's advice to the agency that asked (for consultation-only cases,
 * and on any case). Core: the whole case team sees it. Only the health team on the case writes it
 * (its role gives interventions and it writes the clinical compartment); the letter is a disclosure.
 */

const mayAdvise = (user: SessionUser, levels: { core: string; clinical: string }) =>
  can(user, 'deliver_interventions') && levels.core === 'write' && levels.clinical === 'write';

export async function consultationPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: string,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const records = await repo.listConsultations(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'consultation.list',
    recordType: 'consultation',
    details: { count: records.length, channel },
  });
  return { h, records, canWrite: mayAdvise(user, h.access.levels) };
}

export async function addConsultation(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: ConsultationInput,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record consultation advice');
  if (!mayAdvise(user, h.access.levels))
    throw new Forbidden(
      'You cannot record consultation advice',
      'Only the health team on the case gives consultation.',
    );
  const id = await repo.insertConsultation(tx, caseId, user.id, input);
  await auditCase(tx, actor, h.access, {
    action: 'consultation.created',
    recordType: 'consultation',
    recordId: id,
    details: { followUp: input.followUpOn !== null },
  });
  return id;
}

/** One consultation's advice letter: for anyone on the team, audited as a disclosure to the agency. */
export async function letter(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  id: string,
  format: 'page' | 'text',
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const c = (await repo.listConsultations(tx, caseId)).find((r) => r.id === id);
  if (!c) throw new NotFound();
  await auditCase(tx, actor, h.access, {
    action: 'consultation.letter.disclosed',
    recordType: 'consultation',
    recordId: id,
    details: { to: c.requesting_agency, format },
  });
  return { h, c };
}
