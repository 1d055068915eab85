import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import type { SignedIn, TestApp } from './app.js';
import { Browser, urlencoded, type Form, type Response } from './http.js';

/**
 * THE SIGNED-IN TEST CLIENT: one user's session (written straight into the session table, past
 * the password and second factor) and API token, and the requests a test makes with them. Every
 * integration test that acts as a signed-in user uses this (pages through `get`/`post`, uploads
 * through `upload`, the JSON API through `api`, a cookie-keeping `browser()` for journeys); the
 * sign-in pages themselves are driven through `Browser` (test/support/http.ts).
 */
export type Client = {
  userId: string;
  session: SignedIn;
  /** GET with the session cookie */
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  /**
   * POST a form as the page does (urlencoded), with the session's CSRF token unless the form gives
   * its own `_csrf` (`_csrf: undefined` leaves it out)
   */
  post(url: string, form?: Form): Promise<Response>;
  /**
   * POST a multipart form as an upload page does: the CSRF token in the URL (it is checked before
   * the body is read), `csrf: null` leaves it out, a string sends that one instead
   */
  upload(
    url: string,
    fields: Record<string, string>,
    file?: MultipartFile,
    options?: { csrf?: string | null },
  ): Promise<Response>;
  /** a JSON API call with the user's bearer token (one token per client, issued on first use) */
  api(method: ApiMethod, url: string, body?: unknown): Promise<Response>;
  /** a browser (cookie jar, CSRF of the last page) that starts with this session */
  browser(): Browser;
};

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type MultipartFile = { name: string; content: string | Buffer; type?: string; field?: string };

/** A multipart/form-data body as a browser sends a form: its fields, then the file (type text/csv unless given). */
export function multipart(
  fields: Record<string, string>,
  file?: MultipartFile,
): { payload: Buffer; contentType: string } {
  const boundary = `----recolo${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; ` +
          `filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

type App = Pick<TestApp, 'inject' | 'signIn' | 'apiToken'>;

/** Signs the user in (a fresh session) and returns their client. */
export async function signIn(t: App, user: { id: string }): Promise<Client> {
  return clientOf(t, user.id, await t.signIn(user.id));
}

/** A client for a session already made (e.g. by `t.signIn(id, { mfaVerified: false })`). */
export function clientOf(t: App, userId: string, session: SignedIn): Client {
  let token: Promise<string> | undefined;
  const inject = (options: InjectOptions) => t.inject(options);
  return {
    userId,
    session,
    get: (url, headers = {}) =>
      inject({ method: 'GET', url, headers: { cookie: session.cookie, ...headers } }),
    post: (url, form = {}) =>
      inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: urlencoded('_csrf' in form ? form : { _csrf: session.csrfToken, ...form }),
      }),
    upload: (url, fields, file, options = {}) => {
      const csrf = options.csrf === null ? null : (options.csrf ?? session.csrfToken);
      const { payload, contentType } = multipart(fields, file);
      const sep = url.includes('?') ? '&' : '?';
      return inject({
        method: 'POST',
        url: csrf ? `${url}${sep}_csrf=${encodeURIComponent(csrf)}` : url,
        headers: { cookie: session.cookie, 'content-type': contentType },
        payload,
      });
    },
    async api(method, url, body) {
      token ??= t.apiToken(userId).then((issued) => issued.authorization);
      const authorization = await token;
      return inject({
        method,
        url,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    },
    browser: () => Browser.signedIn(t, session),
  };
}

/**
 * One client per user for a test file's describe block, signed in on first use and kept (the app
 * is made in `beforeAll`, so it is given as a getter). `as(user)` is the user's client; the
 * shorthands take the user first: `get(user, url)`, `post(user, url, form)`, `api(user, method,
 * url, body)`, `upload(user, url, fields, file)`, `browserOf(user)`, `sessionOf(user)`.
 */
export function clientsFor(app: () => App) {
  const clients = new Map<string, Promise<Client>>();
  const as = (user: { id: string }): Promise<Client> => {
    let client = clients.get(user.id);
    if (!client) {
      client = signIn(app(), user);
      clients.set(user.id, client);
    }
    return client;
  };
  return {
    as,
    sessionOf: async (user: { id: string }) => (await as(user)).session,
    get: async (user: { id: string }, url: string, headers?: Record<string, string>) =>
      (await as(user)).get(url, headers),
    post: async (user: { id: string }, url: string, form?: Form) => (await as(user)).post(url, form),
    upload: async (
      user: { id: string },
      url: string,
      fields: Record<string, string>,
      file?: MultipartFile,
      options?: { csrf?: string | null },
    ) => (await as(user)).upload(url, fields, file, options),
    api: async (user: { id: string }, method: ApiMethod, url: string, body?: unknown) =>
      (await as(user)).api(method, url, body),
    browserOf: async (user: { id: string }) => (await as(user)).browser(),
    /** forgets every client (their sessions stay in the database) */
    reset: () => clients.clear(),
  };
}
