import { randomUUID } from 'node:crypto';
import { auditCase, canRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { decryptJson, DecryptionError, encryptJson } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { victimContactContext } from '../../platform/crypto/contexts.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Fault, Invalid, NotFound } from '../../platform/errors.js';
import { openCase } from '../../platform/case-context.js';
import { insertPerson, searchPeople } from '../people/public.js';
import { visiblePerson } from '../referrals/public.js';
import { withdrawalOf, withdrawnAlready } from '../../platform/corrections/index.js';
import { amendContact, contactAmendments } from './contact-corrections.js';
import * as repo from './repository.js';
import { EMPTY_CONTACT, type AddVictimInput, type ContactDetails, type ContactInput } from './schemas.js';

export function openContact(keyring: Keyring, row: repo.ContactRow): ContactDetails & { version: number } {
  try {
    const details = decryptJson<ContactDetails>(keyring, victimContactContext(row), {
      keyId: row.key_id,
      wrappedKey: row.wrapped_key,
      ciphertext: row.ciphertext,
    });
    // rows written before safe-contact preferences existed: missing fields read as empty
    return { ...EMPTY_CONTACT, ...details, version: row.version };
  } catch (error) {
    if (error instanceof DecryptionError) {
      throw new Fault(
        'The contact details could not be read',
        'They are damaged or were altered, so nothing was shown. Tell the system administrator.',
      );
    }
    throw error;
  }
}

/** The victims of a case; with their contact details only for those who may see them. */
export async function victimsOfCase(
  tx: Tx,
  keyring: Keyring,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: 'page' | 'api',
) {
  const h = await openCase(tx, user, caseId);
  const listed = await repo.listVictims(tx, caseId);
  // a victim withdrawn as entered in error leaves the list; the page names them apart, marked
  const victims = listed.filter((v) => !v.withdrawn_at);
  const withdrawnVictims = listed
    .filter((v) => v.withdrawn_at)
    .map((v) => ({
      id: v.id,
      given_name: v.given_name,
      family_name: v.family_name,
      withdrawn_at: v.withdrawn_at!,
    }));
  const showContact = canRead(h.access, 'victim_contact');
  const contacts = showContact ? await repo.contactsForCase(tx, caseId) : [];
  const byVictim = new Map(contacts.map((c) => [c.case_victim_id, openContact(keyring, c)]));
  // corrections (with the earlier values) and withdrawals: with the details, for those who read them
  const corrections = new Map<string, Awaited<ReturnType<typeof contactAmendments>>>();
  for (const c of contacts)
    corrections.set(c.case_victim_id, await contactAmendments(tx, keyring, caseId, c.id));
  const withdrawn = showContact ? await repo.withdrawnContactsForCase(tx, caseId) : [];
  await auditCase(tx, actor, h.access, {
    action: showContact ? 'victim_contact.view' : 'victims.view',
    recordType: showContact ? 'victim_contact' : 'case_victim',
    details: { victims: victims.length, contacts: contacts.length, channel },
  });
  const canWriteCore = h.access.levels.core === 'write';
  return {
    h,
    showContact,
    canEditContact: h.access.levels.victim_contact === 'write',
    canManageVictims: canWriteCore,
    advocates: canWriteCore ? await repo.advocatesAtSite(tx, h.case.site_id) : [],
    victims: victims.map((v) => ({
      ...v,
      contact: showContact ? (byVictim.get(v.id) ?? null) : undefined,
      contactHistory: corrections.get(v.id) ?? [],
      withdrawnContacts: withdrawn
        .filter((w) => w.case_victim_id === v.id)
        .map((w) => withdrawalOf(w.withdrawn_at, w.withdrawn_by, w.withdrawn_reason)!),
    })),
    withdrawnVictims,
  };
}

/** The add-a-victim page: people the user can already see whose name is like the search. */
export async function addVictimPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, q: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'add a victim to this case');
  // a person whose place on the case was withdrawn as entered in error can be added again
  const onCase = new Set(
    (await repo.listVictims(tx, caseId)).filter((v) => !v.withdrawn_at).map((v) => v.victim_id),
  );
  const term = q.trim().slice(0, 100);
  const found = term.length >= 2 ? await searchPeople(tx, term) : [];
  const people = found.filter((p) => p.id !== h.case.subject_id && !onCase.has(p.id));
  const advocates = await repo.advocatesAtSite(tx, h.case.site_id);
  await auditCase(tx, actor, h.access, {
    action: 'case_victim.search',
    recordType: 'person',
    details: { searched: term.length >= 2, shown: people.length },
  });
  return { h, people, advocates, q: term };
}

