import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { SESSION_COOKIE } from '../../src/platform/auth/plugin.js';
import { createUser, type Role } from '../../src/platform/auth/users.js';
import type { TestApp } from './app.js';
import { TEST_PASSWORD, type TestSite } from './fixtures.js';

/**
 * Helpers for driving the application through HTTP as a browser does: a cookie jar, the CSRF token
 * from the page's hidden `_csrf` input, and forms posted as application/x-www-form-urlencoded.
 */

export type Response = LightMyRequestResponse;
export type FormValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Form = Record<string, FormValue>;

export const ANON_CSRF_COOKIE = 'recolo_csrf';

/** The value of the page's hidden `_csrf` input, or null when the page has none. */
export function csrfFrom(html: string): string | null {
  return /<input[^>]*name="_csrf"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? null;
}

/** Encodes a form as a browser does; arrays become repeated fields (checkboxes). */
export function urlencoded(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  return params.toString();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The visible text of a page: tags removed, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity.startsWith('#x') || entity.startsWith('#X'))
        return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
      return ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of the GOV.UK error summary on a page, or null when there is none. */
export function errorSummaryOf(html: string): string | null {
  const start = html.indexOf('govuk-error-summary');
  if (start < 0) return null;
  const open = html.lastIndexOf('<div', start);
  // the summary is the first block of the content; its list ends before the page's own content
  const end = html.indexOf('</ul>', start);
  return textOf(html.slice(open, end < 0 ? undefined : end));
}

/** The text content of the element with this id (simple, non-nested elements only). */
export function textOfId(html: string, id: string): string | null {
  const match = new RegExp(`<([a-z0-9]+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`, 'i').exec(html);
  return match ? textOf(match[2]!) : null;
}

/** Values of the radio buttons named `name` on a page. */
export function radioValues(html: string, name: string): string[] {
  const values: string[] = [];
  for (const m of html.matchAll(/<input[^>]*>/g)) {
    const tag = m[0];
    if (!/type="radio"/.test(tag) || !tag.includes(`name="${name}"`)) continue;
    const value = /value="([^"]*)"/.exec(tag)?.[1];
    if (value !== undefined) values.push(value);
  }
  return values;
}

export function cookieNamed(response: Response, name: string) {
  return response.cookies.find((c) => c.name === name);
}

/**
 * One browser: keeps the cookies the application sets (and drops those it clears), and remembers
 * the CSRF token of the last page it loaded that had a form.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;

  /** `remoteAddress`: the address the requests come from (light-my-request's default otherwise) */
  constructor(
    private readonly t: Pick<TestApp, 'inject'>,
    readonly remoteAddress?: string,
  ) {}

  private get from() {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  /** a browser that already carries this session cookie and CSRF token (from TestApp.signIn) */
  static signedIn(t: Pick<TestApp, 'inject'>, session: { token: string; csrfToken: string }): Browser {
    const b = new Browser(t);
    b.cookies.set(SESSION_COOKIE, session.token);
    b.csrf = session.csrfToken;
    return b;
  }

  get session(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response): Response {
    for (const c of response.cookies) {
      const expired =
        c.value === '' ||
        (c.maxAge !== undefined && c.maxAge <= 0) ||
        (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const csrf = csrfFrom(response.body);
      if (csrf) this.csrf = csrf;
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.t.inject({
      method: 'GET',
      url,
      ...this.from,
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...headers },
    });
    return this.remember(response);
  }

  /**
   * Posts a form as the page would: with the CSRF token of the last page loaded, unless the form
   * gives its own `_csrf` (or `_csrf: undefined` to leave it out).
   */
  async post(url: string, form: Form = {}): Promise<Response> {
    const body = '_csrf' in form ? form : { _csrf: this.csrf ?? undefined, ...form };
    const response = await this.t.inject({
      method: 'POST',
      url,
      ...this.from,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
      },
      payload: urlencoded(body),
    });
    return this.remember(response);
  }
}

/** A user with no second factor yet: they enrol at their first sign-in. */
export async function createUnenrolledUser(
  t: Pick<TestApp, 'db'>,
  options: { role: Role; sites: TestSite[]; email?: string },
): Promise<{ id: string; email: string; password: string }> {
  const email = options.email ?? `unenrolled.${Math.random().toString(36).slice(2, 10)}@example.test`;
  const id = await createUser(t.db.owner, {
    email,
    displayName: `Unenrolled ${options.role.replace(/_/g, ' ')}`,
    role: options.role,
    agencyId: null,
    siteIds: options.sites.map((s) => s.id),
    password: TEST_PASSWORD,
  });
  return { id, email, password: TEST_PASSWORD };
}

/** A six-digit code that is not valid for this secret now, nor a step either side of now. */
export async function wrongTotp(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set<string>();
  for (let offset = -90; offset <= 90; offset += 30)
    valid.add(await generate({ secret, epoch: now + offset }));
  for (let n = 0; ; n += 1) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}
