import type { SessionUser } from '../../platform/auth/sessions.js';
import {
  amendmentsOf,
  amendRecord,
  namesOnly,
  standingRecord,
  withdrawRecord,
  type AmendableKind,
  type AmendmentRow,
  type Changes,
} from '../../platform/corrections/index.js';
import { decryptJson, DecryptionError, encryptJson } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { victimContactAmendmentContext, victimContactContext } from '../../platform/crypto/contexts.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Fault, Invalid, NotFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import {
  CONTACT_FIELD_LABELS,
  CONTACT_REASON_REQUIRED,
  EMPTY_CONTACT,
  type ContactDetails,
} from './schemas.js';
import { openContact } from './service.js';

/**
 * Correcting a victim's contact details (issue 11): with write access to the victim's contact (the
 * advocate), with a reason, refused when made from an older version (naming the fields changed
 * since). The details are encrypted at rest, so each amendment keeps the changed fields' NAMES in
 * the clear and their values before and after only sealed as the details themselves are (a data
 * key of its own wrapped by the master key, re-wrapped by key rotation; migration 042): every
 * earlier version stays, shown as a history to those who read the victim's contact, and no value
 * is ever in plain text in the database, the audit or the logs. Withdrawn as entered in error, the details
 * leave the victims page and the API, and the withdrawal (when, who, why; not the details) stays
 * for those who read the victim's contact. Never under break-glass (the compartment's rule).
 */

type Channel = 'page' | 'api';

const RECORD = {
  table: 'victim_contact',
  compartment: 'victim_contact',
  what: 'set of contact details',
} as const;

export const CONTACT_KIND: AmendableKind<ContactDetails> = {
  ...RECORD,
  amendments: 'victim_contact_amendment',
  labels: CONTACT_FIELD_LABELS,
  field: 'reason',
  kept: namesOnly,
};

/** The victim's standing contact details row on the case, or undefined. */
async function standingRow(tx: Tx, caseId: string, caseVictimId: string) {
  return (await repo.contactsForCase(tx, caseId)).find((c) => c.case_victim_id === caseVictimId);
}

/**
 * Corrects the victim's standing contact details: every detail as it should now be, the reason and
 * the version read. Throws as `amendRecord` (Forbidden, NotFound, Conflict when stale, Invalid when
 * nothing changes), and Invalid without a reason.
 */
export async function amendContact(
  tx: Tx,
  keyring: Keyring,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; caseVictimId: string },
  input: { details: ContactDetails; reason: string; version: number },
  channel: Channel,
): Promise<string> {
  const row = await standingRow(tx, target.caseId, target.caseVictimId);
  if (!row) throw new NotFound();
  const kind: AmendableKind<ContactDetails> = {
    ...CONTACT_KIND,
    // the values before and after, sealed as the details are, for the history (migration 042)
    seal: (changes, place) =>
      encryptJson(
        keyring,
        victimContactAmendmentContext({
          record_id: place.recordId,
          case_id: place.caseId,
          version_after: place.versionAfter,
        }),
        changes,
      ),
  };
  const done = await amendRecord(
    tx,
    user,
    actor,
    kind,
    { caseId: target.caseId, id: row.id },
    { details: { ...EMPTY_CONTACT, ...input.details }, reason: input.reason.trim(), version: input.version },
    {
      load: async () => {
        // after the access checks; a stale save is refused as stale (naming what changed) even without one
        if (!input.reason.trim() && row.version === input.version)
          throw new Invalid('The contact details could not be corrected', [
            { field: 'reason', message: CONTACT_REASON_REQUIRED },
          ]);
        const { version, ...details } = openContact(keyring, row);
        return { version, details };
      },
      save: (details, version) => {
        const sealed = encryptJson(keyring, victimContactContext(row), details);
        return repo.updateContact(tx, row.id, version, {
          key_id: sealed.keyId,
          wrapped_key: sealed.wrappedKey,
          ciphertext: sealed.ciphertext,
          updated_by: user.id,
        });
      },
    },
    channel,
  );
  return done.id;
}

/** The victim's standing contact details for the withdrawal's confirmation (write access). */
export async function withdrawContactPage(
  tx: Tx,
  user: SessionUser,
  target: { caseId: string; caseVictimId: string },
) {
  // row-level security: no row for anyone who may not read the victim's contact
  const row = await standingRow(tx, target.caseId, target.caseVictimId);
  if (!row) throw new NotFound();
  const h = await standingRecord(
    tx,
    user,
    { ...RECORD, caseId: target.caseId, id: row.id },
    'withdraw contact details',
  );
  return { h, row };
}

/**
 * Withdraws the victim's contact details as entered in error, with the reason: they leave the
 * victims page and the API (new details can then be recorded); the withdrawal stays. Audited as
 * "victim_contact.withdrawn", without any detail.
 */
export async function withdrawContact(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; caseVictimId: string },
  reason: string,
  channel: Channel,
): Promise<void> {
  const row = await standingRow(tx, target.caseId, target.caseVictimId);
  if (!row) throw new NotFound();
  await withdrawRecord(tx, user, actor, { ...RECORD, caseId: target.caseId, id: row.id }, reason, channel);
}

/** A contact correction as the history shows it: `valuesKept` false for one made before migration 042. */
export type ContactAmendment = AmendmentRow & { valuesKept: boolean };

/**
 * A victim's standing contact details' corrections, newest first, each with the changed fields'
 * values before and after opened from their envelope (only names, values null, for corrections
 * made before the values were kept). Only for someone who may read the victim's contact: the
 * amendment rows' row-level security shows nobody else any row.
 */
export async function contactAmendments(
  tx: Tx,
  keyring: Keyring,
  caseId: string,
  contactId: string,
): Promise<ContactAmendment[]> {
  const rows = await amendmentsOf(tx, 'victim_contact_amendment', caseId, contactId);
  if (!rows.length) return [];
  const sealed = await tx
    .selectFrom('victim_contact_amendment')
    .select(['id', 'case_id', 'record_id', 'version_after', 'key_id', 'wrapped_key', 'ciphertext'])
    .where('case_id', '=', caseId)
    .where('record_id', '=', contactId)
    .execute();
  const byId = new Map(sealed.map((r) => [r.id, r]));
  return rows.map((a) => {
    const s = byId.get(a.id);
    if (!s?.key_id || !s.wrapped_key || !s.ciphertext) return { ...a, valuesKept: false };
    let opened: Changes;
    try {
      opened = decryptJson<Changes>(keyring, victimContactAmendmentContext(s), {
        keyId: s.key_id,
        wrappedKey: s.wrapped_key,
        ciphertext: s.ciphertext,
      });
    } catch (error) {
      if (error instanceof DecryptionError)
        throw new Fault(
          'The history of the contact details could not be read',
          'It is damaged or was altered, so nothing was shown. Tell the system administrator.',
        );
      throw error;
    }
    // the names in the clear say which fields changed; the envelope only gives their values
    const changes: Changes = Object.fromEntries(
      Object.keys(a.changes).map((f) => [f, { from: opened[f]?.from ?? null, to: opened[f]?.to ?? null }]),
    );
    return { ...a, changes, valuesKept: true };
  });
}
