import { MANIFESTS } from '../../../src/app/modules.js';
import type { LeakKit, LeakTable, RecordKind, RouteContext, WCase, World, WRecord, WUser } from './world.js';
import {
  isSiteCoordinatorOf,
  mayEditContact,
  mayRead,
  mayReadAccessLog,
  mayReadAccessReview,
  mayReadCompartment,
  mayReadGrant,
  mayReceive,
} from './oracle.js';

/**
 * THE ROUTE CATALOGUE, gathered from the modules: each module's manifest declares in its `leak`
 * (src/modules/<m>/leak.ts) the GET routes it has that the leak test calls, the tables of case
 * data it holds, and the calls to make for one user in one world. This file hands each module the
 * oracle's answers for that user (`LeakKit`) and collects the calls. For each call:
 *  - `relevant`: the records the route could show (those of its case, or of every case for lists,
 *    search, reviews); each (user, record, route) among them is one check;
 *  - `mustShow(record)`: the route's job: the record must be there (or it is a wrongful denial).
 *    Only ever true where the oracle says the user may read the record.
 * Any marker in any response that the user may not receive is a leak, relevant or not.
 */

export type RouteCall = {
  /** the route as registered, for reports: 'GET /cases/:id/clinical' */
  route: string;
  url: string;
  auth: 'session' | 'token';
  context: RouteContext;
  relevant: WRecord[];
  mustShow(record: WRecord): boolean;
  /** access logs are read first, before the test's own requests fill them with newer events */
  phase: 0 | 1;
};

const OTHER: RouteContext = { kind: 'other' };

/**
 * Every route pattern (as the application registers it, `app.routeTable`) that the catalogue
 * calls: the union of the manifests' `leak.routes`. `routesFor` refuses to produce a call for any
 * other, and the leak test checks that each is called; test/integration/leak-coverage.test.ts
 * checks that every GET route the application registers is here or in its list of exclusions,
 * each with its reason.
 */
export const COVERED_ROUTES: readonly string[] = MANIFESTS.flatMap((m) => m.leak?.routes ?? []);

/** Tables of case data that belong to no module: the audit log (the platform's). */
const PLATFORM_TABLES: readonly LeakTable[] = [
  { table: 'audit.event', kind: 'audit_event', key: 'id::text' },
];

/** Every table the leak test reads directly as each user: the manifests' `leak.tables` and the platform's. */
export const SQL_TABLES: readonly LeakTable[] = [
  ...MANIFESTS.flatMap((m) => m.leak?.tables ?? []),
  ...PLATFORM_TABLES,
];

/** A call's route pattern: its `route` without the query or the note in brackets. */
export const patternOf = (route: string): string => route.replace(/ \(.*\)$/, '').replace(/\?.*$/, '');

/** Which cases the case list (page and API) is for: a coordinator's whole sites, anyone else's own team. */
export function listsCase(
  world: World,
  user: WUser,
  c: WCase,
  scope: 'default' | 'mine',
  now: Date,
): boolean {
  if (!mayReadCompartment(world, user, c, 'core', now)) return false;
  // "Cases at your sites" for the coordinator; "My cases" (the team's) for everyone else. Cases
  // opened by break-glass may be listed or not: the list is not where break-glass is used.
  if (user.role === 'site_coordinator' && scope === 'default') return isSiteCoordinatorOf(user, c.siteId);
  return c.team.includes(user.id);
}

