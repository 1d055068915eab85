import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

/**
 * A page view is one transaction (issue 10, item 2): the session is found in the transaction the
 * page then reads in, and nothing is left open, whatever happens to the request.
 */

type QueryFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };

/** The statements every connection sends while `work` runs (text only). */
async function statementsDuring(work: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const original = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : first?.text;
    if (typeof text === 'string') sent.push(text.trim().toLowerCase());
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    clientProto.query = original;
  }
  return sent;
}

describe.each(targets)('the request transaction on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the session and shows the case page in one transaction', async () => {
    const site = await t.seedSite();
    const coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    const kase = await t.seedCase({ site, createdBy: coordinator.id });
    const session = await t.signIn(coordinator.id);
    let body = '';
    const sent = await statementsDuring(async () => {
      const response = await t.inject({ url: `/cases/${kase.caseId}`, headers: { cookie: session.cookie } });
      expect(response.statusCode).toBe(200);
      body = response.body;
    });
    expect(body).toContain(kase.reference);
    expect(sent.filter((s) => s === 'begin')).toHaveLength(1);
    expect(sent.filter((s) => s === 'commit')).toHaveLength(1);
    // the session was read inside it, and the view was audited inside it
    const begin = sent.indexOf('begin');
    const commit = sent.indexOf('commit');
    expect(sent.findIndex((s) => s.includes('from "session"'))).toBeGreaterThan(begin);
    expect(sent.findIndex((s) => s.includes('insert into "audit"."event"'))).toBeLessThan(commit);
  });

  it('ends the transaction of a page that fails, of a redirect and of a request its client abandons', async () => {
    const site = await t.seedSite();
    const officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const session = await t.signIn(officer.id);
    const half = await t.signIn(officer.id, { mfaVerified: false });
    // not found, a redirect to the second factor, and a page that reads nothing of the case
    for (let i = 0; i < 15; i++) {
      expect(
        (
          await t.inject({
            url: `/cases/00000000-0000-4000-8000-00000000000${i % 10}`,
            headers: { cookie: session.cookie },
          })
        ).statusCode,
      ).toBe(404);
      expect((await t.inject({ url: '/cases', headers: { cookie: half.cookie } })).statusCode).toBe(302);
    }
    // clients that send a request and go away before the answer
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    await Promise.all(
      Array.from(
        { length: 25 },
        () =>
          new Promise<void>((resolve) => {
            const request = http.get({
              port,
              host: '127.0.0.1',
              path: '/cases',
              headers: { cookie: session.cookie },
            });
            request.on('error', () => resolve());
            // gone as soon as the request is sent, before the page can be answered
            request.on('finish', () => request.destroy());
            request.on('close', () => resolve());
          }),
      ),
    );
    // every connection goes back to the pool, and the next reader is served
    const pool = t.db.appPool;
    for (let i = 0; i < 100 && pool.idleCount < pool.totalCount; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(pool.waitingCount).toBe(0);
    expect(pool.idleCount).toBe(pool.totalCount);
    const response = await t.inject({ url: '/cases', headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(200);
  });
});
