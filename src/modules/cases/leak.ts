import type { LeakCoverage, WRecord } from '../../platform/leak.js';
import { CASE_STATUSES } from './rules.js';

/** The leak test's catalogue for cases: the overview, team, status, access log and the case lists. */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases',
    'GET /api/v1/cases',
    'GET /cases/:id',
    'GET /api/v1/cases/:id',
    'GET /cases/:id/team',
    'GET /cases/:id/status',
    'GET /cases/:id/access-log',
    'GET /cases/:id/access-log.csv',
    'GET /cases/:id/team/:userId/remove',
  ],
  tables: [
    { table: 'cases', kind: 'case', key: 'id::text' },
    { table: 'case_offence', kind: 'case_offence', key: 'id::text' },
    { table: 'case_team', kind: 'case_team', key: `case_id::text || ':' || user_id::text` },
    { table: 'case_status_event', kind: 'case_status_event', key: 'id::text' },
  ],
  calls(k) {
    const { world } = k;
    for (const c of world.cases) {
      const core = () => k.reads(c, 'core');
      const victim = (r: WRecord) => k.victimsOf(c).includes(r);
      // an offence withdrawn as entered in error leaves the overview
      const standingOffence = (r: WRecord) => k.isKind(r, c, 'case_offence') && !r.withdrawn;
      // the overview: the person referred, referral, offences, victims (names), status history
      k.addForCase(
        c,
        'GET /cases/:id',
        `/cases/${c.id}`,
        'session',
        (r) =>
          core() &&
          (k.inHeader(c, r) ||
            victim(r) ||
            k.isKind(r, c, 'referral', 'case_status_event') ||
            standingOffence(r)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id',
        `/api/v1/cases/${c.id}`,
        'token',
        (r) =>
          core() &&
          (k.inHeader(c, r) || victim(r) || k.isKind(r, c, 'case_status_event') || standingOffence(r)),
      );
      k.addForCase(
        c,
        'GET /cases/:id/team',
        `/cases/${c.id}/team`,
        'session',
        (r) => core() && k.inHeader(c, r),
      );
      k.addForCase(
        c,
        'GET /cases/:id/status',
        `/cases/${c.id}/status`,
        'session',
        (r) => core() && k.inHeader(c, r),
      );
      // the confirmation before removing a team member: the site's coordinator only
      if (c.team[0])
        k.addForCase(
          c,
          'GET /cases/:id/team/:userId/remove',
          `/cases/${c.id}/team/${c.team[0]}/remove`,
          'session',
          (r) => k.mayReadAccessLog(c) && core() && k.inHeader(c, r),
        );
      // oldest first: the seeded event is the log's first, and the checks add hundreds after it
      k.addForCase(
        c,
        'GET /cases/:id/access-log',
        `/cases/${c.id}/access-log?order=oldest`,
        'session',
        (r) => k.mayReadAccessLog(c) && core() && (k.inHeader(c, r) || k.isKind(r, c, 'audit_event')),
        0,
      );
      k.addForCase(
        c,
        'GET /cases/:id/access-log.csv',
        `/cases/${c.id}/access-log.csv?order=oldest`,
        'session',
        (r) => k.mayReadAccessLog(c) && core() && k.isKind(r, c, 'audit_event'),
        0,
      );
    }

    // lists of cases
    const listed = (r: WRecord, scope: 'default' | 'mine', status?: string) =>
      world.cases.some(
        (c) =>
          (r === k.caseRecord(c) || r === k.subject(c)) &&
          (status === undefined || c.status === status) &&
          k.listsCase(c, scope),
      );
    const list = (route: string, url: string, auth: 'session' | 'token', mustShow: (r: WRecord) => boolean) =>
      k.add({ route, url, auth, relevant: k.everyCase, mustShow });
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
        world.cases.some((c) => c.siteId === site.id && (r === k.caseRecord(c) || r === k.subject(c))) &&
        listed(r, 'default');
      list('GET /cases?site=', `/cases?site=${site.id}`, 'session', atThisSite);
      list('GET /api/v1/cases?site=', `/api/v1/cases?site=${site.id}`, 'token', atThisSite);
    }
  },
};