/** The oracle's answers for one user in one world, and a list the modules' calls go into. */
function kitFor(world: World, user: WUser, now: Date): { kit: LeakKit; calls: RouteCall[] } {
  const calls: RouteCall[] = [];
  const withMarker = world.records.filter((r) => r.marker !== null);
  const ofCase = (c: WCase) => withMarker.filter((r) => r.caseIds.includes(c.id));
  const caseRecord = (c: WCase) => withMarker.find((r) => r.kind === 'case' && r.id === c.id)!;
  const subject = (c: WCase) => withMarker.find((r) => r.kind === 'person' && r.id === c.subjectId)!;
  const may = (r: WRecord) => mayRead(world, user, r, now);
  const isKind = (r: WRecord, c: WCase, ...kinds: RecordKind[]) =>
    kinds.includes(r.kind) && r.caseIds.includes(c.id);
  const inHeader = (c: WCase, r: WRecord) => r === caseRecord(c) || r === subject(c);
  const victimsOf = (c: WCase) =>
    withMarker.filter(
      // a victim withdrawn as entered in error is no longer one of the case's victims (their own
      // page still shows them, marked)
      (r) => r.kind === 'person' && r.id !== c.subjectId && r.caseIds.includes(c.id) && !r.withdrawn,
    );
  const reads: LeakKit['reads'] = (c, compartment) => mayReadCompartment(world, user, c, compartment, now);
  const add: LeakKit['add'] = (call) =>
    calls.push({
      route: call.route,
      url: call.url,
      auth: call.auth,
      context: call.context ?? OTHER,
      relevant: call.relevant,
      mustShow: call.mustShow,
      phase: call.phase ?? 1,
    });
  const addForCase: LeakKit['addForCase'] = (c, route, url, auth, mustShow, phase = 1) =>
    add({ route, url, auth, relevant: ofCase(c), mustShow, phase });
  const kit: LeakKit = {
    world,
    user,
    withMarker,
    ofCase,
    caseRecord,
    subject,
    victimsOf,
    inHeader,
    isKind,
    everyCase: withMarker.filter(
      (r) => r.kind === 'case' || (r.kind === 'person' && world.cases.some((c) => c.subjectId === r.id)),
    ),
    may,
    reads,
    mayReceive: (r, context) => mayReceive(world, user, r, context, now),
    mayEditContact: (c) => mayEditContact(user, c),
    mayReadAccessLog: (c) => mayReadAccessLog(user, c),
    mayReadAccessReview: (siteId) => mayReadAccessReview(user, siteId),
    mayReadGrant: (grant) => mayReadGrant(world, user, grant),
    isSiteCoordinatorOf: (siteId) => isSiteCoordinatorOf(user, siteId),
    coordinatesSites: user.role === 'site_coordinator',
    listsCase: (c, scope) => listsCase(world, user, c, scope, now),
    add,
    addForCase,
    addCompartmentList(c, { slug, compartment, kind, pageOmitsText }) {
      const victim = (r: WRecord) => victimsOf(c).includes(r);
      // a record of the kind is shown when the user may read it (the voice the victim asked not to
      // be shared is in the compartment but for the advocate only), unless withdrawn as entered in
      // error (then only on its own page)
      addForCase(
        c,
        `GET /cases/:id/${slug}`,
        `/cases/${c.id}/${slug}`,
        'session',
        (r) =>
          reads(c, compartment) &&
          (inHeader(c, r) ||
            (!pageOmitsText && isKind(r, c, kind) && may(r) && !r.withdrawn) ||
            (kind === 'victim_voice' && victim(r))),
      );
      addForCase(
        c,
        `GET /api/v1/cases/:id/${slug}`,
        `/api/v1/cases/${c.id}/${slug}`,
        'token',
        (r) =>
          reads(c, compartment) &&
          ((isKind(r, c, kind) && may(r) && !r.withdrawn) || (kind === 'victim_voice' && victim(r))),
      );
    },
  };
  return { kit, calls };
}

/** The calls to make as this user: every module's, each only to the routes its module declares. */
export function routesFor(world: World, user: WUser, now: Date): RouteCall[] {
  const all: RouteCall[] = [];
  for (const m of MANIFESTS) {
    if (!m.leak) continue;
    const { kit, calls } = kitFor(world, user, now);
    m.leak.calls(kit);
    const own = new Set(m.leak.routes);
    for (const call of calls) {
      if (!own.has(patternOf(call.route)))
        throw new Error(`Route catalogue bug: ${m.name} calls ${call.route}, not among its leak.routes`);
    }
    all.push(...calls);
  }
  return all;
}
