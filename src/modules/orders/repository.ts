import { sql } from 'kysely';
import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import type {
  BreachAction,
  BreachSource,
  ConditionKind,
  EventKind,
  NotificationTrigger,
  OrderEventFacts,
  OrderKind,
} from './rules.js';
import { notificationDueOn } from './rules.js';
import type { ConditionInput } from './schemas.js';

export type OrderRow = {
  id: string;
  kind: OrderKind;
  issuingBody: string;
  reference: string | null;
  madeOn: string;
  servedOn: string | null;
  startsOn: string;
  endsOn: string | null;
  untilFurtherOrder: boolean;
  supervisingPractitioner: string | null;
  notes: string;
  createdBy: string;
  createdAt: Date;
  /** withdrawn as entered in error: when, by whom and why (null while it stands) */
  withdrawn: Withdrawal | null;
};

export type EventRow = OrderEventFacts & {
  orderId: string;
  victimView: string | null;
  victimVoiceId: string | null;
  /** the voice entry's text, when the user may read it */
  victimVoiceBody: string | null;
  notes: string;
  createdBy: string;
  createdAt: Date;
};

export type ConditionRow = {
  id: string;
  orderId: string;
  addedEventId: string;
  kind: ConditionKind;
  text: string;
  interventionRef: string | null;
};

export type ProtectedRow = {
  caseVictimId: string | null;
  protectedContactId: string | null;
  /** null for another person whose details the user may not read */
  name: string | null;
  relationship: string | null;
  /** the victim's place on the case was withdrawn as entered in error (the order still names them) */
  victimWithdrawn: boolean;
};

export type NotificationRow = {
  id: string;
  orderId: string;
  trigger: NotificationTrigger;
  triggerOn: string;
  dueOn: string;
  notifiedOn: string | null;
  notes: string;
};

export type BreachRow = {
  id: string;
  orderId: string;
  orderKind: OrderKind;
  conditionId: string | null;
  conditionText: string | null;
  failureToNotify: boolean;
  occurredOn: string;
  cameToLight: BreachSource;
  incidentIds: string[];
  action: BreachAction;
  outcome: string;
  description: string;
  createdBy: string;
  createdAt: Date;
};

function orderQuery(tx: Tx, caseId: string) {
  return tx
    .selectFrom('court_order as o')
    .innerJoin('app_user as u', 'u.id', 'o.created_by')
    .leftJoin('app_user as wu', 'wu.id', 'o.withdrawn_by')
    .select([
      'o.id',
      'o.kind',
      'o.issuing_body',
      'o.reference',
      'o.made_on',
      // served on the latest served event standing: a withdrawn one no longer counts (and one
      // recorded after the order was made does); the column only for an order with no served event
      sql<string | null>`case
        when exists (select 1 from court_order_event se where se.order_id = o.id and se.kind = 'served')
        then (select max(se.occurred_on) from court_order_event se
               where se.order_id = o.id and se.kind = 'served' and se.withdrawn_at is null)
        else o.served_on end`.as('served_on'),
      'o.starts_on',
      'o.ends_on',
      'o.until_further_order',
      'o.supervising_practitioner',
      'o.notes',
      'o.created_at',
      'u.display_name as created_by',
      'o.withdrawn_at',
      'wu.display_name as withdrawn_by',
      'o.withdrawn_reason',
    ])
    .where('o.case_id', '=', caseId);
}

type OrderBase = Awaited<ReturnType<ReturnType<typeof orderQuery>['execute']>>[number];
const toOrder = (r: OrderBase): OrderRow => ({
  id: r.id,
  kind: r.kind as OrderKind,
  issuingBody: r.issuing_body,
  reference: r.reference,
  madeOn: r.made_on,
  servedOn: r.served_on,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  untilFurtherOrder: r.until_further_order,
  supervisingPractitioner: r.supervising_practitioner,
  notes: r.notes,
  createdBy: r.created_by,
  createdAt: r.created_at,
  withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by, r.withdrawn_reason),
});

