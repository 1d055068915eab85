import { auditCase, requireRead } from '../access/case-access.js';
import type { SessionUser } from '../auth/sessions.js';
import { openCase, type OpenCase } from '../case-context.js';
import type { Actor, Tx } from '../db/request-tx.js';
import { Invalid, NotFound, type FieldError } from '../errors.js';
import { amendmentsOf, amendRecord, type AmendableKind } from './amend.js';
import { aRecord, standingRecord, withdrawalOf, withdrawRecord, type Withdrawal } from './records.js';
import type { AmendmentRow } from './schemas.js';

type Channel = 'page' | 'api';
type Target = { caseId: string; id: string };

/**
 * A record kind's whole correction service from one spec (issue 11): its page with history and
 * withdrawal, the correction form's record, the amendment and the withdrawal. For a kind whose
 * row carries `version` and the three withdrawal columns and whose amendment table has the shared
 * shape. `R` is the row as `get` reads it, `D` its amendable details.
 */
export type CorrectableSpec<R, D extends object> = {
  kind: AmendableKind<D>;
  /** the record as it stands, withdrawn or not; undefined when not found (or hidden by row-level security) */
  get(tx: Tx, caseId: string, id: string): Promise<R | undefined>;
  version(row: R): number;
  details(row: R): D;
  /** the withdrawal's three columns as read (`withdrawn_by` as the person's name) */
  withdrawal(row: R): { at: Date | null; by: string | null; reason: string | null };
  /** writes the corrected details as `version + 1` only if still at `version` */
  update(tx: Tx, id: string, version: number, details: D): Promise<boolean>;
  /** checks against the case (e.g. the victim is on it), after the access checks */
  check?(tx: Tx, caseId: string, details: D): Promise<FieldError[]>;
};

/** The record's page: the record, its amendments (newest first) and its withdrawal. */
export type CorrectableView<R> = {
  h: OpenCase;
  row: R;
  amendments: AmendmentRow[];
  withdrawn: Withdrawal | null;
};

/** The service of one correctable kind; see `CorrectableSpec`. */
export function correctable<R, D extends object>(spec: CorrectableSpec<R, D>) {
  const { kind } = spec;
  const recordType = kind.recordType ?? kind.table;
  return {
    /**
     * The record with its history, for its page and the API: read access to its compartment, then
     * the row (NotFound when hidden). Audited as "<recordType>.view" with the number of amendments.
     */
    async open(
      tx: Tx,
      user: SessionUser,
      actor: Actor,
      t: Target,
      channel: Channel,
    ): Promise<CorrectableView<R>> {
      const h = await openCase(tx, user, t.caseId);
      requireRead(h.access, kind.compartment);
      const row = await spec.get(tx, t.caseId, t.id);
      if (!row) throw new NotFound();
      const amendments = await amendmentsOf(tx, kind.amendments, t.caseId, t.id);
      await auditCase(tx, actor, h.access, {
        action: `${recordType}.view`,
        recordType,
        recordId: t.id,
        details: { amendments: amendments.length, channel },
      });
      const w = spec.withdrawal(row);
      return { h, row, amendments, withdrawn: withdrawalOf(w.at, w.by, w.reason) };
    },

    /** The record for the correction form or the withdrawal's confirmation (write access; standing). */
    async standing(tx: Tx, user: SessionUser, t: Target, doing: 'correct' | 'withdraw') {
      const h = await standingRecord(tx, user, { ...kind, ...t }, `${doing} ${aRecord(kind.what)}`);
      const row = await spec.get(tx, t.caseId, t.id);
      if (!row) throw new NotFound();
      return { h, row };
    },

    /** Amends the record (as `amendRecord`; Invalid when `check` finds problems). Returns the amendment's id. */
    async amend(
      tx: Tx,
      user: SessionUser,
      actor: Actor,
      t: Target,
      input: { details: D; reason: string; version: number },
      channel: Channel,
    ): Promise<string> {
      const done = await amendRecord(
        tx,
        user,
        actor,
        kind,
        t,
        input,
        {
          load: async () => {
            const problems = spec.check ? await spec.check(tx, t.caseId, input.details) : [];
            if (problems.length) throw new Invalid(`The ${kind.what} is not valid`, problems);
            const row = await spec.get(tx, t.caseId, t.id);
            return row ? { version: spec.version(row), details: spec.details(row) } : null;
          },
          save: (details, version) => spec.update(tx, t.id, version, details),
        },
        channel,
      );
      return done.id;
    },

    /** Withdraws the record as entered in error (as `withdrawRecord`). */
    withdraw(tx: Tx, user: SessionUser, actor: Actor, t: Target, reason: string, channel: Channel) {
      return withdrawRecord(tx, user, actor, { ...kind, ...t }, reason, channel);
    },
  };
}
