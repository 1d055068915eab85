import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseRows } from '../src/demo/case-builder.js';
import type { DB } from '../src/platform/db/schema.js';
import {
  addDays,
  hasNotificationRequirements,
  notificationDueOn,
  type OrderKind,
} from '../src/modules/orders/rules.js';
import { weighted } from './vocabulary.js';

// Orders for synthetic cases (issue 13), at the benchmark's scale: about half the accepted, active
// and closed cases have one, of every kind; each with its made event, two or three conditions, the
// first victim protected, an SPO's notification requirement, and a breach on about one in six.

const KINDS: [OrderKind, number][] = [
  ['restraining_conviction', 20],
  ['restraining_acquittal', 4],
  ['spo', 12],
  ['interim_spo', 4],
  ['pre_charge_bail', 20],
  ['court_bail', 20],
  ['licence', 12],
  ['community_order', 8],
];
const SOURCES = ['victim', 'police', 'probation', 'electronic_monitoring'] as const;
const ACTIONS = ['warning', 'arrest', 'charge', 'recall', 'nfa'] as const;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Inserts orders for a batch of synthetic cases, in the batch's transaction; returns the rows written. */
export async function insertSyntheticOrders(
  tx: Transaction<DB>,
  batch: readonly CaseRows[],
  random: () => number,
  createdBy: string,
): Promise<number> {
  const o: {
    id: string;
    case_id: string;
    kind: string;
    issuing_body: string;
    made_on: string;
    served_on: string;
    starts_on: string;
    ends_on: string | null;
    until_further_order: boolean;
    supervising_practitioner: string | null;
    created_by: string;
  }[] = [];
  const events: {
    id: string;
    case_id: string;
    order_id: string;
    kind: string;
    occurred_on: string;
    created_by: string;
  }[] = [];
  const conditions: {
    id: string;
    case_id: string;
    order_id: string;
    added_event_id: string;
    kind: string;
    text: string;
    intervention_ref: string | null;
    position: number;
  }[] = [];
  const protectedRows: {
    case_id: string;
    order_id: string;
    case_victim_id: string;
    protected_contact_id: null;
  }[] = [];
  const notifications: {
    case_id: string;
    order_id: string;
    trigger: string;
    trigger_on: string;
    due_on: string;
    notified_on: string | null;
    created_by: string;
  }[] = [];
  const breaches: {
    case_id: string;
    order_id: string;
    condition_id: string;
    occurred_on: string;
    came_to_light: string;
    action: string;
    description: string;
    created_by: string;
  }[] = [];
  const today = iso(new Date());
  for (const rows of batch) {
    const c = rows.cases[0]!;
    if (!['accepted', 'active', 'closed'].includes(String(c.status)) || random() < 0.5) continue;
    const kind = weighted(random, KINDS);
    const createdAt = new Date(c.created_at as Date | string);
    const age = Math.max(1, Math.floor((Date.now() - createdAt.getTime()) / 86_400_000));
    const madeOn = addDays(today, -Math.floor(random() * age));
    const open = kind === 'restraining_acquittal' || (kind === 'spo' && random() < 0.3);
    const endsOn = open ? null : addDays(madeOn, 30 + Math.floor(random() * 700));
    const orderId = randomUUID();
    const madeId = randomUUID();
    o.push({
      id: orderId,
      case_id: c.id,
      kind,
      issuing_body: kind === 'pre_charge_bail' ? 'Police custody' : 'Magistrates’ court',
      made_on: madeOn,
      served_on: madeOn,
      starts_on: madeOn,
      ends_on: endsOn,
      until_further_order: open,
      supervising_practitioner: kind === 'licence' ? 'Supervising probation practitioner' : null,
      created_by: createdBy,
    });
    events.push({
      id: madeId,
      case_id: c.id,
      order_id: orderId,
      kind: 'made',
      occurred_on: madeOn,
      created_by: createdBy,
    });
    const ids: string[] = [];
    const n = 2 + Math.floor(random() * 2);
    for (let i = 0; i < n; i += 1) {
      const positive = hasNotificationRequirements(kind) && i === n - 1;
      const id = randomUUID();
      ids.push(id);
      conditions.push({
        id,
        case_id: c.id,
        order_id: orderId,
        added_event_id: madeId,
        kind: positive ? 'positive_requirement' : 'prohibition',
        text: positive
          ? 'Attend an assessment'
          : i === 0
            ? 'No contact with the victim'
            : 'Not to enter the exclusion zone',
        intervention_ref: positive ? 'Programme assessment' : null,
        position: i,
      });
    }
    const victim = rows.case_victim[0];
    if (victim)
      protectedRows.push({
        case_id: c.id,
        order_id: orderId,
        case_victim_id: victim.id,
        protected_contact_id: null,
      });
    if (hasNotificationRequirements(kind))
      notifications.push({
        case_id: c.id,
        order_id: orderId,
        trigger: 'order',
        trigger_on: madeOn,
        due_on: notificationDueOn(madeOn),
        notified_on: random() < 0.9 ? addDays(madeOn, 1) : null,
        created_by: createdBy,
      });
    if (random() < 0.17 && madeOn < today)
      breaches.push({
        case_id: c.id,
        order_id: orderId,
        condition_id: ids[0]!,
        occurred_on: [addDays(madeOn, 1 + Math.floor(random() * 30)), today].sort()[0]!,
        came_to_light: SOURCES[Math.floor(random() * SOURCES.length)]!,
        action: ACTIONS[Math.floor(random() * ACTIONS.length)]!,
        description: 'Breach reported',
        created_by: createdBy,
      });
  }
  if (o.length) await tx.insertInto('court_order').values(o).execute();
  if (events.length) await tx.insertInto('court_order_event').values(events).execute();
  if (conditions.length) await tx.insertInto('court_order_condition').values(conditions).execute();
  if (protectedRows.length) await tx.insertInto('court_order_protected').values(protectedRows).execute();
  if (notifications.length) await tx.insertInto('order_notification').values(notifications).execute();
  if (breaches.length) await tx.insertInto('order_breach').values(breaches).execute();
  return (
    o.length +
    events.length +
    conditions.length +
    protectedRows.length +
    notifications.length +
    breaches.length
  );
}
