// Adds synthetic cases to the demo site of the database at DATABASE_URL (after `recolo migrate`
// and `recolo demo`), for EXPLAIN work and manual measurement. Never run it against real cases.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch npx tsx bench/generate.ts 100000
//
// The demo stalking coordinator refers, and is on the team of, every case; the demo investigating
// officer is on the team of every 100th.
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { DEMO_SITE, demoEmail } from '../src/demo/seed.js';
import { generateSyntheticCases } from './synthetic.js';

const count = Number(process.argv[2] ?? 10_000);
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a throwaway database');
const db = await openDatabase(loadConfig(process.env, {}));
try {
  const site = await db.owner
    .selectFrom('site')
    .select('id')
    .where('code', '=', DEMO_SITE.code)
    .executeTakeFirstOrThrow();
  const user = async (email: string) =>
    (await db.owner.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;
  const result = await generateSyntheticCases(db, {
    siteId: site.id,
    count,
    teamUserIds: [await user(demoEmail('stalking_coordinator'))],
    caseloads: [{ userId: await user(demoEmail('investigating_officer')), every: 100 }],
    seed: Number(process.env.SEED ?? 1),
  });
  process.stdout.write(
    `${result.ids.length} cases, ${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s: ` +
      `${Math.round(result.rows / (result.ms / 1000))} rows/s\n`,
  );
} finally {
  await db.close();
}
