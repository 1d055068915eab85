import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestUser } from '../support/fixtures.js';
import { errorSummaryOf } from '../support/http.js';

/**
 * Every upload of text reads the encodings people save in (issue 12): an instrument definition
 * saved by Notepad as "Unicode" (UTF-16 with a byte order mark) or with a UTF-8 byte order mark.
 */

describe.each(targets)('text uploads on %s', (target) => {
  let t: TestApp;
  let admin: TestUser;
  const clients = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    admin = await t.createUser({ role: 'administrator', sites: [site] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (content: Buffer) => {
    const s = await clients.sessionOf(admin);
    return clients.upload(
      admin,
      '/admin/instruments/import',
      { _csrf: s.csrfToken, definition: '' },
      { name: 'definition.json', content, type: 'application/json' },
    );
  };

  it('imports an instrument definition saved as UTF-16 (Notepad’s “Unicode”)', async () => {
    const json = JSON.stringify(readTemplate('screening-template.json'), null, 2);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    const response = await upload(utf16);
    expect(response.statusCode, errorSummaryOf(response.body) ?? '').toBe(303);
  });

  it('imports one saved as big-endian UTF-16 and one with a UTF-8 byte order mark', async () => {
    const next = readTemplate('spj-template.json') as Record<string, unknown>;
    const json = JSON.stringify(next);
    const be = Buffer.from(Buffer.from(`\ufeff${json}`, 'utf16le').swap16());
    expect((await upload(be)).statusCode).toBe(303);
    const again = { ...next, version: (next.version as number) + 1 };
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(again))]);
    const response = await upload(bom);
    expect(response.statusCode, errorSummaryOf(response.body) ?? '').toBe(303);
  });
});
