import type { FieldError } from '../../platform/errors.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { asList } from '../../platform/http/forms.js';

/** How many condition rows the new-order form offers, and a variation adds at most. */
export const ORDER_CONDITION_SLOTS = 6;
export const VARIATION_CONDITION_SLOTS = 3;

/** The checkbox fields of the forms (always lists). */
export const ORDER_CHECKBOXES = ['protectedCaseVictimIds', 'protectedContactIds'] as const;
export const EVENT_CHECKBOXES = ['removeConditionIds'] as const;
export const BREACH_CHECKBOXES = ['incidentIds'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const orUndefined = (v: unknown): string | undefined => (str(v).trim() ? str(v) : undefined);

/**
 * Condition rows of a form (`<prefix>-N-kind`, `-text`, `-interventionRef`): the rows with text,
 * and for each the row it came from, so that errors point at the row the user typed in.
 */
function conditionRows(f: Record<string, unknown>, prefix: string, slots: number) {
  const rows: { kind: string | undefined; text: string; interventionRef: string | undefined }[] = [];
  const slotOf: number[] = [];
  for (let i = 0; i < slots; i += 1) {
    const text = str(f[`${prefix}-${i}-text`]);
    if (!text.trim()) continue;
    rows.push({
      kind: orUndefined(f[`${prefix}-${i}-kind`]),
      text,
      interventionRef: orUndefined(f[`${prefix}-${i}-interventionRef`]),
    });
    slotOf.push(i);
  }
  return { rows, slotOf };
}

/** Field errors of the list `field` (`conditions.2.kind`) renamed to the form's row (`conditions-5-kind`). */
export function conditionErrorsToSlots(errors: FieldError[], field: string, slotOf: number[]): FieldError[] {
  return errors.map((e) => {
    const m = new RegExp(`^${field}\\.(\\d+)\\.(\\w+)$`).exec(e.field);
    if (!m) return e;
    return { ...e, field: `${field}-${slotOf[Number(m[1])] ?? m[1]}-${m[2]}` };
  });
}

export function orderFromForm(f: Record<string, unknown>) {
  const { rows, slotOf } = conditionRows(f, 'conditions', ORDER_CONDITION_SLOTS);
  return {
    input: {
      kind: orUndefined(f.kind),
      issuingBody: str(f.issuingBody),
      reference: orUndefined(f.reference),
      madeOn: dateFromParts(f, 'madeOn'),
      servedOn: dateFromParts(f, 'servedOn'),
      startsOn: dateFromParts(f, 'startsOn'),
      endsOn: dateFromParts(f, 'endsOn'),
      untilFurtherOrder: f.untilFurtherOrder === 'yes',
      supervisingPractitioner: orUndefined(f.supervisingPractitioner),
      notes: orUndefined(f.notes),
      protectedCaseVictimIds: asList(f.protectedCaseVictimIds),
      protectedContactIds: asList(f.protectedContactIds),
      conditions: rows,
    },
    slotOf,
  };
}

export function eventFromForm(f: Record<string, unknown>) {
  const { rows, slotOf } = conditionRows(f, 'addConditions', VARIATION_CONDITION_SLOTS);
  return {
    input: {
      kind: orUndefined(f.kind),
      occurredOn: dateFromParts(f, 'occurredOn'),
      newEndsOn: dateFromParts(f, 'newEndsOn'),
      newUntilFurtherOrder: f.newUntilFurtherOrder === 'yes',
      addConditions: rows,
      removeConditionIds: asList(f.removeConditionIds),
      victimView: orUndefined(f.victimView),
      victimVoiceId: orUndefined(f.victimVoiceId),
      notes: orUndefined(f.notes),
    },
    slotOf,
  };
}

export function breachFromForm(f: Record<string, unknown>) {
  const broken = str(f.conditionId);
  return {
    conditionId: broken && broken !== 'failure_to_notify' ? broken : undefined,
    failureToNotify: broken === 'failure_to_notify',
    occurredOn: dateFromParts(f, 'occurredOn'),
    cameToLight: orUndefined(f.cameToLight),
    incidentIds: asList(f.incidentIds),
    action: orUndefined(f.action),
    outcome: orUndefined(f.outcome),
    description: str(f.description),
  };
}

export function notificationFromForm(f: Record<string, unknown>) {
  return {
    trigger: orUndefined(f.trigger),
    triggerOn: dateFromParts(f, 'triggerOn'),
    notes: orUndefined(f.notes),
  };
}

export function notifiedFromForm(f: Record<string, unknown>) {
  return { notifiedOn: dateFromParts(f, 'notifiedOn'), notes: orUndefined(f.notes) };
}
