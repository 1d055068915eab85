import { auditCase, requireWrite } from '../../platform/access/case-access.js';
import {
  nothingChanged,
  staleAmendment,
  withdrawnAlready,
  withdrawRecord,
} from '../../platform/corrections/index.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import {
  detailsOfIncident,
  detailsOfInput,
  INCIDENT_FIELD_LABELS,
  incidentChanges,
} from './corrections-rules.js';
import * as repo from './repository.js';
import type { IncidentInput } from './schemas.js';
import { checkInput } from './service.js';

/**
 * Correcting the course of conduct (issue 11): amending an incident with a reason (each amendment
 * kept with what changed), and withdrawing an incident or an evidence file as entered in error.
 * Both need core write on the case; everything is audited, by field names and never values.
 */

type Channel = 'page' | 'api';

async function standingIncident(
  tx: Tx,
  user: SessionUser,
  caseId: string,
  incidentId: string,
  doing: string,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', doing);
  const incident = await repo.getIncident(tx, caseId, incidentId);
  if (!incident) throw new NotFound();
  if (incident.withdrawn) throw withdrawnAlready('incident');
  return { h, incident };
}

/** The correction form: the incident as it stands and the case's victims (core write). */
export async function amendPage(tx: Tx, user: SessionUser, caseId: string, incidentId: string) {
  const { h, incident } = await standingIncident(tx, user, caseId, incidentId, 'correct an incident');
  return { h, incident, victims: await repo.caseVictims(tx, caseId) };
}

/**
 * Corrects an incident: every detail as it should now be, the reason, and the version read.
 * Throws Conflict (naming the fields changed since) when it was amended after `version`, or when
 * it was withdrawn; Invalid when nothing changes or the victim is not on the case. Returns the
 * amendment's id.
 */
export async function amendIncident(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; incidentId: string },
  input: { incident: IncidentInput; reason: string; version: number },
  channel: Channel,
): Promise<string> {
  const { caseId, incidentId } = target;
  const { h, incident } = await standingIncident(tx, user, caseId, incidentId, 'correct an incident');
  if (incident.version !== input.version) {
    const since = (await repo.listIncidentAmendments(tx, caseId, incidentId)).filter(
      (a) => a.version_after > input.version,
    );
    throw staleAmendment(since, INCIDENT_FIELD_LABELS, { record: 'incident', field: 'reason' });
  }
  const problems = await checkInput(tx, caseId, input.incident);
  if (problems.length) throw new Invalid('The incident is not valid', problems);
  const next = detailsOfInput(input.incident);
  const changes = incidentChanges(detailsOfIncident(incident), next);
  if (!Object.keys(changes).length) throw nothingChanged('description', 'incident');
  const updated = await repo.updateIncident(tx, incidentId, input.version, {
    occurredFrom: new Date(next.occurredFrom),
    occurredTo: next.occurredTo ? new Date(next.occurredTo) : null,
    approximate: next.approximate,
    behaviours: next.behaviours,
    reportedBy: next.reportedBy,
    caseVictimId: next.caseVictimId,
    description: next.description,
  });
  if (!updated)
    throw new Conflict('The incident was changed by someone else', 'Reload the page and try again.');
  const id = await repo.insertIncidentAmendment(tx, {
    caseId,
    incidentId,
    versionAfter: input.version + 1,
    changes,
    reason: input.reason,
    by: user.id,
  });
  await auditCase(tx, actor, h.access, {
    action: 'incident.amended',
    recordType: 'incident',
    recordId: incidentId,
    details: { fields: Object.keys(changes).join(','), channel },
  });
  return id;
}

/** The confirmation page before withdrawing an incident (core write; not already withdrawn). */
export async function withdrawIncidentPage(tx: Tx, user: SessionUser, caseId: string, incidentId: string) {
  return standingIncident(tx, user, caseId, incidentId, 'withdraw an incident');
}

/**
 * Withdraws an incident as entered in error, with the reason: it leaves the lists and the timeline
 * and stays, marked, on its own page with its history. Conflict when already withdrawn.
 */
export function withdrawIncident(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; incidentId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  const record = { table: 'incident', compartment: 'core', what: 'incident' } as const;
  return withdrawRecord(
    tx,
    user,
    actor,
    { ...record, caseId: target.caseId, id: target.incidentId },
    reason,
    channel,
  );
}

async function standingEvidence(
  tx: Tx,
  user: SessionUser,
  target: { caseId: string; incidentId: string; fileId: string },
) {
  const h = await openCase(tx, user, target.caseId);
  requireWrite(h.access, 'core', 'withdraw an evidence file');
  const file = await repo.getEvidence(tx, target.caseId, target.incidentId, target.fileId);
  if (!file) throw new NotFound();
  if (file.withdrawn) throw withdrawnAlready('evidence file');
  return { h, file };
}

/** The confirmation page before withdrawing an evidence file (core write; not already withdrawn). */
export async function withdrawEvidencePage(
  tx: Tx,
  user: SessionUser,
  target: { caseId: string; incidentId: string; fileId: string },
) {
  return standingEvidence(tx, user, target);
}

/**
 * Withdraws an evidence file as entered in error, with the reason. Its name, size and SHA-256 stay
 * on the incident, marked; it is no longer served; its content leaves the store only under the
 * retention rules, never at this request. Conflict when already withdrawn.
 */
export async function withdrawEvidence(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; incidentId: string; fileId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  const { h, file } = await standingEvidence(tx, user, target);
  if (!(await repo.withdrawEvidence(tx, file.id, user.id, reason))) throw withdrawnAlready('evidence file');
  await auditCase(tx, actor, h.access, {
    action: 'evidence.withdrawn',
    recordType: 'evidence_file',
    recordId: file.id,
    details: { incidentId: target.incidentId, sha256: file.sha256, channel },
  });
}
