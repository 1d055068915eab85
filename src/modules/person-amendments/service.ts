import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { staleAmendment } from '../../platform/amendments.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { foldName } from '../../platform/names.js';
import * as repo from './repository.js';
import { detailsOf, FIELD_LABELS, personChanges, type PersonDetails } from './rules.js';
import type { AmendPersonInput } from './schemas.js';

/** Whose details: the person referred (no victim), or a victim on the case by their case_victim id. */
export type Whose = { caseVictimId?: string };

const personOf = (tx: Tx, caseId: string, whose: Whose) =>
  whose.caseVictimId ? repo.victimPersonOf(tx, caseId, whose.caseVictimId) : repo.subjectOf(tx, caseId);

/**
 * The person referred (or a victim on the case), their version and the history of corrections made
 * to them on this case (core read).
 */
export async function personPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, whose: Whose = {}) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const subject = await personOf(tx, caseId, whose);
  if (!subject) throw new NotFound();
  const history = await repo.listAmendments(tx, caseId, subject.id);
  await auditCase(tx, actor, h.access, {
    action: 'person_amendment.list',
    recordType: 'person',
    recordId: subject.id,
    details: { count: history.length },
  });
  return { h, subject, history, canWrite: h.access.levels.core === 'write' };
}

/**
 * Corrects the person referred on a case (or a victim on it, `whose`): the details as they should
 * now be, with the reason.
 * Needs core write on the case. Throws Invalid when nothing changes, and Conflict (with the fields
 * changed since) when the person was amended after `version` was read. Returns the amendment's id.
 * Identifiers arrive canonical (referrals' person schema: PNC `24/127968K`, NHS 10 digits).
 */
export async function amendPerson(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: AmendPersonInput,
  whose: Whose = {},
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(
    h.access,
    'core',
    whose.caseVictimId ? 'correct a victim’s details' : 'correct the details of the person referred',
  );
  const subject = await personOf(tx, caseId, whose);
  if (!subject) throw new NotFound();
  if (subject.version !== input.version) {
    const since = (await repo.listAmendments(tx, caseId, subject.id)).filter(
      (a) => a.version_after > input.version,
    );
    throw staleAmendment(since, FIELD_LABELS, { record: 'details', field: 'reason', plural: true });
  }
  const next: PersonDetails = {
    givenName: input.givenName,
    familyName: input.familyName,
    aliases: input.aliases,
    dateOfBirth: input.dateOfBirth,
    pncId: input.pncId,
    nhsNumber: input.nhsNumber,
    probationRef: input.probationRef,
  };
  const changes = personChanges(detailsOf(subject), next);
  if (!Object.keys(changes).length)
    throw new Invalid('Nothing was changed', [
      { field: 'givenName', message: 'Change at least one detail, or go back to the case' },
    ]);
  const updated = await repo.updatePerson(tx, subject.id, input.version, {
    given_name: next.givenName,
    family_name: next.familyName,
    aliases: next.aliases,
    date_of_birth: next.dateOfBirth,
    pnc_id: next.pncId,
    nhs_number: next.nhsNumber,
    probation_ref: next.probationRef,
    search_name: foldName(`${next.givenName} ${next.familyName}`),
  });
  if (!updated)
    throw new Conflict('The details were changed by someone else', 'Reload the page and try again.');
  const id = await repo.insertAmendment(tx, {
    caseId,
    personId: subject.id,
    versionAfter: input.version + 1,
    changes,
    reason: input.reason,
    by: user.id,
  });
  // which fields, never their values: the audit log holds no personal data of its own
  await auditCase(tx, actor, h.access, {
    action: 'person.amended',
    recordType: 'person',
    recordId: subject.id,
    details: { fields: Object.keys(changes).join(',') },
  });
  return id;
}
