import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARTMENTS } from '../../src/platform/access/policy.js';
import type { Tx } from '../../src/platform/db/request-tx.js';
import { asUser, openTestDatabase, targets, type TestDatabase } from '../support/databases.js';
import {
  seedCase,
  seedSite,
  seedUser,
  type TestCase,
  type TestSite,
  type TestUser,
} from '../support/fixtures.js';

// The access decision made once per request (migration 012): decide_case answers what case_access
// answers, compartment by compartment; the read policies trust only a decision decide_case made in
// the same transaction for the same user; and a change to the team drops it.

const decide = (tx: Tx, caseId: string) =>
  sql<{ compartment: string; access: string }>`
    select compartment, access from recolo_private.decide_case(${caseId}::uuid, ${sql.val([...COMPARTMENTS])}::text[])`.execute(
    tx,
  );
const caseAccessOf = (tx: Tx, caseId: string) =>
  sql<{ compartment: string; access: string }>`
    select c as compartment, recolo_private.case_access(${caseId}::uuid, c) as access
      from unnest(${sql.val([...COMPARTMENTS])}::text[]) as c`.execute(tx);
const decidedCase = async (tx: Tx, compartment: string) =>
  (await sql<{ id: string | null }>`select recolo_private.decided_case(${compartment}) as id`.execute(tx))
    .rows[0]!.id;
const referralsOf = async (tx: Tx, caseId: string) =>
  (await tx.selectFrom('referral').select('id').where('case_id', '=', caseId).execute()).length;

describe.each(targets)('the access decision of a request on %s', (target) => {
  let t: TestDatabase;
  let site: TestSite;
  let other: TestSite;
  let member: TestUser;
  let outsider: TestUser;
  let coordinator: TestUser;
  let elsewhere: TestUser;
  let glass: TestUser;
  let kase: TestCase;
  let otherCase: TestCase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    const owner = t.db.owner;
    site = await seedSite(owner, { code: 'DEC', name: 'Decision' });
    other = await seedSite(owner, { code: 'OTH', name: 'Other' });
    member = await seedUser(owner, { role: 'investigating_officer', sites: [site] });
    outsider = await seedUser(owner, { role: 'stalking_advocate', sites: [site] });
    coordinator = await seedUser(owner, { role: 'site_coordinator', sites: [site] });
    elsewhere = await seedUser(owner, { role: 'site_coordinator', sites: [other] });
    glass = await seedUser(owner, { role: 'probation_practitioner', sites: [site] });
    kase = await seedCase(owner, { site, createdBy: member.id, team: [member.id], reference: 'DEC-000001' });
    otherCase = await seedCase(owner, {
      site,
      createdBy: member.id,
      team: [member.id],
      reference: 'DEC-000002',
    });
    await owner
      .insertInto('break_glass_grant')
      .values({
        case_id: kase.caseId,
        user_id: glass.id,
        reason_code: 'risk_to_life',
        reason_text: 'Test grant',
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('answers what case_access answers, for every user and compartment', async () => {
    for (const user of [member, outsider, coordinator, elsewhere, glass]) {
      for (const c of [kase, otherCase]) {
        const [decided, checked] = await asUser(t.db, user.id, async (tx) => [
          (await decide(tx, c.caseId)).rows,
          (await caseAccessOf(tx, c.caseId)).rows,
        ]);
        expect(decided, `${user.role} on ${c.reference}`).toEqual(checked);
      }
    }
  });

  it('lets the read policies find rows of the decided case by the decision, and of no other case', async () => {
    await asUser(t.db, member.id, async (tx) => {
      expect(await decidedCase(tx, 'core')).toBeNull();
      await decide(tx, kase.caseId);
      expect(await decidedCase(tx, 'core')).toBe(kase.caseId);
      expect(await referralsOf(tx, kase.caseId)).toBe(1);
      expect(await referralsOf(tx, otherCase.caseId)).toBe(1);
    });
    await asUser(t.db, outsider.id, async (tx) => {
      await decide(tx, kase.caseId);
      expect(await decidedCase(tx, 'core')).toBeNull();
      expect(await referralsOf(tx, kase.caseId)).toBe(0);
    });
  });

  it('trusts no decision it did not make in this transaction for this user', async () => {
    const made = await asUser(t.db, member.id, async (tx) => {
      await decide(tx, kase.caseId);
      return (await sql<{ v: string }>`select current_setting('recolo.case_decision') as v`.execute(tx))
        .rows[0]!.v;
    });
    // copied into another transaction of the same user, or of another user
    for (const user of [member, outsider]) {
      await asUser(t.db, user.id, async (tx) => {
        await sql`select set_config('recolo.case_decision', ${made}, true)`.execute(tx);
        expect(await decidedCase(tx, 'core')).toBeNull();
      });
    }
    // forged: the right shape, a made-up MAC, for a user who may not see the case
    await asUser(t.db, outsider.id, async (tx) => {
      const now = await sql<{ pid: string; at: string }>`
        select pg_backend_pid()::text as pid, extract(epoch from transaction_timestamp())::text as at`.execute(
        tx,
      );
      const { pid, at } = now.rows[0]!;
      const forged = [outsider.id, kase.caseId, pid, at, COMPARTMENTS.join(','), 'f'.repeat(64)].join('|');
      await sql`select set_config('recolo.case_decision', ${forged}, true)`.execute(tx);
      expect(await decidedCase(tx, 'core')).toBeNull();
      expect(await referralsOf(tx, kase.caseId)).toBe(0);
      // the user id changed after the decision was made
      await decide(tx, kase.caseId);
    });
    await asUser(t.db, member.id, async (tx) => {
      await decide(tx, kase.caseId);
      await sql`select set_config('recolo.user_id', ${outsider.id}, true)`.execute(tx);
      expect(await decidedCase(tx, 'core')).toBeNull();
      expect(await referralsOf(tx, kase.caseId)).toBe(0);
    });
  });

  it('forgets the decision when the team changes, so the rest of the transaction checks afresh', async () => {
    await asUser(t.db, member.id, async (tx) => {
      await decide(tx, kase.caseId);
      expect(await decidedCase(tx, 'core')).toBe(kase.caseId);
      // a member may not remove anyone (no row changes), but any write to the team drops the decision
      await tx
        .deleteFrom('case_team')
        .where('case_id', '=', kase.caseId)
        .where('user_id', '=', member.id)
        .execute();
      expect(await decidedCase(tx, 'core')).toBeNull();
      // and the full check still answers
      expect(await referralsOf(tx, kase.caseId)).toBe(1);
    });
  });
});
