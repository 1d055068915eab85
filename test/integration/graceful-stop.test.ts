import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startRecolo, type RecoloServer } from '../../src/app/server.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openTestDatabase, pgliteTemplate, targets, type Target } from '../support/databases.js';

/**
 * Issue 11: once a request was never answered and a later graceful stop hung. The server is
 * started as `recolo start` starts it (HTTP, the jobs worker, the database), a keep-alive
 * connection is left open after its answer and an upload is left in flight (its body never
 * ends); asked to stop, it stops within bounds, and both connections are answered or closed.
 */

const GRACE_MS = 1_000;
const BOUND_MS = 3 * GRACE_MS + 3_000; // each step's grace, and time to spare

async function start(target: Target): Promise<{ server: RecoloServer; cleanup(): Promise<void> }> {
  const common = { host: '127.0.0.1', port: 0, cookieSecure: false, worker: true } satisfies Partial<Config>;
  const logger = pino({ level: 'silent' });
  if (target === 'pglite') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rcl-stop-'));
    const config = loadConfig(
      { LOG_LEVEL: 'silent' },
      { ...common, dataDir: dir, auditHeadFile: path.join(dir, 'audit-heads.log') },
    );
    const server = await startRecolo({
      config,
      inMemory: true,
      loadDataDir: await pgliteTemplate(),
      logger,
      stopGraceMs: GRACE_MS,
    });
    return { server, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
  }
  const database = await openTestDatabase(target);
  const server = await startRecolo({
    config: { ...database.config, ...common },
    logger,
    stopGraceMs: GRACE_MS,
  });
  return { server, cleanup: () => database.cleanup() };
}

/** A raw connection: what it has received, and whether the server has closed it. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const state = { received: '', closed: false };
  socket.on('data', (chunk: Buffer) => (state.received += chunk.toString('latin1')));
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => undefined); // a reset is a closed connection
  const ready = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, state, ready };
}

const waitFor = async (what: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!what() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return what();
};

describe.each(targets)('a graceful stop on %s', (target) => {
  it('stops within bounds with an upload in flight and a keep-alive connection open', async () => {
    const { server, cleanup } = await start(target);
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    let stopping: Promise<void> | undefined;
    try {
      // a page answered on a keep-alive connection, which stays open
      const idle = connect(port);
      await idle.ready;
      idle.socket.write('GET /sign-in HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
      expect(await waitFor(() => idle.state.received.includes('</html>'), 10_000)).toBe(true);
      expect(idle.state.received).toMatch(/^HTTP\/1\.1 200/);

      // a form post whose body never ends: 7 of the 100,000 bytes it announced
      const upload = connect(port);
      await upload.ready;
      upload.socket.write(
        'POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
          'Content-Length: 100000\r\n\r\nemail=a',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(upload.state.closed).toBe(false);

      const began = Date.now();
      stopping = server.stop();
      const outcome = await Promise.race([
        stopping.then(() => 'stopped' as const),
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), BOUND_MS)),
      ]);
      expect(outcome).toBe('stopped');
      expect(Date.now() - began).toBeLessThan(BOUND_MS);

      // the upload was answered or its connection closed; so was the idle one
      expect(await waitFor(() => upload.state.closed, 2_000)).toBe(true);
      expect(await waitFor(() => idle.state.closed, 2_000)).toBe(true);
      // and nothing listens any more
      const late = connect(port);
      const refused = await new Promise<boolean>((resolve) => {
        late.socket.once('error', () => resolve(true));
        late.socket.once('connect', () => resolve(false));
      });
      expect(refused).toBe(true);
    } finally {
      if (!stopping) stopping = server.stop();
      // a hung stop (the failure this test is for) is cut off so the run can end
      server.app.server.closeAllConnections();
      await stopping;
      await cleanup();
    }
  });
});
