import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/migrate.js';
import { foldName } from '../../src/platform/names.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { C_LOCALE_TARGET, targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

/**
 * Names in any script (issue 12): search and duplicate detection give the same answers on PGlite,
 * on PostgreSQL, and on a PostgreSQL database created with LC_COLLATE and LC_CTYPE 'C' (as CI's
 * cluster is), because the application folds every name to ASCII before the database sees it.
 */
describe.each([...targets, C_LOCALE_TARGET])('names in any script on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let authorization: string;
  const clients = clientsFor(() => t);

  type Person = { givenName: string; familyName: string; dateOfBirth: string };
  const PEOPLE: Person[] = [
    { givenName: 'Σοφία', familyName: 'Παπαδοπούλου', dateOfBirth: '1990-01-02' },
    { givenName: 'Анна', familyName: 'Петрова', dateOfBirth: '1988-03-04' },
    { givenName: 'Seán', familyName: "O'Brien-Ní Mhaoláin", dateOfBirth: '1975-05-06' },
    { givenName: 'Llŷr', familyName: 'Evans', dateOfBirth: '1982-07-08' },
    { givenName: 'Łukasz', familyName: 'Wałęsa', dateOfBirth: '1984-09-10' },
    { givenName: 'محمد', familyName: 'عبد الله', dateOfBirth: '1979-11-12' },
    { givenName: '伟', familyName: '张', dateOfBirth: '1970-12-13' },
    // apostrophes and letters beyond the old fold's table of Latin letters
    { givenName: 'Aoife', familyName: 'O‘Brien', dateOfBirth: '1986-02-14' },
    { givenName: 'Thị', familyName: 'Nguyễn', dateOfBirth: '1993-04-15' },
  ];

  let n = 0;
  const refer = (person: Person, extra: Record<string, unknown> = {}) => {
    n += 1;
    return t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization },
      payload: {
        person: { aliases: [], pncId: null, nhsNumber: null, probationRef: null, ...person },
        siteId: site.id,
        referringAgencyId: site.agencies.police,
        referrerName: 'Rita Referrer',
        reason: 'Repeated unwanted contact after the relationship ended',
        offences: [{ code: 'pha_s2a', description: '' }],
        investigationStatus: 'charged',
        victims: [{ givenName: 'Vera', familyName: `Victim${n}`, relationship: 'ex_intimate' }],
        consent: 'given',
        consentNotes: '',
        isAdult: true,
        livesInArea: true,
        ...extra,
      },
    });
  };
  async function search(q: string): Promise<string[]> {
    const response = await t.inject({
      method: 'GET',
      url: `/api/v1/people?q=${encodeURIComponent(q)}`,
      headers: { authorization },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: { givenName: string; familyName: string }[] }).items.map(
      (i) => `${i.givenName} ${i.familyName}`,
    );
  }

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
    authorization = (await t.apiToken(officer.id)).authorization;
    for (const p of PEOPLE) {
      const created = await refer(p);
      expect(created.statusCode, created.body).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('runs on the database it says', async () => {
    const { rows } = await sql<{
      ctype: string;
    }>`select datctype as ctype from pg_database where datname = current_database()`.execute(t.db.owner);
    if (target === C_LOCALE_TARGET) expect(rows[0]!.ctype).toBe('C');
    else expect(rows[0]!.ctype).not.toBe('');
  });

  it('stores each name folded to ASCII by the application', async () => {
    const rows = await t.db.owner
      .selectFrom('person')
      .select(['given_name', 'family_name', 'search_name'])
      .where(
        'given_name',
        'in',
        PEOPLE.map((p) => p.givenName),
      )
      .execute();
    expect(rows).toHaveLength(PEOPLE.length);
    for (const r of rows) {
      expect(r.search_name).toBe(foldName(`${r.given_name} ${r.family_name}`));
      expect(r.search_name).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
    }
  });

  it.each([
    ['the same Greek name', PEOPLE[0]!, 'Παπαδοπούλου'],
    ['the same Cyrillic name', PEOPLE[1]!, 'Петрова'],
    [
      'the Cyrillic name written in Latin letters',
      { ...PEOPLE[1]!, givenName: 'Anna', familyName: 'Petrova' },
      'Петрова',
    ],
    [
      'the Irish name without accents, apostrophe or hyphen',
      { ...PEOPLE[2]!, givenName: 'Sean', familyName: 'OBrien Ni Mhaolain' },
      "O'Brien-Ní Mhaoláin",
    ],
    ['the Welsh name without its circumflex', { ...PEOPLE[3]!, givenName: 'Llyr' }, 'Evans'],
    [
      'the Polish name without its ł and ę',
      { ...PEOPLE[4]!, givenName: 'Lukasz', familyName: 'Walesa' },
      'Wałęsa',
    ],
    ['the same Arabic name', PEOPLE[5]!, 'عبد الله'],
    ['the same Chinese name', PEOPLE[6]!, '张'],
    [
      'the Vietnamese name without its marks',
      { ...PEOPLE[8]!, givenName: 'Thi', familyName: 'Nguyen' },
      'Nguyễn',
    ],
  ])(
    'a second referral of %s with the same date of birth is flagged as a possible duplicate',
    async (_, person, family) => {
      const response = await refer(person);
      expect(response.statusCode, response.body).toBe(409);
      const body = response.json() as { possibleMatches: { familyName: string; dateOfBirth: string }[] };
      expect(body.possibleMatches.map((m) => m.familyName)).toContain(family);
    },
  );

  it.each([
    ['ΠΑΠΑΔΟΠΟΥΛΟΥ', 'Σοφία Παπαδοπούλου'],
    ['Παπαδοπούλου', 'Σοφία Παπαδοπούλου'],
    ['Papadopoulou', 'Σοφία Παπαδοπούλου'],
    ['Петрова', 'Анна Петрова'],
    ['anna petrova', 'Анна Петрова'],
    ['obrien', "Seán O'Brien-Ní Mhaoláin"],
    ['Mhaolain', "Seán O'Brien-Ní Mhaoláin"],
    ['O’Brien', "Seán O'Brien-Ní Mhaoláin"],
    ['Llyr', 'Llŷr Evans'],
    ['walesa', 'Łukasz Wałęsa'],
    ['عبد الله', 'محمد عبد الله'],
    ['张伟', '伟 张'],
    ['obrien', 'Aoife O‘Brien'],
    ['Nguyen', 'Thị Nguyễn'],
  ])('people search for “%s” finds %s', async (q, name) => {
    expect(await search(q)).toContain(name);
  });

  it('the search page finds a Greek name typed in capitals', async () => {
    const page = await clients.get(officer, `/people?q=${encodeURIComponent('ΠΑΠΑΔΟΠΟΥΛΟΥ')}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Σοφία Παπαδοπούλου');
  });

  it('the migration runner folds the names of people recorded without the folded name', async () => {
    await t.db.owner
      .updateTable('person')
      .set({ search_name: null })
      .where('given_name', 'in', ['Анна', 'Llŷr'])
      .execute();
    expect(await search('Петрова')).not.toContain('Анна Петрова');
    await migrate(t.db.ownerPool);
    const rows = await t.db.owner
      .selectFrom('person')
      .select(['search_name'])
      .where('given_name', 'in', ['Анна', 'Llŷr'])
      .orderBy('search_name')
      .execute();
    expect(rows.map((r) => r.search_name)).toEqual(['anna petrova', 'llyr evans']);
    expect(await search('Петрова')).toContain('Анна Петрова');
  });
});
