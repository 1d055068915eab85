import { correctable } from '../../platform/corrections/index.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { CONTACT_LOG_FIELD_LABELS, detailsOfContact } from './corrections-rules.js';
import { getContact, updateContact, type ContactLogRow } from './repository.js';
import type { ContactLogInput } from './schemas.js';

/**
 * Correcting the contact log (issue 11): amending an entry with a reason and withdrawing one as
 * entered in error, with write access to the victim's contact (the advocate). The entries and their
 * corrections are victim-contact: the police on the case read them, nobody else, never through
 * break-glass.
 */
export const contactLogEntries = correctable<ContactLogRow, ContactLogInput>({
  kind: {
    table: 'victim_contact_log',
    compartment: 'victim_contact',
    what: 'contact log entry',
    amendments: 'victim_contact_log_amendment',
    labels: CONTACT_LOG_FIELD_LABELS,
    field: 'reason',
  },
  get: getContact,
  version: (r) => r.version,
  details: detailsOfContact,
  withdrawal: (r) => ({ at: r.withdrawn_at, by: r.withdrawn_by, reason: r.withdrawn_reason }),
  update: updateContact,
  check: async (tx, caseId, d) =>
    (await caseVictims(tx, caseId)).some((v) => v.id === d.caseVictimId)
      ? []
      : [{ field: 'caseVictimId', message: 'Select a victim on this case' }],
});
