import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRows, CORE_TABLE_ORDER } from '../../src/demo/case-builder.js';
import { insertCaseRows } from '../../src/demo/insert-rows.js';
import { openTestDatabase, targets, type TestDatabase } from '../support/databases.js';
import { seedSite, seedUser, type TestSite, type TestUser } from '../support/fixtures.js';

describe.each(targets)('insertCaseRows on %s', (target) => {
  let t: TestDatabase;
  let site: TestSite;
  let user: TestUser;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    site = await seedSite(t.db.owner);
    user = await seedUser(t.db.owner, { role: 'stalking_coordinator', sites: [site] });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('writes many cases in one call, exactly as built, and a person a later case reuses once', async () => {
    const createdAt = new Date('2025-03-01T12:34:56.789Z');
    const first = caseRows({
      siteId: site.id,
      reference: `${site.code}-900001`,
      createdBy: user.id,
      createdAt,
      subject: { given: 'Alia', family: 'Sed', aliases: ['Ally Sed', 'A. Sed'], dateOfBirth: '1979-12-31' },
      investigationStatus: 'convicted',
      referral: {
        agencyId: site.agencies.probation,
        referrerName: 'Rita',
        reason: 'Letters',
        consent: 'refused',
        livesInArea: false,
      },
      offences: [
        { code: 'pha_s2a', description: 'Stalking' },
        { code: 'pha_s4a', description: 'Stalking (s4A)' },
      ],
      victims: [{ person: { given: 'Vera', family: 'Vale' }, relationship: 'work', victimKind: 'proxy' }],
      statusEvents: [
        { to: 'referred', reason: 'Referral received' },
        {
          to: 'accepted',
          acceptedMode: 'intervention',
          reason: 'Panel',
          at: new Date('2025-03-05T08:00:00Z'),
        },
      ],
      team: [user.id],
    });
    const victimPerson = first.case_victim[0]!.victim_id;
    const second = caseRows({
      siteId: site.id,
      reference: `${site.code}-900002`,
      createdBy: user.id,
      subject: { given: 'Bo', family: 'Other', nhsNumber: '9434765919' },
      investigationStatus: 'charged',
      referral: { agencyId: site.agencies.police, referrerName: 'Tom', reason: 'Calls', consent: 'given' },
      offences: [],
      victims: [{ person: { existing: victimPerson }, relationship: 'family' }],
      statusEvents: [{ to: 'referred', reason: 'Referral received' }],
      team: [],
    });
    await t.db.owner.transaction().execute((tx) => insertCaseRows(tx, [first, second]));

    const caseIds = [first.cases[0]!.id, second.cases[0]!.id];
    const personIds = [...first.person, ...second.person].map((p) => p.id);
    const count = async (table: (typeof CORE_TABLE_ORDER)[number]): Promise<number> => {
      if (table === 'person')
        return (await t.db.owner.selectFrom('person').select('id').where('id', 'in', personIds).execute())
          .length;
      if (table === 'cases')
        return (await t.db.owner.selectFrom('cases').select('id').where('id', 'in', caseIds).execute())
          .length;
      return (await t.db.owner.selectFrom(table).select('case_id').where('case_id', 'in', caseIds).execute())
        .length;
    };
    for (const table of CORE_TABLE_ORDER)
      expect(await count(table), table).toBe(first[table].length + second[table].length);

    const c = await t.db.owner
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', first.cases[0]!.id)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      status: 'accepted',
      accepted_mode: 'intervention',
      investigation_status: 'convicted',
    });
    expect(new Date(c.created_at).toISOString()).toBe(createdAt.toISOString());
    expect(new Date(c.updated_at).toISOString()).toBe('2025-03-05T08:00:00.000Z');
    const subject = await t.db.owner
      .selectFrom('person')
      .selectAll()
      .where('id', '=', c.subject_id)
      .executeTakeFirstOrThrow();
    expect(subject.aliases).toEqual(['Ally Sed', 'A. Sed']);
    expect(subject.date_of_birth).toBe('1979-12-31');
    const referral = await t.db.owner
      .selectFrom('referral')
      .selectAll()
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ id: first.referral[0]!.id, consent: 'refused', lives_in_area: false });
    const victims = await t.db.owner
      .selectFrom('case_victim')
      .select(['case_id', 'victim_id', 'victim_kind'])
      .where('victim_id', '=', victimPerson)
      .orderBy('relationship', 'desc')
      .execute();
    expect(victims).toEqual([
      { case_id: first.cases[0]!.id, victim_id: victimPerson, victim_kind: 'proxy' },
      { case_id: second.cases[0]!.id, victim_id: victimPerson, victim_kind: 'victim' },
    ]);
  });
});
