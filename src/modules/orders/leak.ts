import type { LeakCoverage, WRecord } from '../../platform/leak.js';

const ORDER_RECORDS = new Set([
  'court_order',
  'court_order_event',
  'court_order_condition',
  'order_notification',
  'order_breach',
]);

/**
 * The leak test's catalogue for orders: the orders, their events, conditions, notification
 * requirements and breaches are core; another protected person's details are victim-contact (shown
 * on the order only to those who read it).
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/orders',
    'GET /api/v1/cases/:id/orders',
    'GET /cases/:id/orders/new',
    'GET /cases/:id/orders/:orderId',
    'GET /api/v1/cases/:id/orders/:orderId',
    'GET /cases/:id/orders/:orderId/events/new',
    'GET /cases/:id/orders/:orderId/breaches/new',
    'GET /cases/:id/orders/:orderId/breaches/:recordId/withdraw',
    'GET /cases/:id/orders/:orderId/withdraw',
    'GET /cases/:id/orders/:orderId/conditions/:recordId/withdraw',
    'GET /cases/:id/orders/:orderId/events/:recordId/withdraw',
    'GET /api/v1/cases/:id/breaches',
    'GET /cases/:id/protected-people',
    'GET /api/v1/cases/:id/protected-people',
  ],
  tables: [
    { table: 'court_order', kind: 'court_order', key: 'id::text' },
    { table: 'court_order_event', kind: 'court_order_event', key: 'id::text' },
    { table: 'court_order_condition', kind: 'court_order_condition', key: 'id::text' },
    { table: 'court_order_protected', kind: 'court_order_protected', key: 'id::text' },
    { table: 'order_notification', kind: 'order_notification', key: 'id::text' },
    { table: 'order_breach', kind: 'order_breach', key: 'id::text' },
    { table: 'order_protected_contact', kind: 'order_protected_contact', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      // the list shows each order (kind, court, dates) and the breaches
      k.addCompartmentList(c, { slug: 'orders', compartment: 'core', kind: 'court_order' });
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/breaches',
        `/api/v1/cases/${c.id}/breaches`,
        'token',
        (r) => core() && k.isKind(r, c, 'order_breach'),
      );
      k.addCompartmentList(c, {
        slug: 'protected-people',
        compartment: 'victim_contact',
        kind: 'order_protected_contact',
      });
      for (const order of k.withMarker.filter((r) => k.isKind(r, c, 'court_order'))) {
        // the withdrawal pages need core write, which the oracle does not model: nothing they show
        // may reach anyone who may not read it (no record is required of them)
        k.addForCase(
          c,
          'GET /cases/:id/orders/:orderId/withdraw',
          `/cases/${c.id}/orders/${order.id}/withdraw`,
          'session',
          () => false,
        );
        for (const [kind, slug] of [
          ['order_breach', 'breaches'],
          ['court_order_condition', 'conditions'],
          ['court_order_event', 'events'],
        ] as const)
          for (const part of k.withMarker.filter((r) => k.isKind(r, c, kind) && r.orderId === order.id))
            k.addForCase(
              c,
              `GET /cases/:id/orders/:orderId/${slug}/:recordId/withdraw`,
              `/cases/${c.id}/orders/${order.id}/${slug}/${part.id}/withdraw`,
              'session',
              () => false,
            );
        // the order page: all of its own records; another protected person's name to victim-contact readers
        const own = (r: WRecord) =>
          r === order ||
          (ORDER_RECORDS.has(r.kind) && r.orderId === order.id) ||
          (k.isKind(r, c, 'order_protected_contact') && k.may(r));
        k.addForCase(
          c,
          'GET /cases/:id/orders/:orderId',
          `/cases/${c.id}/orders/${order.id}`,
          'session',
          (r) => core() && (k.inHeader(c, r) || own(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/orders/:orderId',
          `/api/v1/cases/${c.id}/orders/${order.id}`,
          'token',
          (r) => core() && own(r),
        );
        // the forms name the order's conditions (and offer the case's incidents and voice to link)
        k.addForCase(
          c,
          'GET /cases/:id/orders/:orderId/events/new',
          `/cases/${c.id}/orders/${order.id}/events/new`,
          'session',
          () => false,
        );
        k.addForCase(
          c,
          'GET /cases/:id/orders/:orderId/breaches/new',
          `/cases/${c.id}/orders/${order.id}/breaches/new`,
          'session',
          () => false,
        );
      }
      // an order of another case asked for under this one: never anything of it
      const foreign = k.withMarker.find((r) => r.kind === 'court_order' && !r.caseIds.includes(c.id));
      if (foreign)
        k.addForCase(
          c,
          'GET /cases/:id/orders/:orderId (order of another case)',
          `/cases/${c.id}/orders/${foreign.id}`,
          'session',
          () => false,
        );
      k.addForCase(c, 'GET /cases/:id/orders/new', `/cases/${c.id}/orders/new`, 'session', () => false);
    }
  },
};
