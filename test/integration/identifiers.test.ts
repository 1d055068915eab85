import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

/**
 * Identifiers as people write them (issue 12): an NHS number with hyphens or double spaces, a
 * placeholder NHS number, a PNC ID with a wrong check letter or in another written form. Stored in
 * one form, and found by search and duplicate detection whichever form is typed.
 */

const migration015 = fs.readFileSync(
  new URL('../../migrations/015_canonical_identifiers.sql', import.meta.url),
  'utf8',
);

describe.each(targets)('identifiers on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let referrer: TestUser;
  const clients = clientsFor(() => t);
  let n = 0;

  function referral(person: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    n += 1;
    return {
      person: {
        givenName: 'Idris',
        familyName: `Identifier${'ABCDEFGHIJ'[n % 10]}${'KLMNOPQRST'[Math.floor(n / 10) % 10]}`,
        aliases: [],
        dateOfBirth: `1960-01-${String(10 + n).padStart(2, '0')}`,
        pncId: null,
        nhsNumber: null,
        probationRef: null,
        ...person,
      },
      siteId: site.id,
      referringAgencyId: site.agencies.probation,
      referrerName: 'Pat Probation',
      reason: 'Waiting outside the victim’s workplace',
      offences: [{ code: 'pha_s4a', description: '' }],
      investigationStatus: 'convicted',
      victims: [{ givenName: 'Vera', familyName: `Victim${n}`, relationship: 'work' }],
      consent: 'given',
      consentNotes: '',
      isAdult: true,
      livesInArea: true,
      ...extra,
    };
  }
  const refer = (body: unknown) => clients.api(referrer, 'POST', '/api/v1/referrals', body);
  const personOf = async (caseId: string) =>
    t.db.owner
      .selectFrom('cases as c')
      .innerJoin('person as p', 'p.id', 'c.subject_id')
      .select(['p.id', 'p.pnc_id', 'p.nhs_number', 'p.family_name'])
      .where('c.id', '=', caseId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    referrer = await t.createUser({ role: 'probation_practitioner', sites: [site] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  let first: { id: string; family_name: string };

  it('stores an NHS number written with hyphens, and a PNC ID in small letters, in one form', async () => {
    const created = await refer(referral({ pncId: '24/127968k', nhsNumber: '943-476-5919' }));
    expect(created.statusCode, created.body).toBe(201);
    const p = await personOf((JSON.parse(created.body) as { caseId: string }).caseId);
    expect(p).toMatchObject({ pnc_id: '24/127968K', nhs_number: '9434765919' });
    first = p;
  });

  it('accepts double spaces and the slash-less long form', async () => {
    const created = await refer(
      referral({ pncId: '241234567K', nhsNumber: '401  023  2137' }, { confirmNewPerson: true }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const p = await personOf((JSON.parse(created.body) as { caseId: string }).caseId);
    expect(p).toMatchObject({ pnc_id: '24/1234567K', nhs_number: '4010232137' });
  });

  it('refuses placeholder NHS numbers and a PNC ID with the wrong check letter', async () => {
    for (const person of [
      { nhsNumber: '9999999999' },
      { nhsNumber: '0000000000' },
      { pncId: '51/9167718W' },
    ]) {
      const refused = await refer(referral(person, { confirmNewPerson: true }));
      expect(refused.statusCode, JSON.stringify(person)).toBe(400);
      expect(refused.body).toMatch(/placeholder|check letter/);
    }
  });

  it('duplicate detection finds the person by any written form of the PNC ID or NHS number', async () => {
    for (const person of [
      { pncId: '2024/0127968K' },
      { pncId: '24/0127968K' },
      { pncId: '24127968k' },
      { nhsNumber: '943 476 5919' },
    ]) {
      const again = await refer(referral({ givenName: 'Someone', familyName: 'Different', ...person }));
      expect(again.statusCode, JSON.stringify(person)).toBe(409);
      const body = JSON.parse(again.body) as { possibleMatches: { personId: string }[] };
      expect(body.possibleMatches.map((m) => m.personId)).toContain(first.id);
    }
  });

  it('people search finds the person by any written form', async () => {
    for (const q of ['2024/0127968K', '24/127968k', '24/0127968K', '943-476-5919', '943  476  5919']) {
      const page = await clients.get(referrer, `/people?q=${encodeURIComponent(q)}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body), q).toContain(first.family_name);
    }
  });

  it('migration 015 brings identifiers stored before into the same form', async () => {
    const insert = (pnc: string | null, nhs: string | null) =>
      t.db.owner
        .insertInto('person')
        .values({
          id: randomUUID(),
          given_name: 'Old',
          family_name: 'Record',
          pnc_id: pnc,
          nhs_number: nhs,
          created_by: referrer.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const rows = await Promise.all([
      insert('24/127968k', '9999999999'),
      insert('2024/0127968K', '0000000000'),
      insert(' 24/0127968K', '9434765919'),
      insert('241234567K', null),
      insert('51/9167718W', null),
      insert('not a PNC', null),
    ]);
    await t.db.ownerPool.query(migration015);
    const after = await t.db.owner
      .selectFrom('person')
      .select(['id', 'pnc_id', 'nhs_number'])
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(rows.map((r) => byId.get(r.id))).toMatchObject([
      { pnc_id: '24/127968K', nhs_number: null },
      { pnc_id: '24/127968K', nhs_number: null },
      { pnc_id: '24/127968K', nhs_number: '9434765919' },
      { pnc_id: '24/1234567K', nhs_number: null },
      // a wrong check letter or no PNC ID at all cannot be corrected: left as entered
      { pnc_id: '51/9167718W', nhs_number: null },
      { pnc_id: 'not a PNC', nhs_number: null },
    ]);
  });
});
