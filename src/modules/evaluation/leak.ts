import type { LeakCoverage } from '../../platform/leak.js';

/** The tables the report publishes (each downloadable as CSV). */
const TABLE_KEYS = [
  'cohorts',
  'reoffending',
  'survival',
  'at-risk',
  'median',
  'cox',
  'risk-change',
  'engagement',
  'psychological-change',
  'victim-safety',
  'staff-time',
];

/**
 * The leak test's catalogue for the evaluation: aggregates and pseudonymised extracts only, so no
 * route may show any case's reference or any person's name to anyone (mustShow nothing). The
 * extract file route is called with an extract that does not exist (the worlds make none): the
 * extract's own contents are checked in test/integration/evaluation.test.ts.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /evaluation',
    'GET /evaluation/method',
    'GET /evaluation/tables/:file',
    'GET /evaluation/report.pdf',
    'GET /evaluation/extracts',
    'GET /evaluation/extracts/:extractId/:file',
    'GET /api/v1/evaluation',
    'GET /evaluation/rates',
  ],
  calls(k) {
    const relevant = k.everyCase;
    const none = () => false;
    const site = k.world.sites[0];
    const q = site ? `?sites=${site.id}&cohort=referred&groupBy=site` : '';
    const calls: [string, string, 'session' | 'token'][] = [
      ['GET /evaluation', '/evaluation', 'session'],
      ['GET /evaluation', `/evaluation${q}`, 'session'],
      ['GET /evaluation/method', '/evaluation/method', 'session'],
      ...TABLE_KEYS.map((t): [string, string, 'session'] => [
        'GET /evaluation/tables/:file',
        `/evaluation/tables/${t}.csv`,
        'session',
      ]),
      ['GET /evaluation/report.pdf', '/evaluation/report.pdf', 'session'],
      ['GET /evaluation/extracts', '/evaluation/extracts', 'session'],
      [
        'GET /evaluation/extracts/:extractId/:file',
        '/evaluation/extracts/00000000-0000-4000-8000-000000000000/cases.csv',
        'session',
      ],
      ['GET /api/v1/evaluation', '/api/v1/evaluation', 'token'],
      ['GET /evaluation/rates', '/evaluation/rates', 'session'],
    ];
    for (const [route, url, auth] of calls) k.add({ route, url, auth, relevant, mustShow: none });
  },
};