export async function addVictim(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: AddVictimInput,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'add a victim to this case');
  if (input.advocateId) {
    const advocates = await repo.advocatesAtSite(tx, h.case.site_id);
    if (!advocates.some((a) => a.id === input.advocateId))
      throw new Invalid('The victim could not be added', [
        { field: 'advocateId', message: 'Select a stalking advocate at this case’s site' },
      ]);
  }
  let personId: string;
  let linked = false;
  if (input.personId) {
    // only a person the user can already see (row-level security), never the person referred
    const person = await visiblePerson(tx, input.personId);
    if (!person || input.personId === h.case.subject_id)
      throw new Invalid('The victim could not be added', [
        { field: 'personId', message: 'Select a person from the search results' },
      ]);
    // one standing place per person on a case; one withdrawn as entered in error stays, marked, and
    // the person is added afresh (migration 042): a new place with its own relationship and records
    if ((await repo.listVictims(tx, caseId)).some((v) => v.victim_id === input.personId && !v.withdrawn_at))
      throw new Invalid('The victim could not be added', [
        { field: 'personId', message: `${person.given_name} ${person.family_name} is already on this case` },
      ]);
    personId = person.id;
    linked = true;
  } else {
    personId = randomUUID();
    await insertPerson(tx, {
      id: personId,
      givenName: input.givenName!,
      familyName: input.familyName!,
      aliases: [],
      dateOfBirth: null,
      pncId: null,
      nhsNumber: null,
      probationRef: null,
      createdBy: user.id,
    });
  }
  const id = await repo.insertCaseVictim(tx, {
    caseId,
    personId,
    relationship: input.relationship,
    kind: input.kind,
    advocateId: input.advocateId,
    addedBy: user.id,
  });
  await auditCase(tx, actor, h.access, {
    action: linked ? 'case_victim.linked' : 'case_victim.created',
    recordType: 'case_victim',
    recordId: id,
    details: { kind: input.kind, existingPerson: linked },
  });
  return id;
}

/**
 * A victim's place on the case, as row-level security shows it: NotFound when not there, and
 * Conflict when withdrawn as entered in error (nothing more is recorded against a withdrawn place:
 * the person is added again, migration 042).
 */
async function standingVictim(tx: Tx, caseId: string, caseVictimId: string): Promise<void> {
  const victim = (await repo.listVictims(tx, caseId)).find((v) => v.id === caseVictimId);
  if (!victim) throw new NotFound();
  if (victim.withdrawn_at) throw withdrawnAlready('victim');
}

export async function changeAdvocate(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  caseVictimId: string,
  advocateId: string | null,
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'change the advocate assigned to a victim');
  await standingVictim(tx, caseId, caseVictimId);
  if (advocateId && !(await repo.advocatesAtSite(tx, h.case.site_id)).some((a) => a.id === advocateId))
    throw new Invalid('The advocate could not be changed', [
      { field: 'advocateId', message: 'Select a stalking advocate at this case’s site' },
    ]);
  if (!(await repo.setAdvocate(tx, caseVictimId, caseId, advocateId))) throw new NotFound();
  await auditCase(tx, actor, h.access, {
    action: 'case_victim.advocate_changed',
    recordType: 'case_victim',
    recordId: caseVictimId,
    details: { advocateId },
  });
}

export async function saveContact(
  tx: Tx,
  keyring: Keyring,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  caseVictimId: string,
  input: Pick<ContactInput, 'version' | 'reason'> & Partial<ContactDetails>,
  channel: 'page' | 'api' = 'page',
) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'victim_contact', "change a victim's contact details");
  await standingVictim(tx, caseId, caseVictimId);
  const existing = (await repo.contactsForCase(tx, caseId)).find((c) => c.case_victim_id === caseVictimId);
  // stored as given; fields not given read as empty (openContact)
  const { version, reason, ...details } = input;
  if (existing) {
    // a correction of details already recorded: with a reason, kept in their history (issue 11)
    await amendContact(
      tx,
      keyring,
      user,
      actor,
      { caseId, caseVictimId },
      { details: { ...EMPTY_CONTACT, ...details }, reason: reason ?? '', version },
      channel,
    );
    return;
  }
  const id = randomUUID();
  const sealed = encryptJson(
    keyring,
    victimContactContext({ id, case_id: caseId, case_victim_id: caseVictimId }),
    details,
  );
  await repo.insertContact(tx, {
    id,
    case_id: caseId,
    case_victim_id: caseVictimId,
    key_id: sealed.keyId,
    wrapped_key: sealed.wrappedKey,
    ciphertext: sealed.ciphertext,
    updated_by: user.id,
  });
  await auditCase(tx, actor, h.access, {
    action: 'victim_contact.created',
    recordType: 'victim_contact',
    recordId: id,
  });
}