/** A case's orders standing (not withdrawn), latest made first. */
export async function listOrders(tx: Tx, caseId: string): Promise<OrderRow[]> {
  const rows = await orderQuery(tx, caseId)
    .where('o.withdrawn_at', 'is', null)
    .orderBy('o.made_on', 'desc')
    .orderBy('o.created_at', 'desc')
    .execute();
  return rows.map(toOrder);
}

/** A case's orders withdrawn as entered in error, newest withdrawal first. */
export async function listWithdrawnOrders(tx: Tx, caseId: string): Promise<OrderRow[]> {
  const rows = await orderQuery(tx, caseId)
    .where('o.withdrawn_at', 'is not', null)
    .orderBy('o.withdrawn_at', 'desc')
    .execute();
  return rows.map(toOrder);
}

/** One order of the case, withdrawn or not (its page shows it either way). */
export async function getOrder(tx: Tx, caseId: string, orderId: string): Promise<OrderRow | null> {
  const row = await orderQuery(tx, caseId).where('o.id', '=', orderId).executeTakeFirst();
  return row ? toOrder(row) : null;
}

/**
 * The lifecycle events standing (not withdrawn) of the case's orders (or of one), oldest first: a
 * withdrawn event no longer shapes the order's term or its conditions.
 */
export async function listEvents(
  tx: Tx,
  caseId: string,
  options: { orderId?: string; from?: string; to?: string } = {},
): Promise<EventRow[]> {
  let q = tx
    .selectFrom('court_order_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.created_by')
    // row-level security hides a voice entry the user may not read: its body is then null
    .leftJoin('victim_voice as v', 'v.id', 'e.victim_voice_id')
    .select([
      'e.id',
      'e.order_id',
      'e.kind',
      'e.occurred_on',
      'e.new_ends_on',
      'e.new_until_further_order',
      'e.removed_condition_ids',
      'e.victim_view',
      'e.victim_voice_id',
      'v.body as voice_body',
      'e.notes',
      'e.created_at',
      'u.display_name as created_by',
    ])
    .where('e.case_id', '=', caseId)
    .where('e.withdrawn_at', 'is', null);
  if (options.orderId) q = q.where('e.order_id', '=', options.orderId);
  if (options.from) q = q.where('e.occurred_on', '>=', options.from);
  if (options.to) q = q.where('e.occurred_on', '<=', options.to);
  const rows = await q.orderBy('e.occurred_on').orderBy('e.created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    kind: r.kind as EventKind,
    occurredOn: r.occurred_on,
    newEndsOn: r.new_ends_on,
    newUntilFurtherOrder: r.new_until_further_order,
    removedConditionIds: r.removed_condition_ids,
    victimView: r.victim_view,
    victimVoiceId: r.victim_voice_id,
    victimVoiceBody: r.voice_body,
    notes: r.notes,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

/**
 * The conditions standing of the case's orders (or of one): neither they nor the event that added
 * them (a variation) withdrawn.
 */
export async function listConditions(tx: Tx, caseId: string, orderId?: string): Promise<ConditionRow[]> {
  let q = tx
    .selectFrom('court_order_condition as c')
    .innerJoin('court_order_event as e', 'e.id', 'c.added_event_id')
    .select(['c.id', 'c.order_id', 'c.added_event_id', 'c.kind', 'c.text', 'c.intervention_ref'])
    .where('c.case_id', '=', caseId)
    .where('c.withdrawn_at', 'is', null)
    .where('e.withdrawn_at', 'is', null);
  if (orderId) q = q.where('c.order_id', '=', orderId);
  const rows = await q.orderBy('e.occurred_on').orderBy('c.position').execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    addedEventId: r.added_event_id,
    kind: r.kind as ConditionKind,
    text: r.text,
    interventionRef: r.intervention_ref,
  }));
}

