/**
 * The additional authenticated data bound into each encrypted record: the table and the ids that
 * place it, so a ciphertext (or its wrapped key) copied onto another record fails to decrypt.
 * Everything that encrypts, decrypts or re-wraps a record of a table uses the one function here.
 */

/** A victim's contact details: bound to their record, their case and their place on the case. */
export const victimContactContext = (row: { id: string; case_id: string; case_victim_id: string }): string =>
  `victim_contact:${row.id}:${row.case_id}:${row.case_victim_id}`;

/**
 * A correction of a victim's contact details, its values before and after (migration 042): bound to
 * the corrected record, its case and the version the correction made (one correction per version).
 */
export const victimContactAmendmentContext = (row: {
  record_id: string;
  case_id: string;
  version_after: number;
}): string => `victim_contact_amendment:${row.record_id}:${row.case_id}:${row.version_after}`;
