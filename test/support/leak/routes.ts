import { CASE_STATUSES } from '../../../src/modules/cases/rules.js';
import {
  isSiteCoordinatorOf,
  mayEditContact,
  mayRead,
  mayReadAccessLog,
  mayReadAccessReview,
  mayReadCompartment,
  mayReadGrant,
  mayReceive,
  type Compartment,
  type RouteContext,
} from './oracle.js';
import type { RecordKind, WCase, World, WRecord, WUser } from './world.js';

/**
 * THE ROUTE CATALOGUE: every page and API route that returns case data, what each could show, and
 * what each exists to show. For one user, `routesFor` lists the calls to make; for each call:
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
 * calls. `routesFor` refuses to produce a call for any other, and the leak test checks that each
 * is called; test/integration/leak-coverage.test.ts checks that every GET route the application
 * registers is here or in its list of exclusions, each with its reason.
 */
export const COVERED_ROUTES = [
  'GET /cases',
  'GET /api/v1/cases',
  'GET /cases/:id',
  'GET /api/v1/cases/:id',
  'GET /cases/:id/victims',
  'GET /api/v1/cases/:id/victims',
  'GET /cases/:id/victims/:victimId/contact',
  'GET /cases/:id/victims/add',
  'GET /cases/:id/voice',
  'GET /api/v1/cases/:id/voice',
  'GET /cases/:id/safety-plans',
  'GET /api/v1/cases/:id/safety-plans',
  'GET /cases/:id/safety-plans/:caseVictimId/edit',
  'GET /cases/:id/contact-log',
  'GET /api/v1/cases/:id/contact-log',
  'GET /cases/:id/incidents',
  'GET /api/v1/cases/:id/incidents',
  'GET /cases/:id/incidents/new',
  'GET /cases/:id/incidents/import',
  'GET /cases/:id/incidents/import/preview',
  'GET /cases/:id/incidents/:incidentId',
  'GET /api/v1/cases/:id/incidents/:incidentId',
  'GET /cases/:id/risk-plans',
  'GET /api/v1/cases/:id/risk-plans',
  'GET /cases/:id/risk',
  'GET /api/v1/cases/:id/risk',
  'GET /cases/:id/assessments',
  'GET /api/v1/cases/:id/assessments',
  'GET /cases/:id/assessments/new',
  'GET /cases/:id/assessments/:aid',
  'GET /api/v1/cases/:id/assessments/:aid',
  'GET /api/v1/cases/:id/assessments/:aid/fhir',
  'GET /cases/:id/assessments/:aid/sections/:sectionId',
  'GET /cases/:id/assessments/:aid/summary',
  'GET /cases/:id/clinical',
  'GET /api/v1/cases/:id/clinical',
  'GET /cases/:id/intelligence',
  'GET /api/v1/cases/:id/intelligence',
  'GET /cases/:id/timeline',
  'GET /api/v1/cases/:id/timeline',
  'GET /cases/:id/team',
  'GET /cases/:id/status',
  'GET /cases/:id/access-log',
  'GET /referrals/:id/confirmation',
  'GET /people',
  'GET /api/v1/people',
  'GET /figures',
  'GET /api/v1/figures',
  'GET /break-glass/review',
  'GET /sites/:siteId/access-review',
  'GET /sites/:siteId/access-review.csv',
  'GET /api/v1/sites/:siteId/access-review',
  'GET /reviews',
  'GET /api/v1/reviews',
  'GET /notifications',
  'GET /api/v1/notifications',
] as const;

/** A call's route pattern: its `route` without the query or the note in brackets. */
export const patternOf = (route: string): string => route.replace(/ \(.*\)$/, '').replace(/\?.*$/, '');

