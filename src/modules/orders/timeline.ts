import { canRead } from '../../platform/access/case-access.js';
import type { DateRange, TimelineSource } from '../../platform/manifest.js';
import { todayInLondon } from '../../platform/time.js';
import { ukLocalToDate } from '../incidents/public.js';
import { listBreaches, listConditions, listEvents, listOrders } from './repository.js';
import { ACTION_LABELS, EVENT_LABELS, ORDER_KIND_SHORT, SOURCE_LABELS } from './rules.js';

/** A calendar date's start, UK time, for the timeline's ordering. */
const startOf = (date: string): Date => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ukLocalToDate(y, m, d) ?? new Date(`${date}T00:00:00Z`);
};

const dates = (range: DateRange) => ({
  ...(range.from ? { from: todayInLondon(range.from) } : {}),
  ...(range.to ? { to: todayInLondon(range.to) } : {}),
});

/** Orders made and what happened to them (served, varied, renewed, discharged, expired, appealed). */
export const orderEvents: TimelineSource = {
  type: 'order_event',
  label: 'Orders',
  order: 40,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const [events, orders, conditions] = await Promise.all([
      listEvents(tx, caseId, dates(range)),
      listOrders(tx, caseId),
      listConditions(tx, caseId),
    ]);
    const kindOf = new Map(orders.map((o) => [o.id, o.kind]));
    const text = new Map(conditions.map((c) => [c.id, c.text]));
    return events.flatMap((e) => {
      const kind = kindOf.get(e.orderId);
      if (!kind) return [];
      const added = conditions.filter((c) => c.addedEventId === e.id).map((c) => c.text);
      const lines: string[] = [];
      if (e.kind === 'varied') {
        if (added.length) lines.push(`Conditions added: ${added.join('; ')}`);
        if (e.removedConditionIds.length)
          lines.push(
            `Conditions removed: ${e.removedConditionIds.map((id) => text.get(id) ?? 'a condition').join('; ')}`,
          );
        if (e.victimView) lines.push(`The victim’s view: ${e.victimView}`);
      } else if (e.kind === 'made' && added.length)
        lines.push(`${added.length} condition${added.length === 1 ? '' : 's'}`);
      if (e.newUntilFurtherOrder) lines.push('Now until further order');
      else if (e.newEndsOn) lines.push(`Now ends on ${e.newEndsOn}`);
      return [
        {
          type: 'order_event',
          id: e.id,
          at: startOf(e.occurredOn),
          title: `${ORDER_KIND_SHORT[kind]} ${EVENT_LABELS[e.kind].toLowerCase()}`,
          by: e.createdBy,
          when: null,
          lines,
          href: `/cases/${caseId}/orders/${e.orderId}`,
        },
      ];
    });
  },
};

/** Breaches of orders. */
export const breachEvents: TimelineSource = {
  type: 'order_breach',
  label: 'Breaches',
  order: 41,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const rows = await listBreaches(tx, caseId, dates(range));
    return rows.map((b) => ({
      type: 'order_breach',
      id: b.id,
      at: startOf(b.occurredOn),
      title: `Breach of the ${ORDER_KIND_SHORT[b.orderKind].toLowerCase()}`,
      by: b.createdBy,
      when: null,
      lines: [
        b.failureToNotify ? 'Failure to notify' : `Condition broken: ${b.conditionText ?? ''}`,
        `Came to light through: ${SOURCE_LABELS[b.cameToLight].toLowerCase()}; action: ${ACTION_LABELS[b.action].toLowerCase()}`,
        b.description,
        ...(b.incidentIds.length
          ? [`${b.incidentIds.length} linked incident${b.incidentIds.length === 1 ? '' : 's'}`]
          : []),
      ],
      href: `/cases/${caseId}/orders/${b.orderId}#breaches`,
    }));
  },
};
