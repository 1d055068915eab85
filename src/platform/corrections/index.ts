/**
 * Correcting the record (issue 11), shared by every record kind: amendments (what changed, the
 * stale-save refusal), withdrawal as entered in error, their schemas, and the confirmation page.
 */
export { changesBetween, staleAmendment, type Changes } from '../amendments.js';
export * from './records.js';
export * from './schemas.js';
export { registerWithdrawal, type SummaryRow, type WithdrawalSpec } from './withdrawal-routes.js';
export { amendmentsOf, amendRecord, namesOnly, type AmendableKind, type AmendmentTable } from './amend.js';
export { correctable, type CorrectableSpec, type CorrectableView } from './record-kind.js';
export {
  authorOnly,
  registerCorrectableRecord,
  type CorrectableRecordSpec,
  type CorrectableRow,
} from './record-routes.js';
export { parseCorrectionForm, type ParsedCorrection } from './form.js';
