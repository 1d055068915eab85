import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, Invalid } from '../../platform/errors.js';
import { addTeamMember, insertStatusEvent } from '../cases/public.js';
import { KIND, notify, siteCoordinatorIds } from '../notifications/public.js';
import {
  insertPerson,
  notifyUnseenMatches,
  unseenIdentifierMatch,
  type PossibleMatch,
} from '../people/public.js';
import { possibleDuplicates } from '../people/service.js';
import * as repo from './repository.js';
import { eligibilityFieldErrors } from './rules.js';
import type { ReferralInput } from './schemas.js';
import { can } from '../../platform/access/policy.js';

export function mayRefer(user: SessionUser): boolean {
  return can(user, 'refer') && user.siteIds.length > 0;
}

export async function journeyOptions(tx: Tx, user: SessionUser) {
  const [sites, agencies] = await Promise.all([
    repo.sitesForUser(tx, user.siteIds),
    repo.agenciesAtSites(tx, user.siteIds),
  ]);
  return { sites, agencies };
}

export class PossibleDuplicates extends Conflict {
  constructor(readonly matches: PossibleMatch[]) {
    super(
      'Possible existing person',
      'People like this one are already recorded. Say which one this is, or confirm a new person.',
      // on the check page, against the choice of person (the API answers with possibleMatches)
      { subject: 'Say whether this is one of the people already recorded, or a new person' },
    );
  }
}

/**
 * Whether the person about to be referred has the PNC ID or NHS number of someone on a case the
 * user cannot see. Only yes or no: the check page says a coordinator will be asked to check, and
 * nothing about the other case. Each "yes" is audited, since it says something about a case the
 * user may not see.
 */
export async function unseenPossibleMatch(
  tx: Tx,
  actor: Actor,
  person: { pncId: string | null; nhsNumber: string | null },
): Promise<boolean> {
  const found = await unseenIdentifierMatch(tx, person);
  if (found) {
    await recordAudit(tx, actor, {
      action: 'person.unseen_match_shown',
      reason: 'possible duplicate on a case the referrer cannot see',
      details: { nhsNumber: Boolean(person.nhsNumber), pncId: Boolean(person.pncId) },
    });
  }
  return found;
}

/**
 * Records a referral: the person (new or an existing one the user chose), the case at `referred`,
 * the referral, offences, victims, the referrer on the case team, the first status event and the
 * audit event, all in the caller's one transaction. A new person who shares a PNC ID or NHS number
 * with someone on a case the referrer cannot see is reported to that case's site coordinators
 * (unseenPossibleMatch in the answer: the referrer learns only that a coordinator will check).
 */
export async function createReferral(tx: Tx, user: SessionUser, actor: Actor, input: ReferralInput) {
  if (!mayRefer(user)) throw new Forbidden('Your role cannot refer cases');
  const { sites, agencies } = await journeyOptions(tx, user);
  const site = sites.find((s) => s.id === input.siteId);
  if (!site)
    throw new Invalid('The referral is not valid', [
      { field: 'siteId', message: 'Select one of your sites' },
    ]);
  if (!agencies.some((a) => a.id === input.referringAgencyId && a.site_id === site.id)) {
    throw new Invalid('The referral is not valid', [
      { field: 'referringAgencyId', message: 'Select an agency at the chosen site' },
    ]);
  }
  const eligibility = eligibilityFieldErrors({
    dateOfBirth: input.person.dateOfBirth,
    isAdult: input.isAdult,
    livesInArea: input.livesInArea,
    investigationStatus: input.investigationStatus,
  });
  if (eligibility.length) {
    throw new Invalid('The person is not eligible for the programme', eligibility, {
      detail: eligibility.map((e) => e.message).join('. '),
    });
  }

  let subjectId: string;
  if (input.existingPersonId) {
    const existing = await repo.visiblePerson(tx, input.existingPersonId);
    if (!existing)
      throw new Invalid('The referral is not valid', [
        { field: 'existingPersonId', message: 'Choose one of the people shown' },
      ]);
    subjectId = existing.id;
  } else {
    if (!input.confirmNewPerson) {
      const matches = await possibleDuplicates(tx, input.person);
      if (matches.length) throw new PossibleDuplicates(matches);
    }
    subjectId = randomUUID();
    await insertPerson(tx, { id: subjectId, ...input.person, createdBy: user.id });
  }

  const caseId = randomUUID();
  const reference = await repo.nextReference(tx, site.id, site.code);
  await repo.insertCase(tx, {
    id: caseId,
    reference,
    siteId: site.id,
    subjectId,
    investigationStatus: input.investigationStatus,
    createdBy: user.id,
  });
  // the referrer joins the team first: everything else on the case is written as a team member
  await addTeamMember(tx, caseId, user.id, user.id);
  await repo.insertReferral(tx, {
    caseId,
    agencyId: input.referringAgencyId,
    referrerName: input.referrerName,
    referrerUserId: user.id,
    reason: input.reason,
    consent: input.consent,
    consentNotes: input.consentNotes,
    isAdult: input.isAdult,
    livesInArea: input.livesInArea,
  });
  await repo.insertOffences(tx, caseId, input.offences);
  for (const v of input.victims) {
    const victimId = randomUUID();
    await insertPerson(tx, {
      id: victimId,
      givenName: v.givenName,
      familyName: v.familyName,
      aliases: [],
      dateOfBirth: null,
      pncId: null,
      nhsNumber: null,
      probationRef: null,
      createdBy: user.id,
    });
    await repo.linkVictim(tx, caseId, victimId, v.relationship);
  }
  await insertStatusEvent(tx, {
    caseId,
    from: null,
    to: 'referred',
    mode: null,
    reason: 'Referral received',
    by: user.id,
  });
  await recordAudit(tx, actor, {
    action: 'case.created',
    reason: 'referral',
    caseId,
    recordType: 'case',
    recordId: caseId,
    details: {
      victims: input.victims.length,
      offences: input.offences.length,
      existingPerson: Boolean(input.existingPersonId),
    },
  });
  // the site's coordinators hear of the new referral (in-app, and by e-mail if they chose it)
  const coordinators = (await siteCoordinatorIds(tx, caseId)).filter((id) => id !== user.id);
  await notify(
    tx,
    coordinators.map((userId) => ({
      userId,
      caseId,
      kind: KIND.newReferral,
      message: `A new referral at ${site.name}: case ${reference} is waiting for screening.`,
      link: `/cases/${caseId}`,
    })),
  );
  // a person recorded anew may be on a case the referrer cannot see: its coordinators are told
  const unseenPossibleMatch = input.existingPersonId ? false : await notifyUnseenMatches(tx, caseId);
  if (unseenPossibleMatch) {
    await recordAudit(tx, actor, {
      action: 'person.unseen_match_reported',
      reason: 'possible duplicate on a case the referrer cannot see',
      caseId,
      recordType: 'case',
      recordId: caseId,
      details: { coordinatorsTold: true },
    });
  }
  return { caseId, reference, unseenPossibleMatch };
}
