import type { LeakCoverage, WRecord } from '../../platform/leak.js';

const OF_ITEM = new Set(['meeting_item_addendum', 'case_action']);

/**
 * The leak test's catalogue for meetings. A meeting belongs to its site; what it says of a case is
 * held per case item (core), so the meeting's page and API show the items (reference, minutes,
 * addenda, actions) of the cases the reader may see and nothing of the others, and an item's own
 * page is the case's (core) alone. The world holds one meeting per site with an item per case.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /meetings',
    'GET /api/v1/meetings',
    'GET /meetings/new',
    'GET /meetings/:meetingId',
    'GET /api/v1/meetings/:meetingId',
    'GET /meetings/:meetingId/pack.pdf',
    'GET /api/v1/meetings/:meetingId/pack',
    'GET /meetings/:meetingId/items/:itemId',
    'GET /cases/:id/meetings/:meetingId/items/:itemId/withdraw',
  ],
  tables: [
    { table: 'meeting_item', kind: 'meeting_item', key: 'id::text' },
    { table: 'meeting_item_addendum', kind: 'meeting_item_addendum', key: 'id::text' },
  ],
  calls(k) {
    // the list and the scheduling form: meetings and the site's staff, no case data
    k.add({ route: 'GET /meetings', url: '/meetings', auth: 'session', relevant: [], mustShow: () => false });
    k.add({
      route: 'GET /api/v1/meetings',
      url: '/api/v1/meetings',
      auth: 'token',
      relevant: [],
      mustShow: () => false,
    });
    k.add({
      route: 'GET /meetings/new',
      url: '/meetings/new',
      auth: 'session',
      relevant: [],
      mustShow: () => false,
    });
    const items = k.withMarker.filter((r) => r.kind === 'meeting_item');
    const meetingIds = [...new Set(items.map((r) => r.meetingId!))];
    for (const meetingId of meetingIds) {
      const mine = (r: WRecord) => r.meetingId === meetingId;
      const itemCases = new Set(items.filter(mine).flatMap((r) => r.caseIds));
      const caseRecords = k.world.cases.filter((c) => itemCases.has(c.id)).map((c) => k.caseRecord(c));
      const own = k.withMarker.filter((r) => mine(r) && (r.kind === 'meeting_item' || OF_ITEM.has(r.kind)));
      // the page: "Case REF" for each item the reader may see (the coordinator's suggestions name
      // other cases at the site, which they may read)
      k.add({
        route: 'GET /meetings/:meetingId',
        url: `/meetings/${meetingId}`,
        auth: 'session',
        relevant: caseRecords,
        mustShow: (r) => k.may(r),
      });
      // the API: each item's minutes, addenda and actions, with its case's reference
      k.add({
        route: 'GET /api/v1/meetings/:meetingId',
        url: `/api/v1/meetings/${meetingId}`,
        auth: 'token',
        relevant: [...caseRecords, ...own],
        mustShow: (r) => k.may(r),
      });
      // the pack or minutes as a PDF (read as text): the same items, minutes, addenda and actions
      for (const [route, url, auth] of [
        ['GET /meetings/:meetingId/pack.pdf', `/meetings/${meetingId}/pack.pdf`, 'session'],
        ['GET /api/v1/meetings/:meetingId/pack', `/api/v1/meetings/${meetingId}/pack`, 'token'],
      ] as const)
        k.add({ route, url, auth, relevant: [...caseRecords, ...own], mustShow: (r) => k.may(r) });
    }
    for (const item of items) {
      const c = k.world.caseById.get(item.caseIds[0]!)!;
      k.addForCase(
        c,
        'GET /meetings/:meetingId/items/:itemId',
        `/meetings/${item.meetingId}/items/${item.id}`,
        'session',
        (r) =>
          k.reads(c, 'core') &&
          (r === item || r === k.caseRecord(c) || (OF_ITEM.has(r.kind) && r.itemId === item.id)),
      );
      // the withdrawal page needs core write, which the oracle does not model: nothing it shows
      // may reach anyone who may not read it (no record is required of it)
      k.addForCase(
        c,
        'GET /cases/:id/meetings/:meetingId/items/:itemId/withdraw',
        `/cases/${c.id}/meetings/${item.meetingId}/items/${item.id}/withdraw`,
        'session',
        () => false,
      );
    }
  },
};
