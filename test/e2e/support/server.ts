import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../../src/platform/config.js';
import { startRecolo, type RecoloServer } from '../../../src/app/server.js';
import { pgliteTemplate } from '../../support/databases.js';

export type TestServer = {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  server: RecoloServer;
  stop(): Promise<void>;
};

/**
 * Starts a real Recolo server, as `recolo start --demo` does, on an in-memory embedded database
 * with the demo data, on a free port of 127.0.0.1, with no jobs worker.
 */
export async function startTestServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  // short: the embedded database listens on a Unix socket in here
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rcl-e2e-'));
  const config = loadConfig(
    { LOG_LEVEL: 'silent' },
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: dir,
      cookieSecure: false,
      worker: false,
      auditHeadFile: path.join(dir, 'audit-heads.log'),
    },
  );
  let server: RecoloServer;
  try {
    server = await startRecolo({
      config,
      demo: options.demo ?? true,
      inMemory: true,
      loadDataDir: await pgliteTemplate(),
      logger: pino({ level: 'silent' }),
    });
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : new URL(server.url).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
