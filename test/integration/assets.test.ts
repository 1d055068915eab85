import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Page weight (issue 10, item 7): pages link their stylesheets and scripts by fingerprinted URLs
 * that browsers keep for a year, compressed; a stale fingerprint is revalidated, never kept.
 */
describe('static assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links fingerprinted styles and scripts that may be cached for a year, compressed', async () => {
    const page = await t.inject({ url: '/sign-in' });
    expect(page.statusCode).toBe(200);
    const links = [...page.body.matchAll(/(?:href|src)="(\/(?:assets|public)\/[^"]+\?v=[0-9a-f]{12})"/g)].map(
      (m) => m[1]!,
    );
    expect(links).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/govuk\/govuk-frontend\.min\.css\?v=/),
        expect.stringMatching(/^\/assets\/moj\/moj-frontend\.min\.css\?v=/),
        expect.stringMatching(/^\/public\/recolo\.css\?v=/),
        expect.stringMatching(/^\/public\/js\/init\.js\?v=/),
      ]),
    );
    for (const link of links) {
      const asset = await t.inject({ url: link, headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.statusCode, link).toBe(200);
      expect(asset.headers['cache-control'], link).toBe('public, max-age=31536000, immutable');
      if (link.includes('.min.css')) expect(asset.headers['content-encoding'], link).toBe('br');
    }
    // the page itself is never cached
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('revalidates an asset asked for without its current fingerprint', async () => {
    for (const url of ['/public/recolo.css', '/public/recolo.css?v=000000000000']) {
      const asset = await t.inject({ url });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.headers['cache-control'], url).toBe('no-cache');
      expect(asset.headers.etag, url).toBeTruthy();
    }
  });
});
