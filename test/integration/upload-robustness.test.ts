import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestCase } from '../support/fixtures.js';

/**
 * No request input and no client behaviour may end the process (issue 8, item 1): every upload
 * route gets multipart bodies cut at every byte offset, over a real socket too, from clients that
 * go away, trickle, or never send the body they announce; after each the server still answers.
 */

const BOUNDARY = 'recolo-boundary';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function uploadBody(fileName: string, content: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`,
  );
}

type Route = { name: string; url: string; headers: Record<string, string> };

/** Sends raw bytes over a socket and resolves with what came back (or '' if nothing) when it closes. */
function rawRequest(
  port: number,
  chunks: Buffer[],
  options: { pauseMs?: number; end?: 'half-close' | 'destroy' | 'wait'; waitMs?: number } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, options.waitMs ?? 3_000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      // a whole response head has come: that is all the tests read
      if (received.includes('\r\n\r\n') && options.end === 'wait') done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      if (options.end === 'destroy') {
        socket.destroy();
        done();
      } else if (options.end !== 'wait') socket.end();
    });
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

describe.each(targets)('no upload can stop the server on %s', (target) => {
  let t: TestApp;
  let port: number;
  let theCase: TestCase;
  let advocate: SignedIn;
  let admin: SignedIn;
  let apiAuth: string;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  const routes: Route[] = [];

  beforeAll(async () => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    t = await startTestApp(target);
    const site = await t.seedSite();
    const member = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const administrator = await t.createUser({ role: 'administrator', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
    advocate = await t.signIn(member.id);
    admin = await t.signIn(administrator.id);
    apiAuth = (await t.apiToken(member.id)).authorization;
    const incident = randomUUID();
    const csrf = (s: SignedIn) => `?_csrf=${encodeURIComponent(s.csrfToken)}`;
    routes.push(
      {
        name: 'evidence page upload',
        url: `/cases/${theCase.caseId}/incidents/${incident}/evidence${csrf(advocate)}`,
        headers: { cookie: advocate.cookie },
      },
      {
        name: 'evidence API upload',
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incident}/evidence`,
        headers: { authorization: apiAuth },
      },
      {
        name: 'diary import',
        url: `/cases/${theCase.caseId}/incidents/import${csrf(advocate)}`,
        headers: { cookie: advocate.cookie },
      },
      {
        name: 'instrument import',
        url: `/admin/instruments/import${csrf(admin)}`,
        headers: { cookie: admin.cookie },
      },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    await t?.close();
  });

  const alive = async () => {
    const response = await t.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(uncaught).toEqual([]);
  };

  it('answers a body cut at every byte offset with a 4xx, signed in or not, on every upload route', async () => {
    const body = uploadBody('a.txt', 'abc,def\r\n--not-the-boundary\r\n');
    for (const route of routes) {
      for (const anonymous of [false, true]) {
        for (let cut = 0; cut < body.length; cut += 1) {
          const headers = anonymous
            ? { 'content-type': CONTENT_TYPE }
            : { ...route.headers, 'content-type': CONTENT_TYPE };
          const response = await t.inject({
            method: 'POST',
            url: route.url,
            headers,
            payload: body.subarray(0, cut),
          });
          if (response.statusCode < 400 || response.statusCode >= 500)
            throw new Error(`${route.name}, cut at ${cut} (anonymous: ${anonymous}): ${response.statusCode}`);
        }
      }
    }
    await alive();
  });

  it('survives clients that go away mid-body, trickle it in, or cut it mid-header and mid-boundary', async () => {
    const body = uploadBody('a.txt', 'x'.repeat(2_000));
    const boundaryAt = body.indexOf(`--${BOUNDARY}`, 10);
    const headerAt = body.indexOf('filename=');
    for (const route of routes) {
      const head = (length: number) =>
        Buffer.from(
          `POST ${route.url} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            Object.entries({ ...route.headers, 'content-type': CONTENT_TYPE })
              .map(([k, v]) => `${k}: ${v}\r\n`)
              .join('') +
            `Content-Length: ${length}\r\nConnection: close\r\n\r\n`,
        );
      for (const cut of [boundaryAt + 3, headerAt + 5, body.length - 5]) {
        // aborted: announces the whole body, sends part, then drops the connection
        await rawRequest(port, [head(body.length), body.subarray(0, cut)], { end: 'destroy' });
        // trickled: the part in small pieces, slowly, then the client closes its side
        const pieces: Buffer[] = [head(body.length)];
        for (let at = 0; at < cut; at += 400) pieces.push(body.subarray(at, Math.min(cut, at + 400)));
        await rawRequest(port, pieces, { pauseMs: 5, end: 'half-close', waitMs: 1_000 });
        // honest length, cut body: the parser sees the end inside a part
        const short = await rawRequest(port, [head(cut), body.subarray(0, cut)], { end: 'wait' });
        expect(statusOf(short), `${route.name} cut at ${cut}`).toBeGreaterThanOrEqual(400);
        expect(statusOf(short), `${route.name} cut at ${cut}`).toBeLessThan(500);
      }
      await alive();
    }
  });

  it('refuses an anonymous or token-less upload before reading its body', async () => {
    for (const route of routes) {
      const withoutCsrf = route.url.replace(/\?_csrf=.*$/, '');
      const cases: { label: string; url: string; headers: Record<string, string>; status: number }[] = [
        { label: 'anonymous', url: route.url, headers: {}, status: 401 },
      ];
      if (route.headers.cookie)
        cases.push({ label: 'no CSRF token', url: withoutCsrf, headers: route.headers, status: 403 });
      for (const c of cases) {
        // the client announces 10 MB and sends none of it: the answer must come without it
        const head = Buffer.from(
          `POST ${c.url} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            Object.entries({ ...c.headers, 'content-type': CONTENT_TYPE })
              .map(([k, v]) => `${k}: ${v}\r\n`)
              .join('') +
            `Content-Length: ${10 * 1024 * 1024}\r\n\r\n`,
        );
        const response = await rawRequest(port, [head], { end: 'wait', waitMs: 5_000 });
        expect(statusOf(response), `${route.name}, ${c.label}`).toBe(c.status);
      }
    }
    await alive();
  });
});
