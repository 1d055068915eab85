import { Conflict } from './errors.js';

/**
 * Amending a record (issue 11, UK GDPR art. 16 rectification): what changed, kept with every
 * amendment as `{ field: { from, to } }`, and the refusal of a save made from an older version.
 * Each record kind keeps its own amendment table (its compartment's row-level security).
 */
export type Changes = Record<string, { from: unknown; to: unknown }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields (in the order given) whose values differ between the record as it is and as the
 * amendment would make it. Values compare as JSON (lists in order; null and undefined alike).
 * Empty when nothing changes.
 */
export function changesBetween<T extends object>(
  current: T,
  next: T,
  fields: readonly (keyof T & string)[],
): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    if (!same(current[field], next[field])) changes[field] = { from: current[field], to: next[field] };
  }
  return changes;
}

/**
 * The refusal of a save based on version `readVersion` when later amendments exist: a Conflict
 * naming the fields changed since (by their labels), attached to the form's `field`; `plural` for
 * a record named in the plural ("the details were").
 */
export function staleAmendment(
  since: readonly { changes: Changes }[],
  labels: Readonly<Record<string, string>>,
  what: { record: string; field: string; plural?: boolean },
): Conflict {
  const [was, it] = what.plural ? ['were', 'them'] : ['was', 'it'];
  const fields = [...new Set(since.flatMap((a) => Object.keys(a.changes)))]
    .map((f) => labels[f] ?? f)
    .join(', ');
  const changed = fields ? `: ${fields} changed` : '';
  return new Conflict(
    `The ${what.record} ${was} changed by someone else`,
    `Since you opened this page the ${what.record} ${was} corrected${changed}. Check the history and correct ${it} again if still needed.`,
    [
      {
        field: what.field,
        message: `Someone else corrected the ${what.record} while you were editing${changed}. Check the history and try again`,
      },
    ],
  );
}