export async function listProtected(tx: Tx, caseId: string, orderId: string): Promise<ProtectedRow[]> {
  const rows = await tx
    .selectFrom('court_order_protected as p')
    .leftJoin('case_victim as cv', 'cv.id', 'p.case_victim_id')
    .leftJoin('person as v', 'v.id', 'cv.victim_id')
    // another person's details: row-level security shows them only to victim-contact readers
    .leftJoin('order_protected_contact as oc', 'oc.id', 'p.protected_contact_id')
    .select([
      'p.case_victim_id',
      'p.protected_contact_id',
      'v.given_name',
      'v.family_name',
      'oc.name as other_name',
      'oc.relationship',
      'cv.withdrawn_at as victim_withdrawn_at',
    ])
    .where('p.case_id', '=', caseId)
    .where('p.order_id', '=', orderId)
    .execute();
  return rows.map((r) => ({
    caseVictimId: r.case_victim_id,
    protectedContactId: r.protected_contact_id,
    name: r.case_victim_id ? `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim() : r.other_name,
    relationship: r.relationship,
    victimWithdrawn: r.victim_withdrawn_at !== null && r.victim_withdrawn_at !== undefined,
  }));
}

function notificationQuery(tx: Tx, caseId: string) {
  return tx
    .selectFrom('order_notification')
    .select(['id', 'order_id', 'trigger', 'trigger_on', 'due_on', 'notified_on', 'notes'])
    .where('case_id', '=', caseId);
}
type NotificationBase = Awaited<ReturnType<ReturnType<typeof notificationQuery>['execute']>>[number];
const toNotification = (r: NotificationBase): NotificationRow => ({
  id: r.id,
  orderId: r.order_id,
  trigger: r.trigger as NotificationTrigger,
  triggerOn: r.trigger_on,
  dueOn: r.due_on,
  notifiedOn: r.notified_on,
  notes: r.notes,
});

export async function listNotifications(tx: Tx, caseId: string, orderId: string): Promise<NotificationRow[]> {
  const rows = await notificationQuery(tx, caseId)
    .where('order_id', '=', orderId)
    .orderBy('trigger_on')
    .orderBy('created_at')
    .execute();
  return rows.map(toNotification);
}

export async function getNotification(tx: Tx, caseId: string, id: string): Promise<NotificationRow | null> {
  const row = await notificationQuery(tx, caseId).where('id', '=', id).executeTakeFirst();
  return row ? toNotification(row) : null;
}

/**
 * The breaches standing (not withdrawn) of the case's orders standing, newest first; of one order
 * (`orderId`), its own whether the order stands or not.
 */
export async function listBreaches(
  tx: Tx,
  caseId: string,
  options: { orderId?: string; from?: string; to?: string } = {},
): Promise<BreachRow[]> {
  let q = tx
    .selectFrom('order_breach as b')
    .innerJoin('court_order as o', 'o.id', 'b.order_id')
    .leftJoin('court_order_condition as c', 'c.id', 'b.condition_id')
    .innerJoin('app_user as u', 'u.id', 'b.created_by')
    .select([
      'b.id',
      'b.order_id',
      'o.kind as order_kind',
      'b.condition_id',
      'c.text as condition_text',
      'b.failure_to_notify',
      'b.occurred_on',
      'b.came_to_light',
      // the linked incidents standing: one withdrawn as entered in error no longer counts
      sql<string[]>`array(select i.id from incident i
                           where i.id = any(b.incident_ids) and i.withdrawn_at is null
                           order by array_position(b.incident_ids, i.id))`.as('incident_ids'),
      'b.action',
      'b.outcome',
      'b.description',
      'b.created_at',
      'u.display_name as created_by',
    ])
    .where('b.case_id', '=', caseId)
    .where('b.withdrawn_at', 'is', null);
  q = options.orderId ? q.where('b.order_id', '=', options.orderId) : q.where('o.withdrawn_at', 'is', null);
  if (options.from) q = q.where('b.occurred_on', '>=', options.from);
  if (options.to) q = q.where('b.occurred_on', '<=', options.to);
  const rows = await q.orderBy('b.occurred_on', 'desc').orderBy('b.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    orderKind: r.order_kind as OrderKind,
    conditionId: r.condition_id,
    conditionText: r.condition_text,
    failureToNotify: r.failure_to_notify,
    occurredOn: r.occurred_on,
    cameToLight: r.came_to_light as BreachSource,
    incidentIds: r.incident_ids,
    action: r.action as BreachAction,
    outcome: r.outcome,
    description: r.description,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

// --- writes -----------------------------------------------------------------------------------

export async function insertOrder(
  tx: Tx,
  v: {
    caseId: string;
    userId: string;
    kind: OrderKind;
    issuingBody: string;
    reference: string | null;
    madeOn: string;
    servedOn: string | null;
    startsOn: string;
    endsOn: string | null;
    untilFurtherOrder: boolean;
    supervisingPractitioner: string | null;
    notes: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('court_order')
    .values({
      case_id: v.caseId,
      kind: v.kind,
      issuing_body: v.issuingBody,
      reference: v.reference,
      made_on: v.madeOn,
      served_on: v.servedOn,
      starts_on: v.startsOn,
      ends_on: v.endsOn,
      until_further_order: v.untilFurtherOrder,
      supervising_practitioner: v.supervisingPractitioner,
      notes: v.notes,
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEvent(
  tx: Tx,
  v: {
    caseId: string;
    orderId: string;
    userId: string;
    kind: EventKind;
    occurredOn: string;
    newEndsOn?: string | null;
    newUntilFurtherOrder?: boolean | null;
    removedConditionIds?: string[];
    victimView?: string | null;
    victimVoiceId?: string | null;
    notes?: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('court_order_event')
    .values({
      case_id: v.caseId,
      order_id: v.orderId,
      kind: v.kind,
      occurred_on: v.occurredOn,
      new_ends_on: v.newEndsOn ?? null,
      new_until_further_order: v.newUntilFurtherOrder ?? null,
      removed_condition_ids: v.removedConditionIds ?? [],
      victim_view: v.victimView ?? null,
      victim_voice_id: v.victimVoiceId ?? null,
      notes: v.notes ?? '',
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertConditions(
  tx: Tx,
  v: { caseId: string; orderId: string; eventId: string; conditions: readonly ConditionInput[] },
): Promise<string[]> {
  if (!v.conditions.length) return [];
  const rows = await tx
    .insertInto('court_order_condition')
    .values(
      v.conditions.map((c, i) => ({
        case_id: v.caseId,
        order_id: v.orderId,
        added_event_id: v.eventId,
        kind: c.kind,
        text: c.text,
        intervention_ref: c.kind === 'positive_requirement' ? (c.interventionRef ?? null) : null,
        position: i,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertProtected(
  tx: Tx,
  v: { caseId: string; orderId: string; caseVictimIds: readonly string[]; contactIds: readonly string[] },
): Promise<void> {
  const rows = [
    ...v.caseVictimIds.map((id) => ({
      case_id: v.caseId,
      order_id: v.orderId,
      case_victim_id: id,
      protected_contact_id: null,
    })),
    ...v.contactIds.map((id) => ({
      case_id: v.caseId,
      order_id: v.orderId,
      case_victim_id: null,
      protected_contact_id: id,
    })),
  ];
  if (rows.length) await tx.insertInto('court_order_protected').values(rows).execute();
}

export async function insertNotification(
  tx: Tx,
  v: {
    caseId: string;
    orderId: string;
    userId: string;
    trigger: NotificationTrigger;
    triggerOn: string;
    dueOn: string;
    notes?: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('order_notification')
    .values({
      case_id: v.caseId,
      order_id: v.orderId,
      trigger: v.trigger,
      trigger_on: v.triggerOn,
      due_on: v.dueOn,
      notes: v.notes ?? '',
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the notification once: false when it was already recorded (a stale form). */
export async function markNotified(
  tx: Tx,
  v: { caseId: string; id: string; userId: string; notifiedOn: string; notes: string | undefined },
): Promise<boolean> {
  const result = await tx
    .updateTable('order_notification')
    .set({
      notified_on: v.notifiedOn,
      notified_recorded_by: v.userId,
      ...(v.notes ? { notes: v.notes } : {}),
    })
    .where('id', '=', v.id)
    .where('case_id', '=', v.caseId)
    .where('notified_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Moves an order's notification requirement on its service (trigger "order"), not yet given, from
 * the date `from` to `to`, its due date with it: the service it ran from was withdrawn.
 */
export async function moveOrderNotificationTrigger(
  tx: Tx,
  v: { caseId: string; orderId: string; from: string; to: string },
): Promise<number> {
  if (v.from === v.to) return 0;
  const result = await tx
    .updateTable('order_notification')
    .set({ trigger_on: v.to, due_on: notificationDueOn(v.to) })
    .where('case_id', '=', v.caseId)
    .where('order_id', '=', v.orderId)
    .where('trigger', '=', 'order')
    .where('trigger_on', '=', v.from)
    .where('notified_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertBreach(
  tx: Tx,
  v: {
    caseId: string;
    orderId: string;
    userId: string;
    conditionId: string | null;
    failureToNotify: boolean;
    occurredOn: string;
    cameToLight: BreachSource;
    incidentIds: string[];
    action: BreachAction;
    outcome: string;
    description: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('order_breach')
    .values({
      case_id: v.caseId,
      order_id: v.orderId,
      condition_id: v.conditionId,
      failure_to_notify: v.failureToNotify,
      occurred_on: v.occurredOn,
      came_to_light: v.cameToLight,
      incident_ids: v.incidentIds,
      action: v.action,
      outcome: v.outcome,
      description: v.description,
      created_by: v.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- what the forms choose from, and checks against the case ----------------------------------

export async function protectedContacts(tx: Tx, caseId: string) {
  return tx
    .selectFrom('order_protected_contact')
    .select(['id', 'name', 'relationship', 'contact_details', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export async function insertProtectedContact(
  tx: Tx,
  caseId: string,
  userId: string,
  v: { name: string; relationship?: string | undefined; contactDetails?: string | undefined },
): Promise<string> {
  const row = await tx
    .insertInto('order_protected_contact')
    .values({
      case_id: caseId,
      name: v.name,
      relationship: v.relationship ?? '',
      contact_details: v.contactDetails ?? '',
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Of these ids, those that are rows of `table` on this case (and visible to the user); of a table
 * whose records are withdrawn as entered in error, those standing (nothing new links to one).
 */
async function idsOnCase(
  tx: Tx,
  table: 'case_victim' | 'order_protected_contact' | 'incident' | 'victim_voice',
  caseId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await sql<{ id: string }>`
    select id from ${sql.table(table)}
     where case_id = ${caseId} and id = any(${[...ids]}::uuid[])
       ${table === 'order_protected_contact' ? sql`` : sql`and withdrawn_at is null`}`.execute(tx);
  return new Set(rows.rows.map((r) => r.id));
}

export const caseVictimsOnCase = (tx: Tx, caseId: string, ids: readonly string[]) =>
  idsOnCase(tx, 'case_victim', caseId, ids);
export const contactsOnCase = (tx: Tx, caseId: string, ids: readonly string[]) =>
  idsOnCase(tx, 'order_protected_contact', caseId, ids);
export const incidentsOnCase = (tx: Tx, caseId: string, ids: readonly string[]) =>
  idsOnCase(tx, 'incident', caseId, ids);
export const voiceOnCase = (tx: Tx, caseId: string, ids: readonly string[]) =>
  idsOnCase(tx, 'victim_voice', caseId, ids);

/** The case's incidents, newest first, for a breach to link to. */
export async function incidentChoices(tx: Tx, caseId: string) {
  return (
    tx
      .selectFrom('incident')
      .select(['id', 'occurred_from', 'behaviours', 'description'])
      .where('case_id', '=', caseId)
      // not those withdrawn as entered in error
      .where('withdrawn_at', 'is', null)
      .orderBy('occurred_from', 'desc')
      .limit(100)
      .execute()
  );
}

/** The case's victim-voice entries the user may read (about order conditions first). */
export async function voiceChoices(tx: Tx, caseId: string) {
  return (
    tx
      .selectFrom('victim_voice')
      .select(['id', 'recorded_on', 'topic', 'body'])
      .where('case_id', '=', caseId)
      // not those withdrawn as entered in error
      .where('withdrawn_at', 'is', null)
      .orderBy(sql`topic = 'order_conditions'`, 'desc')
      .orderBy('recorded_on', 'desc')
      .limit(50)
      .execute()
  );
}

export async function teamMemberIds(tx: Tx, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('case_team').select('user_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id);
}

/**
 * An order's breaches withdrawn as entered in error, newest withdrawal first, with who and why, and
 * `wentWith` when it went with its condition (or the variation that added it) rather than alone.
 */
export function listWithdrawnBreaches(tx: Tx, caseId: string, orderId: string) {
  return tx
    .selectFrom('order_breach as b')
    .innerJoin('app_user as u', 'u.id', 'b.withdrawn_by')
    .leftJoin('court_order_condition as c', 'c.id', 'b.condition_id')
    .leftJoin('court_order_event as ce', 'ce.id', 'c.added_event_id')
    .select([
      'b.id',
      'b.occurred_on as occurredOn',
      'b.withdrawn_at as withdrawnAt',
      'u.display_name as withdrawnBy',
      'b.withdrawn_reason as withdrawnReason',
      sql<'condition' | 'change' | null>`case when c.withdrawn_at = b.withdrawn_at then 'condition'
        when ce.withdrawn_at = b.withdrawn_at then 'change' end`.as('wentWith'),
    ])
    .where('b.case_id', '=', caseId)
    .where('b.order_id', '=', orderId)
    .where('b.withdrawn_at', 'is not', null)
    .orderBy('b.withdrawn_at', 'desc')
    .execute();
}

/**
 * The standing breaches of an order that broke one of these conditions: they go with a condition
 * withdrawn as entered in error (or with the variation that added it).
 */
export async function breachesOfConditions(
  tx: Tx,
  caseId: string,
  conditionIds: readonly string[],
): Promise<string[]> {
  if (!conditionIds.length) return [];
  const rows = await tx
    .selectFrom('order_breach')
    .select('id')
    .where('case_id', '=', caseId)
    .where('condition_id', 'in', [...conditionIds])
    .where('withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** An order's conditions or events withdrawn as entered in error, newest withdrawal first, with who and why. */
export async function listWithdrawnOfOrder(tx: Tx, caseId: string, orderId: string) {
  const [conditions, events] = await Promise.all([
    tx
      .selectFrom('court_order_condition as c')
      .innerJoin('app_user as u', 'u.id', 'c.withdrawn_by')
      .select([
        'c.id',
        'c.text',
        'c.withdrawn_at as withdrawnAt',
        'u.display_name as withdrawnBy',
        'c.withdrawn_reason as withdrawnReason',
      ])
      .where('c.case_id', '=', caseId)
      .where('c.order_id', '=', orderId)
      .where('c.withdrawn_at', 'is not', null)
      .orderBy('c.withdrawn_at', 'desc')
      .execute(),
    tx
      .selectFrom('court_order_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.withdrawn_by')
      .select([
        'e.id',
        'e.kind',
        'e.occurred_on as occurredOn',
        'e.withdrawn_at as withdrawnAt',
        'u.display_name as withdrawnBy',
        'e.withdrawn_reason as withdrawnReason',
      ])
      .where('e.case_id', '=', caseId)
      .where('e.order_id', '=', orderId)
      .where('e.withdrawn_at', 'is not', null)
      .orderBy('e.withdrawn_at', 'desc')
      .execute(),
  ]);
  return { conditions, events: events.map((e) => ({ ...e, kind: e.kind as EventKind })) };
}