/** The compartment pages and their API: slug, compartment and the record kind they list. */
const COMPARTMENT_ROUTES: {
  slug: string;
  compartment: Compartment;
  kind: RecordKind;
  /** the page lists the records without their text (the incident list: when, behaviours, who) */
  pageOmitsText?: boolean;
}[] = [
  { slug: 'voice', compartment: 'victim_voice', kind: 'victim_voice' },
  { slug: 'safety-plans', compartment: 'victim_voice', kind: 'safety_plan' },
  { slug: 'contact-log', compartment: 'victim_contact', kind: 'victim_contact_log' },
  { slug: 'incidents', compartment: 'core', kind: 'incident', pageOmitsText: true },
  { slug: 'risk-plans', compartment: 'risk', kind: 'risk_plan' },
  { slug: 'clinical', compartment: 'clinical', kind: 'clinical_note' },
  { slug: 'intelligence', compartment: 'police_intelligence', kind: 'police_intelligence' },
];

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

export function routesFor(world: World, user: WUser, now: Date): RouteCall[] {
  const calls: RouteCall[] = [];
  const withMarker = world.records.filter((r) => r.marker !== null);
  const ofCase = (c: WCase) => withMarker.filter((r) => r.caseIds.includes(c.id));
  const caseRecord = (c: WCase) => withMarker.find((r) => r.kind === 'case' && r.id === c.id)!;
  const subject = (c: WCase) => withMarker.find((r) => r.kind === 'person' && r.id === c.subjectId)!;
  const victimsOf = (c: WCase) =>
    withMarker.filter((r) => r.kind === 'person' && r.id !== c.subjectId && r.caseIds.includes(c.id));
  const may = (r: WRecord) => mayRead(world, user, r, now);
  const core = (c: WCase) => mayReadCompartment(world, user, c, 'core', now);
  /** every case page's header: the person referred and the case reference */
  const inHeader = (c: WCase, r: WRecord) => r === caseRecord(c) || r === subject(c);
  const isKind = (r: WRecord, c: WCase, ...kinds: RecordKind[]) =>
    kinds.includes(r.kind) && r.caseIds.includes(c.id);

  for (const c of world.cases) {
    const relevant = ofCase(c);
    const add = (
      route: string,
      url: string,
      auth: RouteCall['auth'],
      mustShow: (r: WRecord) => boolean,
      phase: 0 | 1 = 1,
    ) => calls.push({ route, url, auth, context: OTHER, relevant, mustShow, phase });
    const victim = (r: WRecord) => victimsOf(c).includes(r);

    // the overview: the person referred, referral, offences, victims (names), status history
    add(
      'GET /cases/:id',
      `/cases/${c.id}`,
      'session',
      (r) =>
        core(c) &&
        (inHeader(c, r) || victim(r) || isKind(r, c, 'referral', 'case_offence', 'case_status_event')),
    );
    add(
      'GET /api/v1/cases/:id',
      `/api/v1/cases/${c.id}`,
      'token',
      (r) => core(c) && (inHeader(c, r) || victim(r) || isKind(r, c, 'case_offence', 'case_status_event')),
    );
    // victims: names are core, contact details are victim_contact
    add(
      'GET /cases/:id/victims',
      `/cases/${c.id}/victims`,
      'session',
      (r) => core(c) && (inHeader(c, r) || victim(r) || (isKind(r, c, 'victim_contact') && may(r))),
    );
    add(
      'GET /api/v1/cases/:id/victims',
      `/api/v1/cases/${c.id}/victims`,
      'token',
      (r) => core(c) && (victim(r) || (isKind(r, c, 'victim_contact') && may(r))),
    );
    // the advocate's form to change one victim's contact details
    for (const cv of c.caseVictimIds) {
      add(
        'GET /cases/:id/victims/:victimId/contact',
        `/cases/${c.id}/victims/${cv}/contact`,
        'session',
        (r) =>
          mayEditContact(user, c) &&
          core(c) &&
          (inHeader(c, r) || (r.kind === 'victim_contact' && r.caseVictimId === cv && may(r))),
      );
    }
    // ...and that form asked for with a victim of another case: never anything of that victim
    const next = world.cases[(world.cases.indexOf(c) + 1) % world.cases.length]!;
    if (next !== c && next.caseVictimIds.length) {
      add(
        'GET /cases/:id/victims/:victimId/contact (victim of another case)',
        `/cases/${c.id}/victims/${next.caseVictimIds[0]!}/contact`,
        'session',
        () => false,
      );
    }
    for (const { slug, compartment, kind, pageOmitsText } of COMPARTMENT_ROUTES) {
      const reads = () => mayReadCompartment(world, user, c, compartment, now);
      // a record of the kind is shown when the user may read it (the voice the victim asked not to
      // be shared is in the compartment but for the advocate only)
      add(
        `GET /cases/:id/${slug}`,
        `/cases/${c.id}/${slug}`,
        'session',
        (r) =>
          reads() &&
          (inHeader(c, r) ||
            (!pageOmitsText && isKind(r, c, kind) && may(r)) ||
            (kind === 'victim_voice' && victim(r))),
      );
      add(
        `GET /api/v1/cases/:id/${slug}`,
        `/api/v1/cases/${c.id}/${slug}`,
        'token',
        (r) => reads() && ((isKind(r, c, kind) && may(r)) || (kind === 'victim_voice' && victim(r))),
      );
    }
    // the timeline: incidents and status changes (core), newest first; assessments (none seeded)
    add(
      'GET /cases/:id/timeline',
      `/cases/${c.id}/timeline`,
      'session',
      (r) => core(c) && (inHeader(c, r) || isKind(r, c, 'incident', 'case_status_event')),
    );
    add(
      'GET /api/v1/cases/:id/timeline',
      `/api/v1/cases/${c.id}/timeline`,
      'token',
      (r) => core(c) && isKind(r, c, 'incident', 'case_status_event'),
    );
    // one incident, with its evidence files (names and SHA-256; the files themselves not fetched)
    // (the incident with the evidence file: one per case keeps the run short)
    const withEvidence = new Set(
      withMarker.filter((r) => r.kind === 'evidence_file').map((r) => r.incidentId),
    );
    for (const incident of withMarker.filter((r) => isKind(r, c, 'incident') && withEvidence.has(r.id))) {
      // an evidence file's name is not shown under break-glass (mayReceive says when)
      const own = (r: WRecord) =>
        r === incident ||
        (r.kind === 'evidence_file' &&
          r.incidentId === incident.id &&
          mayReceive(world, user, r, OTHER, now));
      add(
        'GET /cases/:id/incidents/:incidentId',
        `/cases/${c.id}/incidents/${incident.id}`,
        'session',
        (r) => core(c) && (inHeader(c, r) || own(r)),
      );
      add(
        'GET /api/v1/cases/:id/incidents/:incidentId',
        `/api/v1/cases/${c.id}/incidents/${incident.id}`,
        'token',
        (r) => core(c) && own(r),
      );
    }
    // ...and an incident of another case asked for under this one: never anything of it
    const foreign = withMarker.find((r) => r.kind === 'incident' && !r.caseIds.includes(c.id));
    if (foreign) {
      add(
        'GET /cases/:id/incidents/:incidentId (incident of another case)',
        `/cases/${c.id}/incidents/${foreign.id}`,
        'session',
        () => false,
      );
    }
    // the advocate's form to revise one victim's safety plan: the current plan, for those who write it
    for (const cv of c.caseVictimIds) {
      add(
        'GET /cases/:id/safety-plans/:caseVictimId/edit',
        `/cases/${c.id}/safety-plans/${cv}/edit`,
        'session',
        (r) =>
          mayEditContact(user, c) &&
          core(c) &&
          (inHeader(c, r) || (r.kind === 'safety_plan' && r.caseVictimId === cv && may(r))),
      );
    }
    // forms that show only the case header: recording an incident, importing a diary
    for (const path of ['incidents/new', 'incidents/import']) {
      add(`GET /cases/:id/${path}`, `/cases/${c.id}/${path}`, 'session', () => false);
    }
    // forms that show only the case header: adding a victim, the diary import's preview (without
    // an import under way), starting a risk assessment
    for (const path of ['victims/add', 'incidents/import/preview', 'assessments/new']) {
      add(`GET /cases/:id/${path}`, `/cases/${c.id}/${path}`, 'session', () => false);
    }

    // risk (the risk compartment): the overview shows each rating change with its rationale; the
    // API's history the same
    const risk = () => mayReadCompartment(world, user, c, 'risk', now);
    const ratingOf = (r: WRecord, a?: WRecord) =>
      isKind(r, c, 'risk_rating') && (a === undefined || r.assessmentId === a.id) && may(r);
    add(
      'GET /cases/:id/risk',
      `/cases/${c.id}/risk`,
      'session',
      (r) => risk() && (inHeader(c, r) || ratingOf(r)),
    );
    add('GET /api/v1/cases/:id/risk', `/api/v1/cases/${c.id}/risk`, 'token', (r) => risk() && ratingOf(r));
    // the list of assessments: the page lists instrument, assessor and dates (no text of the
    // record's own); the API gives the co-assessor
    add(
      'GET /cases/:id/assessments',
      `/cases/${c.id}/assessments`,
      'session',
      (r) => risk() && inHeader(c, r),
    );
    add(
      'GET /api/v1/cases/:id/assessments',
      `/api/v1/cases/${c.id}/assessments`,
      'token',
      (r) => risk() && isKind(r, c, 'risk_assessment') && may(r),
    );
    for (const a of withMarker.filter((r) => isKind(r, c, 'risk_assessment'))) {
      // one assessment: its co-assessor, override reason and plan; ratings with their rationale;
      // addenda
      const own = (r: WRecord) =>
        (r === a || (isKind(r, c, 'risk_rating', 'risk_assessment_addendum') && r.assessmentId === a.id)) &&
        may(r);
      add(
        'GET /cases/:id/assessments/:aid',
        `/cases/${c.id}/assessments/${a.id}`,
        'session',
        (r) => risk() && (inHeader(c, r) || own(r)),
      );
      add(
        'GET /api/v1/cases/:id/assessments/:aid',
        `/api/v1/cases/${c.id}/assessments/${a.id}`,
        'token',
        (r) => risk() && own(r),
      );
      if (!a.draft) {
        // the FHIR QuestionnaireResponse of a completed assessment: the override reason and each
        // rating's rationale (not the addenda; no person named, its subject is the case by reference)
        add(
          'GET /api/v1/cases/:id/assessments/:aid/fhir',
          `/api/v1/cases/${c.id}/assessments/${a.id}/fhir`,
          'token',
          (r) => risk() && (r === a || r === caseRecord(c) || ratingOf(r, a)),
        );
      } else {
        // a draft's forms (a section; the typology, override and plan): for those who write risk,
        // checked for leaks only (the oracle knows who reads, not who writes)
        add(
          'GET /cases/:id/assessments/:aid/sections/:sectionId',
          `/cases/${c.id}/assessments/${a.id}/sections/violence`,
          'session',
          () => false,
        );
        add(
          'GET /cases/:id/assessments/:aid/summary',
          `/cases/${c.id}/assessments/${a.id}/summary`,
          'session',
          () => false,
        );
      }
    }
    // ...and an assessment of another case asked for under this one: never anything of it
    const foreignAssessment = withMarker.find(
      (r) => r.kind === 'risk_assessment' && !r.caseIds.includes(c.id),
    );
    if (foreignAssessment) {
      for (const [route, url, auth] of [
        ['GET /cases/:id/assessments/:aid', `/cases/${c.id}/assessments/${foreignAssessment.id}`, 'session'],
        [
          'GET /api/v1/cases/:id/assessments/:aid/fhir',
          `/api/v1/cases/${c.id}/assessments/${foreignAssessment.id}/fhir`,
          'token',
        ],
      ] as const) {
        add(`${route} (assessment of another case)`, url, auth, () => false);
      }
    }

    add('GET /cases/:id/team', `/cases/${c.id}/team`, 'session', (r) => core(c) && inHeader(c, r));
    add('GET /cases/:id/status', `/cases/${c.id}/status`, 'session', (r) => core(c) && inHeader(c, r));
    add(
      'GET /cases/:id/access-log',
      `/cases/${c.id}/access-log`,
      'session',
      (r) => mayReadAccessLog(user, c) && core(c) && (inHeader(c, r) || isKind(r, c, 'audit_event')),
      0,
    );
    // the confirmation after a referral names the case: not its job to show it to anyone else
    add('GET /referrals/:id/confirmation', `/referrals/${c.id}/confirmation`, 'session', () => false);
  }

  // lists of cases
  const everyCase = withMarker.filter(
    (r) => r.kind === 'case' || (r.kind === 'person' && world.cases.some((c) => c.subjectId === r.id)),
  );
  const listed = (r: WRecord, scope: 'default' | 'mine', status?: string) =>
    world.cases.some(
      (c) =>
        (r === caseRecord(c) || r === subject(c)) &&
        (status === undefined || c.status === status) &&
        listsCase(world, user, c, scope, now),
    );
  const list = (route: string, url: string, auth: RouteCall['auth'], mustShow: (r: WRecord) => boolean) =>
    calls.push({ route, url, auth, context: OTHER, relevant: everyCase, mustShow, phase: 1 });
  list('GET /cases', '/cases', 'session', (r) => listed(r, 'default'));
  list('GET /cases?scope=mine', '/cases?scope=mine', 'session', (r) => listed(r, 'mine'));
  list('GET /api/v1/cases', '/api/v1/cases', 'token', (r) => listed(r, 'default'));
  for (const status of CASE_STATUSES) {
    list('GET /cases?status=', `/cases?status=${status}`, 'session', (r) => listed(r, 'default', status));
    list('GET /api/v1/cases?status=', `/api/v1/cases?status=${status}`, 'token', (r) =>
      listed(r, 'default', status),
    );
  }
  for (const site of world.sites) {
    const atThisSite = (r: WRecord) =>
      world.cases.some((c) => c.siteId === site.id && (r === caseRecord(c) || r === subject(c))) &&
      listed(r, 'default');
    list('GET /cases?site=', `/cases?site=${site.id}`, 'session', atThisSite);
    list('GET /api/v1/cases?site=', `/api/v1/cases?site=${site.id}`, 'token', atThisSite);
  }

  // person search: every person on a case the user may read (all the seeded people match "Marker")
  const people = withMarker.filter((r) => r.kind === 'person' || r.kind === 'case');
  for (const [route, url, auth] of [
    ['GET /people?q=', '/people?q=Marker', 'session'],
    ['GET /api/v1/people?q=', '/api/v1/people?q=Marker', 'token'],
  ] as const) {
    calls.push({
      route,
      url,
      auth,
      context: OTHER,
      relevant: people,
      mustShow: (r) => r.kind === 'person' && may(r),
      phase: 1,
    });
  }

  // aggregate figures (national coordinator, evaluators, coordinators): counts, never a record
  for (const [route, url, auth] of [
    ['GET /figures', '/figures', 'session'],
    ['GET /api/v1/figures', '/api/v1/figures', 'token'],
  ] as const) {
    calls.push({ route, url, auth, context: OTHER, relevant: people, mustShow: () => false, phase: 1 });
  }

  // break-glass: the coordinator's review list, and everyone else's own history
  const grantsAndCases = withMarker.filter((r) => r.kind === 'break_glass_grant' || r.kind === 'case');
  calls.push({
    route: 'GET /break-glass/review',
    url: '/break-glass/review',
    auth: 'session',
    context: { kind: 'break-glass-review' },
    relevant: grantsAndCases,
    mustShow: (r) =>
      r.kind === 'break_glass_grant' &&
      mayReadGrant(world, user, { caseId: r.caseIds[0]!, userId: r.userId! }),
    phase: 1,
  });

  // the access review of each site: its cases by reference, for its coordinator or an administrator
  const caseRecords = withMarker.filter((r) => r.kind === 'case');
  for (const site of world.sites) {
    const mustShow = (r: WRecord) =>
      world.caseById.get(r.id)!.siteId === site.id && mayReadAccessReview(user, site.id);
    for (const [route, url, auth] of [
      ['GET /sites/:siteId/access-review', `/sites/${site.id}/access-review`, 'session'],
      ['GET /sites/:siteId/access-review.csv', `/sites/${site.id}/access-review.csv`, 'session'],
      ['GET /api/v1/sites/:siteId/access-review', `/api/v1/sites/${site.id}/access-review`, 'token'],
    ] as const) {
      calls.push({
        route,
        url,
        auth,
        context: { kind: 'access-review', siteId: site.id },
        relevant: caseRecords,
        mustShow,
        phase: 1,
      });
    }
  }

  // reviews due (the risk compartment): open cases whose risk review is past (every seeded case has
  // a completed assessment with a past review date), on the user's own teams; for a site
  // coordinator by default every case at their sites, with scope=mine their own teams (a site
  // filter naming a site not theirs is ignored)
  const reviewed = (r: WRecord, scope: 'default' | 'mine', siteId: string | null, api: boolean) =>
    world.cases.some(
      (c) =>
        (r === caseRecord(c) || (!api && r === subject(c))) &&
        !['closed', 'declined'].includes(c.status) &&
        (siteId === null || !user.siteIds.includes(siteId) || c.siteId === siteId) &&
        mayReadCompartment(world, user, c, 'risk', now) &&
        (user.role === 'site_coordinator' && scope === 'default'
          ? isSiteCoordinatorOf(user, c.siteId)
          : c.team.includes(user.id)),
    );
  const reviewCall = (
    route: string,
    url: string,
    auth: RouteCall['auth'],
    mustShow: (r: WRecord) => boolean,
  ) => calls.push({ route, url, auth, context: OTHER, relevant: everyCase, mustShow, phase: 1 });
  reviewCall('GET /reviews', '/reviews', 'session', (r) => reviewed(r, 'default', null, false));
  reviewCall('GET /reviews?scope=mine', '/reviews?scope=mine', 'session', (r) =>
    reviewed(r, 'mine', null, false),
  );
  reviewCall('GET /api/v1/reviews', '/api/v1/reviews', 'token', (r) => reviewed(r, 'default', null, true));
  reviewCall('GET /api/v1/reviews?scope=mine', '/api/v1/reviews?scope=mine', 'token', (r) =>
    reviewed(r, 'mine', null, true),
  );
  for (const site of world.sites) {
    reviewCall('GET /reviews?site=', `/reviews?site=${site.id}`, 'session', (r) =>
      reviewed(r, 'default', site.id, false),
    );
    reviewCall('GET /api/v1/reviews?site=', `/api/v1/reviews?site=${site.id}`, 'token', (r) =>
      reviewed(r, 'default', site.id, true),
    );
  }

  // notifications: the user's own alerts (each names its case by reference)
  const alerts = withMarker.filter((r) => r.kind === 'notification' || r.kind === 'case');
  for (const [route, url, auth] of [
    ['GET /notifications', '/notifications', 'session'],
    ['GET /api/v1/notifications', '/api/v1/notifications', 'token'],
  ] as const) {
    calls.push({
      route,
      url,
      auth,
      context: OTHER,
      relevant: alerts,
      mustShow: (r) => r.kind === 'notification' && r.userId === user.id && may(r),
      phase: 1,
    });
  }

  const covered = new Set<string>(COVERED_ROUTES);
  for (const call of calls) {
    if (!covered.has(patternOf(call.route)))
      throw new Error(`Route catalogue bug: ${call.route} is not in COVERED_ROUTES`);
  }
  return calls;
}
