import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { attachment } from '../../src/platform/http/attachment.js';

const root = path.resolve(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('downloads', () => {
  it('are all made by one function: no module sets its own Content-Disposition', () => {
    const own = sources(path.join(root, 'src'))
      .filter((f) => !f.endsWith(path.join('platform', 'http', 'attachment.ts')))
      .filter((f) => /content-disposition/i.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(own).toEqual([]);
  });

  it('are attachments, never cached, sniffed or rendered, named in any script', async () => {
    const app = Fastify();
    app.get('/d', (_request, reply) =>
      attachment(reply, 'text/csv; charset=utf-8', 'access-log-Zoë "x".csv').send('a,b\r\n'),
    );
    const r = await app.inject({ method: 'GET', url: '/d' });
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="access-log-Zo_ _x_.csv"; filename*=UTF-8''access-log-Zo%C3%AB%20%22x%22.csv`,
    );
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    await app.close();
  });
});
