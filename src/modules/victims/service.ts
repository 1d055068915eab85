import { randomUUID } from 'node:crypto';
import { auditCase, canRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { decryptJson, DecryptionError, encryptJson } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { victimContactContext } from '../../platform/crypto/contexts.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { HttpProblem, NotFound } from '../../platform/http/problems.js';
import { caseHeader } from '../cases/service.js';
import * as repo from './repository.js';
import type { ContactDetails, ContactInput } from './schemas.js';

export function openContact(keyring: Keyring, row: repo.ContactRow): ContactDetails & { version: number } {
  try {
    const details = decryptJson<ContactDetails>(keyring, victimContactContext(row), {
      keyId: row.key_id,
      wrappedKey: row.wrapped_key,
      ciphertext: row.ciphertext,
    });
    return { ...details, version: row.version };
  } catch (error) {
    if (error instanceof DecryptionError) {
      throw new HttpProblem(
        500,
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
  const h = await caseHeader(tx, user, caseId);
  const victims = await repo.listVictims(tx, caseId);
  const showContact = canRead(h.access, 'victim_contact');
  const contacts = showContact ? await repo.contactsForCase(tx, caseId) : [];
  const byVictim = new Map(contacts.map((c) => [c.case_victim_id, openContact(keyring, c)]));
  await auditCase(tx, actor, h.access, {
    action: showContact ? 'victim_contact.view' : 'victims.view',
    recordType: showContact ? 'victim_contact' : 'case_victim',
    details: { victims: victims.length, contacts: contacts.length, channel },
  });
  return {
    h,
    showContact,
    canEditContact: h.access.levels.victim_contact === 'write',
    victims: victims.map((v) => ({ ...v, contact: showContact ? (byVictim.get(v.id) ?? null) : undefined })),
  };
}

export async function saveContact(
  tx: Tx,
  keyring: Keyring,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  caseVictimId: string,
  input: ContactInput,
) {
  const h = await caseHeader(tx, user, caseId);
  requireWrite(h.access, 'victim_contact', "change a victim's contact details");
  const victim = (await repo.listVictims(tx, caseId)).find((v) => v.id === caseVictimId);
  if (!victim) throw new NotFound();
  const existing = (await repo.contactsForCase(tx, caseId)).find((c) => c.case_victim_id === caseVictimId);
  const { version, ...details } = input;
  if (existing) {
    if (existing.version !== version) {
      throw new HttpProblem(409, 'Someone else changed these contact details', undefined, [
        {
          field: 'address',
          message:
            'Someone else changed these contact details while you were editing. Check them and make your change again',
        },
      ]);
    }
    const sealed = encryptJson(keyring, victimContactContext(existing), details);
    const ok = await repo.updateContact(tx, existing.id, version, {
      key_id: sealed.keyId,
      wrapped_key: sealed.wrappedKey,
      ciphertext: sealed.ciphertext,
      updated_by: user.id,
    });
    if (!ok) throw new HttpProblem(409, 'Someone else changed these contact details');
    await auditCase(tx, actor, h.access, {
      action: 'victim_contact.changed',
      recordType: 'victim_contact',
      recordId: existing.id,
    });
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
