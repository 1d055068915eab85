import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { urlencoded } from '../support/http.js';

/**
 * Input PostgreSQL cannot store never gives a 5xx (issue 8, item 2): NUL, other control characters
 * and unpaired surrogates in any parameter, query or body of every registered route are refused with
 * a 4xx naming the field; dates before 1900 are refused wherever dates are taken.
 */

const BAD_TEXTS = ['a\u0000b', 'a\u0007b', 'a\u009Bb', 'a\uD800b'];

/** For a URL: a lone surrogate has no UTF-8 form, so it goes as the bytes a careless client sends. */
const enc = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.split('\uD800').map(encodeURIComponent).join('%ED%A0%80');
  }
};

describe.each(targets)('text and dates the database cannot hold on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let theCase: TestCase;
  let session: SignedIn;
  let adminId: string;
  let api: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const admin = await t.createUser({ role: 'administrator', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });
    session = await t.signIn(advocate.id);
    adminId = admin.id;
    api = (await t.apiToken(advocate.id)).authorization;
  });
  afterAll(async () => {
    await t?.close();
  });

  const incidentCount = () =>
    t.db.owner
      .selectFrom('incident')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  /** The route's URL with its parameters filled: the case's id for `:id`, a new uuid for others. */
  const fill = (url: string, bad?: string) =>
    url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
      bad !== undefined && name === 'id' ? enc(bad) : name === 'id' ? theCase.caseId : randomUUID(),
    );

  it('answers every route given unstorable text in its query, body or parameters with a 4xx', async () => {
    const routes = t.app.routeTable.filter(
      (r) =>
        r.method !== 'HEAD' &&
        r.method !== 'OPTIONS' &&
        !/^\/(assets|public|health)\//.test(r.url) &&
        !r.url.startsWith('/api/docs') &&
        !r.url.includes('*'),
    );
    expect(routes.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const route of routes) {
      const isApi = route.url.startsWith('/api/');
      // a session of its own for each route: a lone surrogate in a form arrives as U+FFFD, which is
      // storable text, so the route really runs (and sign-out really signs out)
      const who = await t.signIn(route.url.startsWith('/admin') ? adminId : advocate.id);
      for (const bad of BAD_TEXTS) {
        const attempts: { label: string; url: string; payload?: string; type?: string }[] = [
          { label: 'query', url: `${fill(route.url)}?q=${enc(bad)}&page=1` },
        ];
        if (route.url.includes(':id')) attempts.push({ label: 'parameter', url: fill(route.url, bad) });
        if (route.method !== 'GET' && route.method !== 'DELETE') {
          attempts.push(
            isApi
              ? {
                  label: 'JSON body',
                  url: fill(route.url),
                  type: 'application/json',
                  payload: JSON.stringify({ description: bad, [`k${bad}`]: 'x', reason: bad }),
                }
              : {
                  label: 'form body',
                  url: fill(route.url),
                  type: 'application/x-www-form-urlencoded',
                  payload: urlencoded({ _csrf: who.csrfToken, description: bad, reason: bad, q: bad }),
                },
          );
        }
        for (const attempt of attempts) {
          const response = await t.inject({
            method: route.method as 'GET',
            url: attempt.url,
            headers: {
              ...(isApi ? { authorization: api } : { cookie: who.cookie }),
              ...(attempt.type ? { 'content-type': attempt.type } : {}),
            },
            ...(attempt.payload !== undefined ? { payload: attempt.payload } : {}),
          });
          if (response.statusCode >= 500)
            failures.push(
              `${route.method} ${route.url} (${attempt.label}, ${JSON.stringify(bad)}): ${response.statusCode}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a NUL in the people search with a 400 that names the field', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/people?q=a%00b',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('cannot be saved');
    expect(response.body).toContain('a null character from q');
  });

  it('refuses control characters in an incident and saves nothing', async () => {
    const before = await incidentCount();
    for (const bad of BAD_TEXTS) {
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: JSON.stringify({
          occurredFrom: '2025-03-04T10:00',
          behaviours: ['following'],
          reportedBy: 'advocate',
          description: `Followed to work ${bad}`,
        }),
      });
      expect(response.statusCode).toBe(400);
      const problem = response.json() as { errors: { field: string }[] };
      expect(problem.errors[0]!.field).toBe('description');
    }
    const page = await t.inject({
      method: 'POST',
      url: `/cases/${theCase.caseId}/incidents`,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: urlencoded({
        _csrf: session.csrfToken,
        timing: 'exact',
        'occurredFrom-day': '4',
        'occurredFrom-month': '3',
        'occurredFrom-year': '2025',
        behaviours: 'following',
        reportedBy: 'advocate',
        description: 'Waited\u0000 outside',
      }),
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('a null character from description');
    expect(await incidentCount()).toBe(before);
  });

  it('refuses years 0000 and 0001 and anything before 1900 as incident dates', async () => {
    const before = await incidentCount();
    for (const when of ['0000-01-01', '0001-06-01T10:00', '1899-12-31']) {
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: JSON.stringify({
          occurredFrom: when,
          behaviours: ['following'],
          reportedBy: 'advocate',
          description: 'Followed to work',
        }),
      });
      expect(response.statusCode, when).toBe(400);
      expect((response.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('occurredFrom');
      if (when.startsWith('1899')) expect(response.body).toContain('1900 or later');
    }
    expect(await incidentCount()).toBe(before);
  });

  it('refuses a voice entry dated in year 1 and a contact log entry before 1900', async () => {
    const voice = await t.inject({
      method: 'POST',
      url: `/api/v1/cases/${theCase.caseId}/voice`,
      headers: { authorization: api, 'content-type': 'application/json' },
      payload: JSON.stringify({
        text: 'She wants the order kept',
        sharing: 'verbatim',
        recordedOn: '0001-01-01',
      }),
    });
    expect(voice.statusCode).toBe(400);
    expect(voice.body).toContain('between 1900');
  });

  it('shows a diary row holding a NUL or a year before 1900 as a row that cannot be saved', async () => {
    const csv =
      'date,time,end date,approximate,behaviours,victim,description\r\n' +
      '03/03/2025,,,,following,,Waited\u0000 outside\r\n' +
      '01/01/0001,,,,following,,Sent a letter\r\n' +
      '04/03/2025,,,,following,,Phoned twice\r\n';
    const boundary = 'recolo-diary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="diary.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const upload = await t.inject({
      method: 'POST',
      url: `/cases/${theCase.caseId}/incidents/import?_csrf=${encodeURIComponent(session.csrfToken)}`,
      headers: { cookie: session.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(upload.statusCode).toBe(303);
    const preview = await t.inject({
      method: 'GET',
      url: `/cases/${theCase.caseId}/incidents/import/preview`,
      headers: { cookie: session.cookie },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('The description contains a null character, which cannot be saved');
    expect(preview.body).toContain('is not a real date');
    expect(preview.body).toContain('Phoned twice');
  });
});
