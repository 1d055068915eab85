import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

type Count = { site_id: string; status: string; accepted_mode: string; n: number };

const STATUSES = ['referred', 'screening', 'accepted', 'active', 'closed', 'declined'] as const;
const MODES = [null, 'consultation', 'intervention'] as const;

// The figures read counts kept by a trigger as cases are added and move (migration 035), not a
// scan of every case: whatever happens to cases, the kept counts are the counts of the cases.
describe.each(targets)('the kept counts behind the figures on %s', (target) => {
  let t: TestApp;
  let sites: string[];
  let cases: string[];

  beforeAll(async () => {
    t = await startTestApp(target);
    const north = await t.seedSite({ name: 'Northshire' });
    const south = await t.seedSite({ name: 'Southshire' });
    const officer = (await t.createUser({ role: 'investigating_officer', sites: [north, south] })).id;
    sites = [north.id, south.id];
    cases = [];
    for (let i = 0; i < 8; i += 1)
      cases.push(
        (await t.seedCase({ site: i % 2 ? south : north, createdBy: officer, team: [officer] })).caseId,
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  const kept = async () =>
    (
      await sql<Count>`select site_id, status, accepted_mode, n from recolo_private.case_stage_count
        where n > 0 order by 1, 2, 3`.execute(t.db.owner)
    ).rows;
  const counted = async () =>
    (
      await sql<Count>`select site_id, status, coalesce(accepted_mode, '') as accepted_mode, count(*)::integer as n
        from cases group by 1, 2, 3 order by 1, 2, 3`.execute(t.db.owner)
    ).rows;

  it('match the cases after any sequence of moves between stages, modes and sites', async () => {
    expect(await kept()).toEqual(await counted());
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            which: fc.nat({ max: 7 }),
            status: fc.constantFrom(...STATUSES),
            mode: fc.constantFrom(...MODES),
            site: fc.nat({ max: 1 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (moves) => {
          for (const m of moves)
            await t.db.owner
              .updateTable('cases')
              // a mode while accepted or active, none while referred, screening or declined (cases_check)
              .set({
                status: m.status,
                accepted_mode:
                  m.status === 'closed'
                    ? m.mode
                    : ['accepted', 'active'].includes(m.status)
                      ? (m.mode ?? 'consultation')
                      : null,
                site_id: sites[m.site]!,
              })
              .where('id', '=', cases[m.which]!)
              .execute();
          expect(await kept()).toEqual(await counted());
        },
      ),
      { numRuns: 15 },
    );
  });

  it('take no part in a change that is rolled back', async () => {
    const before = await kept();
    await expect(
      t.db.owner.transaction().execute(async (tx) => {
        await tx.updateTable('cases').set({ status: 'closed' }).where('id', '=', cases[0]!).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await kept()).toEqual(before);
  });
});
