import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, openTestDatabase, targets, type TestDatabase } from '../support/databases.js';
import {
  seedCase,
  seedSite,
  seedUser,
  type TestCase,
  type TestSite,
  type TestUser,
} from '../support/fixtures.js';

const CASE_TABLES = [
  'cases',
  'person',
  'referral',
  'case_offence',
  'case_victim',
  'case_team',
  'case_status_event',
] as const;
type CaseTable = (typeof CASE_TABLES)[number];

describe.each(targets)('row-level security on %s', (target) => {
  let t: TestDatabase;
  let siteA: TestSite;
  let siteB: TestSite;
  let member: TestUser;
  let outsider: TestUser;
  let coordinatorA: TestUser;
  let coordinatorB: TestUser;
  let memberB: TestUser;
  let caseA: TestCase;
  let caseB: TestCase;

  /** the ids of every row of each case table this user can see, as a request sees them */
  async function visible(userId: string | null): Promise<Record<CaseTable, string[]>> {
    return asUser(t.db, userId, async (tx) => {
      const out = {} as Record<CaseTable, string[]>;
      for (const table of CASE_TABLES) {
        const key = table === 'cases' || table === 'person' ? 'id' : table === 'case_team' ? 'user_id' : 'id';
        const { rows } = await sql<{
          k: string;
        }>`select ${sql.ref(key)}::text as k from ${sql.table(table)}`.execute(tx);
        out[table] = rows.map((r) => r.k).sort();
      }
      return out;
    });
  }

  function rowsOf(c: TestCase, team: string[]): Record<CaseTable, string[]> {
    return {
      cases: [c.caseId],
      person: [c.subjectId, c.victimId].sort(),
      referral: [c.referralId],
      case_offence: [c.offenceId],
      case_victim: [c.caseVictimId],
      case_team: [...team].sort(),
      case_status_event: [c.statusEventId],
    };
  }
  const nothing: Record<CaseTable, string[]> = Object.fromEntries(
    CASE_TABLES.map((n) => [n, []]),
  ) as unknown as Record<CaseTable, string[]>;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    const owner = t.db.owner;
    siteA = await seedSite(owner, { code: 'HAM', name: 'Hampshire' });
    siteB = await seedSite(owner, { code: 'CHE', name: 'Cheshire' });
    member = await seedUser(owner, { role: 'investigating_officer', sites: [siteA] });
    outsider = await seedUser(owner, { role: 'investigating_officer', sites: [siteA] });
    coordinatorA = await seedUser(owner, { role: 'site_coordinator', sites: [siteA] });
    coordinatorB = await seedUser(owner, { role: 'site_coordinator', sites: [siteB] });
    memberB = await seedUser(owner, { role: 'probation_practitioner', sites: [siteB] });
    caseA = await seedCase(owner, {
      site: siteA,
      createdBy: member.id,
      team: [member.id],
      reference: 'HAM-000001',
    });
    caseB = await seedCase(owner, {
      site: siteB,
      createdBy: memberB.id,
      team: [memberB.id],
      reference: 'CHE-000001',
    });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('shows a user outside the case team nothing of the case, though at the same site', async () => {
    expect(await visible(outsider.id)).toEqual(nothing);
  });

  it('shows a case team member every row of their case and nothing of another site', async () => {
    expect(await visible(member.id)).toEqual(rowsOf(caseA, [member.id]));
    expect(await visible(memberB.id)).toEqual(rowsOf(caseB, [memberB.id]));
  });

  it("shows a site coordinator their site's cases, and not another site's", async () => {
    expect(await visible(coordinatorA.id)).toEqual(rowsOf(caseA, [member.id]));
    expect(await visible(coordinatorB.id)).toEqual(rowsOf(caseB, [memberB.id]));
  });

  it('shows a request with no user nothing', async () => {
    expect(await visible(null)).toEqual(nothing);
  });

  it('stops showing a case when the user loses the site, though still on the team', async () => {
    const wanderer = await seedUser(t.db.owner, { role: 'stalking_advocate', sites: [siteA] });
    await t.db.owner
      .insertInto('case_team')
      .values({ case_id: caseA.caseId, user_id: wanderer.id, added_by: coordinatorA.id })
      .execute();
    expect((await visible(wanderer.id)).cases).toEqual([caseA.caseId]);
    await t.db.owner.deleteFrom('user_site').where('user_id', '=', wanderer.id).execute();
    expect(await visible(wanderer.id)).toEqual(nothing);
    await t.db.owner.deleteFrom('case_team').where('user_id', '=', wanderer.id).execute();
  });

  it('stops showing a case to a deactivated site coordinator', async () => {
    const former = await seedUser(t.db.owner, { role: 'site_coordinator', sites: [siteA] });
    expect((await visible(former.id)).cases).toEqual([caseA.caseId]);
    await t.db.owner.updateTable('app_user').set({ active: false }).where('id', '=', former.id).execute();
    expect(await visible(former.id)).toEqual(nothing);
  });

  it('lets an outsider change nothing: updates match no row', async () => {
    const updated = await asUser(t.db, outsider.id, (tx) =>
      tx.updateTable('cases').set({ status: 'declined' }).where('id', '=', caseA.caseId).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const updatedPerson = await asUser(t.db, outsider.id, (tx) =>
      tx
        .updateTable('person')
        .set({ given_name: 'Changed' })
        .where('id', '=', caseA.subjectId)
        .executeTakeFirst(),
    );
    expect(Number(updatedPerson.numUpdatedRows)).toBe(0);
    const row = await t.db.owner
      .selectFrom('cases')
      .select('status')
      .where('id', '=', caseA.caseId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('referred');
  });

  it('refuses an outsider adding records to the case', async () => {
    await expect(
      asUser(t.db, outsider.id, (tx) =>
        tx
          .insertInto('case_offence')
          .values({ case_id: caseA.caseId, code: 'other', description: 'x' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(t.db, outsider.id, (tx) =>
        tx
          .insertInto('case_team')
          .values({ case_id: caseA.caseId, user_id: outsider.id, added_by: outsider.id })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(t.db, outsider.id, (tx) =>
        tx
          .insertInto('case_status_event')
          .values({ case_id: caseA.caseId, to_status: 'declined', reason: 'x', by_user: outsider.id })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('lets a team member add records to their case', async () => {
    const added = await asUser(t.db, member.id, (tx) =>
      tx
        .insertInto('case_offence')
        .values({ case_id: caseA.caseId, code: 'pha_s4a', description: 'Fear of violence' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    expect((await visible(member.id)).case_offence).toContain(added.id);
    await t.db.owner.deleteFrom('case_offence').where('id', '=', added.id).execute();
  });

  it('lets only the site coordinator allocate the team', async () => {
    await expect(
      asUser(t.db, member.id, (tx) =>
        tx
          .insertInto('case_team')
          .values({ case_id: caseA.caseId, user_id: outsider.id, added_by: member.id })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(t.db, coordinatorB.id, (tx) =>
        tx
          .insertInto('case_team')
          .values({ case_id: caseA.caseId, user_id: outsider.id, added_by: coordinatorB.id })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await asUser(t.db, coordinatorA.id, (tx) =>
      tx
        .insertInto('case_team')
        .values({ case_id: caseA.caseId, user_id: outsider.id, added_by: coordinatorA.id })
        .execute(),
    );
    expect((await visible(outsider.id)).cases).toEqual([caseA.caseId]);
    const removed = await asUser(t.db, coordinatorA.id, (tx) =>
      tx
        .deleteFrom('case_team')
        .where('case_id', '=', caseA.caseId)
        .where('user_id', '=', outsider.id)
        .executeTakeFirst(),
    );
    expect(Number(removed.numDeletedRows)).toBe(1);
    expect(await visible(outsider.id)).toEqual(nothing);
  });

  it('refuses creating a case at a site that is not the referrer’s, or in someone else’s name', async () => {
    const subjectId = await t.db.owner
      .insertInto('person')
      .values({ id: randomUUID(), given_name: 'Other', family_name: 'Subject', created_by: member.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      asUser(t.db, member.id, (tx) =>
        tx
          .insertInto('cases')
          .values({
            id: randomUUID(),
            reference: 'CHE-000099',
            site_id: siteB.id,
            subject_id: subjectId.id,
            investigation_status: 'charged',
            created_by: member.id,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(t.db, member.id, (tx) =>
        tx
          .insertInto('cases')
          .values({
            id: randomUUID(),
            reference: 'HAM-000099',
            site_id: siteA.id,
            subject_id: subjectId.id,
            investigation_status: 'charged',
            created_by: outsider.id,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('lets a referrer create a case at their site and join its team, as the referral journey does', async () => {
    const caseId = randomUUID();
    const personId = randomUUID();
    await asUser(t.db, outsider.id, async (tx) => {
      await tx
        .insertInto('person')
        .values({ id: personId, given_name: 'New', family_name: 'Subject', created_by: outsider.id })
        .execute();
      await tx
        .insertInto('cases')
        .values({
          id: caseId,
          reference: 'HAM-000002',
          site_id: siteA.id,
          subject_id: personId,
          investigation_status: 'under_investigation',
          created_by: outsider.id,
        })
        .execute();
      await tx
        .insertInto('case_team')
        .values({ case_id: caseId, user_id: outsider.id, added_by: outsider.id })
        .execute();
      await tx
        .insertInto('referral')
        .values({
          case_id: caseId,
          referring_agency_id: siteA.agencies.police,
          referrer_name: 'Outsider',
          referrer_user_id: outsider.id,
          reason: 'Following',
          consent: 'not_sought',
          is_adult: true,
          lives_in_area: true,
        })
        .execute();
      await tx
        .insertInto('case_status_event')
        .values({ case_id: caseId, to_status: 'referred', reason: 'Referred', by_user: outsider.id })
        .execute();
    });
    const seen = await visible(outsider.id);
    expect(seen.cases).toEqual([caseId]);
    expect(seen.person).toEqual([personId]);
    // and the original member still does not see the new case
    expect((await visible(member.id)).cases).toEqual([caseA.caseId]);
  });
});
