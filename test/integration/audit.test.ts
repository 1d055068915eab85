import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, EVENT_TEXT_COLUMNS, type SealedEventText } from '../../src/platform/audit/chain.js';
import { recordAudit } from '../../src/platform/audit/record.js';
import { readRecordedHeads, sealAuditEvents } from '../../src/platform/audit/seal.js';
import { verifyAuditChain, type VerifyReport } from '../../src/platform/audit/verify.js';
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

describe.each(targets)('audit trail on %s', (target) => {
  let t: TestDatabase;
  let headFile: string;
  let site: TestSite;
  let otherSite: TestSite;
  let member: TestUser;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;
  let theCase: TestCase;

  /** records `count` events as `user` about the case, in one request transaction; returns their ids */
  async function record(user: TestUser, count: number, action = 'case.viewed'): Promise<string[]> {
    await asUser(t.db, user.id, async (tx) => {
      for (let i = 0; i < count; i += 1) {
        await recordAudit(
          tx,
          { userId: user.id, requestId: `req-${action}-${i}` },
          {
            action,
            reason: `Case team member (${i})`,
            caseId: theCase.caseId,
            recordType: 'case',
            recordId: theCase.caseId,
            details: { n: i, ok: true },
          },
        );
      }
    });
    return lastIds(count);
  }

  async function lastIds(count: number): Promise<string[]> {
    const { rows } = await t.db.ownerPool.query<{ id: string }>(
      'select e.id::text as id from audit.event e order by e.id desc limit $1',
      [count],
    );
    return rows.map((r) => r.id).reverse();
  }

  async function sealedIds(): Promise<Set<string>> {
    const { rows } = await t.db.ownerPool.query<{ id: string }>(
      'select event_id::text as id from audit.chain',
    );
    return new Set(rows.map((r) => r.id));
  }

  const verify = (): Promise<VerifyReport> => verifyAuditChain(t.db.ownerPool, headFile);

  async function expectIntact(): Promise<VerifyReport> {
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    return report;
  }

  beforeAll(async () => {
    t = await openTestDatabase(target);
    headFile = t.config.auditHeadFile;
    site = await seedSite(t.db.owner);
    otherSite = await seedSite(t.db.owner);
    member = await seedUser(t.db.owner, { role: 'forensic_psychologist', sites: [site] });
    coordinator = await seedUser(t.db.owner, { role: 'site_coordinator', sites: [site] });
    otherCoordinator = await seedUser(t.db.owner, { role: 'site_coordinator', sites: [otherSite] });
    theCase = await seedCase(t.db.owner, { site, createdBy: member.id, team: [member.id] });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('verifies an empty trail', async () => {
    const report = await expectIntact();
    expect(report).toMatchObject({ checked: 0, seals: 0 });
  });

  it('seals events recorded by requests, and verify proves the chain intact', async () => {
    const ids = await record(member, 5);
    const result = await sealAuditEvents(t.db.ownerPool, headFile);
    expect(result.sealed).toBe(5);
    expect(result.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.sealId).toEqual(expect.any(Number));
    const sealed = await sealedIds();
    for (const id of ids) expect(sealed.has(id)).toBe(true);

    // the head is written outside the database too
    expect(fs.existsSync(headFile)).toBe(true);
    expect(readRecordedHeads(headFile).get(result.sealId!)).toBe(result.headHash);

    const report = await expectIntact();
    expect(report).toMatchObject({ checked: 5, seals: 1 });
  });

  it('seals nothing when nothing is new', async () => {
    const again = await sealAuditEvents(t.db.ownerPool, headFile);
    expect(again.sealed).toBe(0);
    expect(again.sealId).toBeNull();
  });

  it('continues the chain across seals', async () => {
    await record(coordinator, 3, 'case.team.changed');
    const second = await sealAuditEvents(t.db.ownerPool, headFile);
    expect(second.sealed).toBe(3);
    expect(readRecordedHeads(headFile).size).toBe(2);
    expect(await expectIntact()).toMatchObject({ checked: 8, seals: 2 });
  });

  it('names an altered event, first', async () => {
    const [, victim] = await lastIds(3);
    const before = await t.db.ownerPool.query<{ reason: string }>(
      'select reason from audit.event where id = $1',
      [victim],
    );
    await t.db.ownerPool.query(`update audit.event set reason = 'Nothing to see here' where id = $1`, [
      victim,
    ]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'altered', eventId: victim });
    expect(report.problems.filter((p) => p.kind === 'altered')).toHaveLength(1);

    await t.db.ownerPool.query('update audit.event set reason = $2 where id = $1', [
      victim,
      before.rows[0]!.reason,
    ]);
    await expectIntact();
  });

  it('names an event altered in any sealed column, even its time', async () => {
    const [first] = await lastIds(8);
    await t.db.ownerPool.query(`update audit.event set at = at + interval '1 microsecond' where id = $1`, [
      first,
    ]);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'altered', eventId: first });
    await t.db.ownerPool.query(`update audit.event set at = at - interval '1 microsecond' where id = $1`, [
      first,
    ]);
    await t.db.ownerPool.query(`update audit.event set details = '{"n": 99}' where id = $1`, [first]);
    expect((await verify()).problems[0]).toMatchObject({ kind: 'altered', eventId: first });
    await t.db.ownerPool.query(`update audit.event set details = '{"n": 0, "ok": true}' where id = $1`, [
      first,
    ]);
    await expectIntact();
  });

  it('names a deleted event', async () => {
    const [victim] = await lastIds(4);
    const saved = await t.db.ownerPool.query<{ row: unknown }>(
      'select to_jsonb(e) as row from audit.event e where id = $1',
      [victim],
    );
    await t.db.ownerPool.query('delete from audit.event where id = $1', [victim]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'deleted', eventId: victim });

    await t.db.ownerPool.query(
      'insert into audit.event select * from jsonb_populate_record(null::audit.event, $1::jsonb)',
      [JSON.stringify(saved.rows[0]!.row)],
    );
    await expectIntact();
  });

  it('names an event inserted into the sealed past', async () => {
    const { rows } = await t.db.ownerPool.query<{ id: string }>(
      `insert into audit.event (at, user_id, action, case_id, reason)
       values (now() - interval '1 hour', $1, 'case.viewed', $2, 'Backdated') returning id::text as id`,
      [member.id, theCase.caseId],
    );
    const forged = rows[0]!.id;
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'inserted', eventId: forged }));

    await t.db.ownerPool.query('delete from audit.event where id = $1', [forged]);
    await expectIntact();
  });

  it('catches a rewritten seal head against the head recorded outside the database', async () => {
    const { rows } = await t.db.ownerPool.query<{ id: string; head_hash: string }>(
      'select s.id::text as id, s.head_hash from audit.seal s order by s.id desc limit 1',
    );
    const seal = rows[0]!;
    const forgedHead = 'f'.repeat(64);
    await t.db.ownerPool.query('update audit.seal set head_hash = $2 where id = $1', [seal.id, forgedHead]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'head' }));

    await t.db.ownerPool.query('update audit.seal set head_hash = $2 where id = $1', [
      seal.id,
      seal.head_hash,
    ]);
    await expectIntact();
  });

  it('catches a forger who rewrites an event and recomputes the chain, by the recorded head', async () => {
    const { rows: seals } = await t.db.ownerPool.query<{ id: string; head_hash: string; last_seq: string }>(
      'select s.id::text as id, s.head_hash, s.last_seq::text as last_seq from audit.seal s order by s.id desc limit 1',
    );
    const seal = seals[0]!;
    const { rows: links } = await t.db.ownerPool.query<{ seq: string; event_id: string; hash: string }>(
      `select seq::text as seq, event_id::text as event_id, hash from audit.chain
        where seq <= $1 order by seq desc limit 2`,
      [seal.last_seq],
    );
    const [last, beforeLast] = links as [(typeof links)[0], (typeof links)[0]];
    const original = await t.db.ownerPool.query<{ reason: string }>(
      'select reason from audit.event where id = $1',
      [last.event_id],
    );

    await t.db.ownerPool.query(`update audit.event set reason = 'Rewritten' where id = $1`, [last.event_id]);
    const { rows: texts } = await t.db.ownerPool.query<SealedEventText>(
      `select ${EVENT_TEXT_COLUMNS} from audit.event e where e.id = $1`,
      [last.event_id],
    );
    const forgedHash = chainHash(beforeLast.hash, texts[0]!);
    await t.db.ownerPool.query('update audit.chain set hash = $2 where seq = $1', [last.seq, forgedHash]);
    await t.db.ownerPool.query('update audit.seal set head_hash = $2 where id = $1', [seal.id, forgedHash]);

    // inside the database everything agrees; only the head kept outside it tells
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(['head']);
    expect(report.problems[0]!.message).toContain(`Seal ${seal.id}`);
    expect((await verifyAuditChain(t.db.ownerPool, null)).ok).toBe(true);

    await t.db.ownerPool.query('update audit.event set reason = $2 where id = $1', [
      last.event_id,
      original.rows[0]!.reason,
    ]);
    await t.db.ownerPool.query('update audit.chain set hash = $2 where seq = $1', [last.seq, last.hash]);
    await t.db.ownerPool.query('update audit.seal set head_hash = $2 where id = $1', [
      seal.id,
      seal.head_hash,
    ]);
    await expectIntact();
  });

  it('refuses the application role updating an audit event', async () => {
    const [id] = await lastIds(1);
    await expect(
      asUser(t.db, coordinator.id, (tx) =>
        sql`update audit.event set reason = 'changed' where id = ${id}`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses the application role deleting an audit event', async () => {
    const [id] = await lastIds(1);
    await expect(
      asUser(t.db, coordinator.id, (tx) => sql`delete from audit.event where id = ${id}`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(asUser(t.db, coordinator.id, (tx) => sql`truncate audit.event`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
  });

  it("refuses the application role choosing an event's id, time or transaction", async () => {
    // a request that could backdate its own event could forge when an access happened, or raise a
    // false 'inserted into the sealed past' alarm; only the database may set these columns
    const settable: string[] = [];
    for (const column of ['id', 'at', 'xid'] as const) {
      const value =
        column === 'id' ? sql`999999` : column === 'at' ? sql`now() - interval '2 hours'` : sql`'1'::xid8`;
      try {
        await asUser(t.db, member.id, (tx) =>
          sql`insert into audit.event (${sql.ref(column)}, user_id, action, reason)
              values (${value}, ${member.id}, 'case.viewed', 'Chosen by the request')`.execute(tx),
        );
        settable.push(column);
      } catch (error) {
        expect((error as Error).message).toMatch(/permission denied/);
      }
    }
    // leave the trail as it was for the tests after this one, whatever happened
    await t.db.ownerPool.query(`delete from audit.event where reason = 'Chosen by the request'`);
    expect(settable, 'columns of audit.event the application role can set').toEqual([]);
  });

  it('refuses recording an event in another user’s name', async () => {
    await expect(
      asUser(t.db, member.id, (tx: Tx) =>
        recordAudit(
          tx,
          { userId: coordinator.id, requestId: 'forged' },
          { action: 'case.viewed', reason: 'Forged' },
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("shows a case's access log to its site coordinator only", async () => {
    const count = async (user: TestUser) =>
      asUser(t.db, user.id, async (tx) => {
        const rows = await tx.selectFrom('audit.event').select('id').execute();
        return rows.length;
      });
    const total = Number(
      (
        await t.db.ownerPool.query<{ n: string }>(
          'select count(*)::text as n from audit.event where case_id = $1',
          [theCase.caseId],
        )
      ).rows[0]!.n,
    );
    expect(total).toBeGreaterThan(0);
    expect(await count(coordinator)).toBe(total);
    expect(await count(member)).toBe(0);
    expect(await count(otherCoordinator)).toBe(0);
  });

  if (target === 'postgres') {
    // PGlite is single-user: one transaction at a time, so this can only be shown on a server
    it('does not seal an event whose transaction is still open, and seals it once it commits', async () => {
      const client = await t.db.ownerPool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ id: string }>(
          `insert into audit.event (user_id, action, case_id, reason)
           values ($1, 'case.viewed', $2, 'Slow request') returning id::text as id`,
          [member.id, theCase.caseId],
        );
        const slow = rows[0]!.id;
        // a later request commits while the slow one is still open
        const [quick] = await record(coordinator, 1, 'case.quick');

        const first = await sealAuditEvents(t.db.ownerPool, headFile);
        const afterFirst = await sealedIds();
        expect(afterFirst.has(slow)).toBe(false);
        expect(first.sealed).toBe(0);
        expect(afterFirst.has(quick!)).toBe(false);

        await client.query('commit');
        const second = await sealAuditEvents(t.db.ownerPool, headFile);
        expect(second.sealed).toBe(2);
        const afterSecond = await sealedIds();
        expect(afterSecond.has(slow)).toBe(true);
        expect(afterSecond.has(quick!)).toBe(true);
      } finally {
        await client.query('rollback').catch(() => undefined);
        client.release();
      }
      await expectIntact();
    });
  }

  it('seals events committed before a seal, and verify stays intact', async () => {
    await record(member, 2, 'case.final');
    const result = await sealAuditEvents(t.db.ownerPool, headFile);
    expect(result.sealed).toBe(2);
    const report = await expectIntact();
    const { rows } = await t.db.ownerPool.query<{ n: string }>('select count(*)::text as n from audit.event');
    expect(report.checked).toBe(Number(rows[0]!.n));
  });
});
