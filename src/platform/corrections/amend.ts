import { sql } from 'kysely';
import { auditCase } from '../access/case-access.js';
import { changesBetween, staleAmendment, type Changes } from '../amendments.js';
import type { SessionUser } from '../auth/sessions.js';
import type { OpenCase } from '../case-context.js';
import type { DB } from '../db/schema.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { Conflict, NotFound } from '../errors.js';
import { aRecord, nothingChanged, standingRecord, type WithdrawalTarget } from './records.js';
import type { AmendmentRow } from './schemas.js';
import type { Sealed } from '../crypto/envelope.js';

/**
 * Amending any record with a reason (issue 11, item 1; UK GDPR art. 16), the same way for every
 * kind: write access to the record's compartment, the optimistic version check (a save made from
 * an older version is refused naming what changed since), nothing saved when nothing changes,
 * each amendment kept as `{ field: { from, to } }` with who, when and why in the kind's own
 * amendment table (so it has its compartment's row-level security), and an audit event naming
 * the changed fields, never their values.
 */

/** Amendment tables of the shared shape: `record_id`, `version_after`, `changes`, `reason`, `by_user`, `at`. */
export type AmendmentTable = {
  [K in keyof DB]: DB[K] extends {
    case_id: unknown;
    record_id: unknown;
    version_after: unknown;
    changes: unknown;
    reason: unknown;
    by_user: unknown;
  }
    ? K
    : never;
}[keyof DB];

/** A record kind that can be amended: where it and its amendments are, and its fields' labels. */
export type AmendableKind<D extends object> = Omit<WithdrawalTarget, 'caseId' | 'id'> & {
  amendments: AmendmentTable;
  /** each amendable field, in the order the history shows them, by its name in the interface */
  labels: Readonly<Record<keyof D & string, string>>;
  /** the form field a refusal is attached to (usually the reason or the main text) */
  field: string;
  /**
   * What the amendment row keeps of the changes; all of them when not given. A record encrypted at
   * rest keeps only the changed fields' names (`namesOnly`), so no value leaves its encryption.
   */
  kept?: (changes: Changes) => Changes;
  /**
   * For a record encrypted at rest whose amendments keep the values too: the changes, values and
   * all, sealed for the amendment row (`key_id`, `wrapped_key`, `ciphertext`) as the record itself
   * is, bound to the amendment's place (case, record, version after). The table has those columns.
   */
  seal?: (changes: Changes, place: { caseId: string; recordId: string; versionAfter: number }) => Sealed;
};

/** `kept` for an encrypted record: each changed field's name, its values not kept (null). */
export const namesOnly = (changes: Changes): Changes =>
  Object.fromEntries(Object.keys(changes).map((f) => [f, { from: null, to: null }]));

/** A record's amendments, newest first, with the amender's name. */
export async function amendmentsOf(
  tx: Tx,
  table: AmendmentTable,
  caseId: string,
  recordId: string,
): Promise<AmendmentRow[]> {
  const found = await sql<AmendmentRow>`
    select a.id, a.version_after, a.changes, a.reason, u.display_name as by, a.at
    from ${sql.table(table)} a join app_user u on u.id = a.by_user
    where a.case_id = ${caseId} and a.record_id = ${recordId}
    order by a.version_after desc`.execute(tx);
  return found.rows;
}

/**
 * Amends one record. `load` reads it as it stands (`version` and its amendable `details`; null
 * when not found); `save` writes the new details as version `version + 1` only if the record is
 * still at `version`, returning false otherwise. Throws Forbidden without write access, NotFound,
 * Conflict when withdrawn or amended since `input.version` (naming the fields), Invalid when
 * nothing changes. Returns the amendment's id and the open case.
 */
export async function amendRecord<D extends object>(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  kind: AmendableKind<D>,
  target: { caseId: string; id: string },
  input: { details: D; reason: string; version: number },
  io: {
    load: (h: OpenCase) => Promise<{ version: number; details: D } | null>;
    save: (details: D, version: number) => Promise<boolean>;
  },
  channel: 'page' | 'api',
): Promise<{ id: string; h: OpenCase; changes: Changes }> {
  const h = await standingRecord(tx, user, { ...kind, ...target }, `correct ${aRecord(kind.what)}`);
  const current = await io.load(h);
  if (!current) throw new NotFound();
  if (current.version !== input.version) {
    const since = (await amendmentsOf(tx, kind.amendments, target.caseId, target.id)).filter(
      (a) => a.version_after > input.version,
    );
    throw staleAmendment(since, kind.labels, { record: kind.what, field: 'reason' });
  }
  const fields = Object.keys(kind.labels) as (keyof D & string)[];
  const changes = changesBetween(current.details, input.details, fields);
  if (!Object.keys(changes).length) throw nothingChanged(kind.field, kind.what);
  if (!(await io.save(input.details, input.version)))
    throw new Conflict(`The ${kind.what} was changed by someone else`, 'Reload the page and try again.');
  const kept = JSON.stringify(kind.kept ? kind.kept(changes) : changes);
  const sealed = kind.seal?.(changes, {
    caseId: target.caseId,
    recordId: target.id,
    versionAfter: input.version + 1,
  });
  const inserted = sealed
    ? await sql<{ id: string }>`
    insert into ${sql.table(kind.amendments)} (case_id, record_id, version_after, changes, reason, by_user,
      key_id, wrapped_key, ciphertext)
    values (${target.caseId}, ${target.id}, ${input.version + 1}, ${kept}::jsonb, ${input.reason}, ${user.id},
      ${sealed.keyId}, ${sealed.wrappedKey}, ${sealed.ciphertext})
    returning id`.execute(tx)
    : await sql<{ id: string }>`
    insert into ${sql.table(kind.amendments)} (case_id, record_id, version_after, changes, reason, by_user)
    values (${target.caseId}, ${target.id}, ${input.version + 1}, ${kept}::jsonb, ${input.reason}, ${user.id})
    returning id`.execute(tx);
  const recordType = kind.recordType ?? kind.table;
  await auditCase(tx, actor, h.access, {
    action: `${recordType}.amended`,
    recordType,
    recordId: target.id,
    details: { fields: Object.keys(changes).join(','), channel },
  });
  return { id: inserted.rows[0]!.id, h, changes };
}
