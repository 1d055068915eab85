import { sql } from 'kysely';
import { auditCase, requireWrite } from '../access/case-access.js';
import type { Compartment } from '../access/policy.js';
import type { Changes } from '../amendments.js';
import type { SessionUser } from '../auth/sessions.js';
import { openCase, type OpenCase } from '../case-context.js';
import type { DB } from '../db/schema.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { Conflict, Invalid, NotFound } from '../errors.js';

/**
 * Withdrawing any record as entered in error (issue 11, item 2), the same way for every kind: the
 * record keeps its row, marked with when, by whom and why (`withdrawn_at`, `withdrawn_by`,
 * `withdrawn_reason`, all three or none), leaves lists, the overview, the timeline and figures,
 * and stays in its history for those who may see its compartment.
 */

/**
 * A correction form or a withdrawal's confirmation shows the record: a view of it, audited as
 * "<recordType>.view" with which form (every view of case data is audited).
 */
export function auditFormView(
  tx: Tx,
  actor: Actor,
  h: OpenCase,
  record: { type: string; id: string },
  form: 'amend' | 'withdraw',
) {
  return auditCase(tx, actor, h.access, {
    action: `${record.type}.view`,
    recordType: record.type,
    recordId: record.id,
    details: { channel: 'page', form },
  });
}

/** The record's name with its article, as people say it: "an offence", "a clinical note". */
export const aRecord = (what: string) => `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`;

/** Entered in error: when, by whom (name) and why. */
export type Withdrawal = { at: Date; by: string; reason: string };

/** A withdrawal from its three columns (null while the record stands). */
export const withdrawalOf = (at: Date | null, by: string | null, reason: string | null): Withdrawal | null =>
  at ? { at, by: by ?? '', reason: reason ?? '' } : null;

/** The API shape of a withdrawal (`withdrawnApi`). */
export const withdrawalApiOf = (w: Withdrawal | null) =>
  w ? { at: w.at.toISOString(), by: w.by, reason: w.reason } : null;

/** The refusal to change or withdraw again a record already withdrawn; `what` as "incident". */
export const withdrawnAlready = (what: string) =>
  new Conflict(`This ${what} was withdrawn as entered in error`, 'A withdrawn record cannot be changed.');

/** The refusal of a correction that changes nothing, attached to the form's `field`. */
export const nothingChanged = (field: string, goBack: string) =>
  new Invalid('Nothing was changed', [
    { field, message: `Change at least one detail, or go back to the ${goBack}` },
  ]);

/** Tables of case data that can be withdrawn: an `id`, a `case_id` and the three columns. */
export type WithdrawableTable = {
  [K in keyof DB]: DB[K] extends {
    id: unknown;
    case_id: unknown;
    withdrawn_at: unknown;
    withdrawn_by: unknown;
    withdrawn_reason: unknown;
  }
    ? K
    : never;
}[keyof DB];

/** One record to withdraw: where it is, its compartment and how people and the audit name it. */
export type WithdrawalTarget = {
  table: WithdrawableTable;
  compartment: Compartment;
  caseId: string;
  id: string;
  /** as people name it: "clinical note" */
  what: string;
  /** the audit event's record type (usually the table) */
  recordType?: string;
};

/**
 * Opens the case for changing a record: write access to the record's compartment (Forbidden
 * otherwise), the record on this case (NotFound, also when row-level security hides it) and not
 * withdrawn (Conflict). `doing` words the refusal: "withdraw a clinical note".
 */
export async function standingRecord(
  tx: Tx,
  user: SessionUser,
  target: WithdrawalTarget,
  doing: string,
): Promise<OpenCase> {
  const h = await openCase(tx, user, target.caseId);
  requireWrite(h.access, target.compartment, doing);
  const found = await sql<{ withdrawn: boolean }>`
    select withdrawn_at is not null as withdrawn from ${sql.table(target.table)}
    where id = ${target.id} and case_id = ${target.caseId}`.execute(tx);
  const row = found.rows[0];
  if (!row) throw new NotFound();
  if (row.withdrawn) throw withdrawnAlready(target.what);
  return h;
}

/**
 * Withdraws one record as entered in error with the reason, after `standingRecord`'s checks, and
 * audits it as "<recordType>.withdrawn" (no values). Conflict when withdrawn meanwhile.
 */
export async function withdrawRecord(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: WithdrawalTarget,
  reason: string,
  channel: 'page' | 'api',
): Promise<void> {
  const h = await standingRecord(tx, user, target, `withdraw ${aRecord(target.what)}`);
  const done = await sql<{ id: string }>`
    update ${sql.table(target.table)}
    set withdrawn_at = now(), withdrawn_by = ${user.id}, withdrawn_reason = ${reason}
    where id = ${target.id} and case_id = ${target.caseId} and withdrawn_at is null
    returning id`.execute(tx);
  if (!done.rows.length) throw withdrawnAlready(target.what);
  const recordType = target.recordType ?? target.table;
  await auditCase(tx, actor, h.access, {
    action: `${recordType}.withdrawn`,
    recordType,
    recordId: target.id,
    details: { channel },
  });
}

/** One line of a history table: the field's label and its value before and after, as read. */
export type HistoryRow = { label: string; from: string; to: string };

/**
 * A record's amendments as the shared history partial shows them (`corrections-history.njk`):
 * each with when, who and why, and its changed fields by `labels` in the labels' order, values
 * through `shown(field, value)`.
 */
export function historyOf(
  amendments: readonly { at: Date; by: string; reason: string; changes: Changes }[],
  labels: Readonly<Record<string, string>>,
  shown: (field: string, value: unknown) => string,
) {
  const order = Object.keys(labels);
  return amendments.map((a) => ({
    at: a.at,
    by: a.by,
    reason: a.reason,
    rows: Object.keys(a.changes)
      .sort((x, y) => order.indexOf(x) - order.indexOf(y))
      .map((field) => ({
        label: labels[field] ?? field,
        from: shown(field, a.changes[field]!.from),
        to: shown(field, a.changes[field]!.to),
      })) satisfies HistoryRow[],
  }));
}

/** The usual way a value reads in a history: empty as "Not recorded", lists joined by "; ". */
export function plainValue(v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return 'Not recorded';
  if (Array.isArray(v)) return v.map(String).join('; ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}
