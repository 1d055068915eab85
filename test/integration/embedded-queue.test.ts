import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/platform/db/embedded.js';

// Several connections to the embedded database at once, as the application's pools make them.
// With pglite-socket's own queue, their extended-protocol messages interleaved: in one trial of
// this test 60 of 800 queries failed ("portal does not exist") and 10 answered with another
// connection's row.
describe('embedded database over its socket, several connections at once', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let clients: pg.Client[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-embedded-queue-'));
    db = await startEmbeddedDatabase(dir, undefined);
    clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new pg.Client({ connectionString: db.connectionString });
        await client.connect();
        return client;
      }),
    );
  });

  afterAll(async () => {
    await Promise.all((clients ?? []).map((c) => c.end()));
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers each connection its own query, in and out of transactions', async () => {
    const outcomes = await Promise.all(
      clients.map(async (client, i) => {
        const wrong: string[] = [];
        for (let k = 0; k < 60; k += 1) {
          const value = i * 1000 + k;
          try {
            if (k % 10 === 0) {
              await client.query('begin');
              const inside = await client.query<{ v: number }>('select $1::int as v', [value]);
              if (inside.rows[0]?.v !== value)
                wrong.push(`in a transaction: ${inside.rows[0]?.v} for ${value}`);
              await client.query('commit');
            }
            const r = await client.query<{ v: number; who: string }>('select $1::int as v, $2::text as who', [
              value,
              `connection ${i}`,
            ]);
            if (r.rows[0]?.v !== value || r.rows[0]?.who !== `connection ${i}`)
              wrong.push(`${JSON.stringify(r.rows[0])} for ${value} on connection ${i}`);
          } catch (error) {
            wrong.push(`error: ${(error as Error).message}`);
          }
        }
        return wrong;
      }),
    );
    expect(outcomes.flat()).toEqual([]);
  });

  it('frees the database for the others when a connection leaves in the middle of a transaction', async () => {
    const leaving = new pg.Client({ connectionString: db.connectionString });
    await leaving.connect();
    await leaving.query('begin');
    await leaving.query('select 1');
    await leaving.end();
    const r = await clients[0]!.query<{ v: number }>('select $1::int as v', [7]);
    expect(r.rows[0]?.v).toBe(7);
  });
});
