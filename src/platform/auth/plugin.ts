import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { finishRequestTx, withActor } from '../db/request-tx.js';
import { can, type Capability } from '../access/policy.js';
import { HttpProblem, NotFound } from '../http/problems.js';
import { userForApiToken } from './api-tokens.js';
import { credentialRef } from '../audit/mac.js';
import { hashToken, lookupSession, newToken, openSessionTx, type Session } from './sessions.js';

export const SESSION_COOKIE = 'recolo_session';
export const CHANGE_PASSWORD_PATH = '/account/password';
const ANON_CSRF_COOKIE = 'recolo_csrf';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
const isStatic = (request: FastifyRequest) =>
  request.url.startsWith('/assets/') ||
  request.url.startsWith('/public/') ||
  request.url.startsWith('/health/');

export function sessionCookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax' as const,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

const expiredForm = () =>
  new HttpProblem(403, 'This form has expired', 'Go back, reload the page and try again.');

/** GET and HEAD carry no body: nothing arrives after the headers. */
const hasNoBody = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD';

function isMultipart(request: FastifyRequest): boolean {
  return /^\s*multipart\//i.test(request.headers['content-type'] ?? '');
}

/**
 * Decides whether a multipart (upload) request may have its body read at all, from its headers
 * and URL alone: an API upload needs a valid API token; a page upload needs a fully signed-in
 * session and that session's CSRF token in the form's action URL (`?_csrf=`) or an
 * `X-CSRF-Token` header. Anything else is refused (401 or 403) before the body is read, so an
 * anonymous client cannot make the server buffer or parse anything. Sets `uploadAdmitted`.
 */
function admitUpload(request: FastifyRequest): void {
  if (request.authVia === 'token') {
    request.uploadAdmitted = true;
    return;
  }
  if (isApi(request))
    throw new HttpProblem(401, 'Not signed in', 'Send a valid API token as a Bearer token.');
  if (!request.user || !request.session?.mfaVerified)
    throw new HttpProblem(401, 'Not signed in', 'Sign in and try again.');
  const query = (request.query ?? {}) as Record<string, unknown>;
  const header = request.headers['x-csrf-token'];
  const sent = typeof query._csrf === 'string' ? query._csrf : typeof header === 'string' ? header : '';
  if (!sent || !safeEqual(sent, request.csrfToken)) throw expiredForm();
  request.uploadAdmitted = true;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Works out who is asking (a browser session or an API token), and refuses any form post that
 * does not carry the CSRF token of its session (or, before sign-in, of its anonymous cookie).
 */
export function registerAuth(app: FastifyInstance): void {
  const { config, db } = app.deps;

  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('credential', null);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('uploadAdmitted', false);
  app.decorateRequest('requestTx', null);

  // a request transaction no unit of work claimed ends with the request (an error page, a
  // redirect, a page that reads nothing): committed, as it may have touched the session
  app.addHook('onResponse', async (request) => finishRequestTx(request.requestTx, 'commit'));
  app.addHook('onRequestAbort', async (request) => finishRequestTx(request.requestTx, 'rollback'));

  // onRequest: who is asking is settled before any body is read or validated, so a stranger's
  // bad request is answered 401, never with field details, and an upload from someone who may not
  // make one is refused before a byte of it is buffered
  app.addHook('onRequest', async (request, reply) => {
    if (isStatic(request)) return;
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const user = await withActor(db.app, { userId: null, requestId: request.id }, (tx) =>
        userForApiToken(tx, bearer),
      );
      if (!user) throw new HttpProblem(401, 'Not signed in', 'The API token is not valid or was revoked.');
      request.user = user;
      request.authVia = 'token';
      request.credential = { ref: credentialRef('token', hashToken(bearer)), userId: user.id };
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        let session: Session | null;
        if (hasNoBody(request)) {
          // the session and the page are one transaction; a request with a body looks the session
          // up on its own, so a slow upload or form never holds a connection while it arrives
          const opened = await openSessionTx(db.app, request.id, cookie, config.sessionIdleMinutes);
          request.requestTx = opened.open;
          session = opened.session;
        } else {
          session = await lookupSession(db.app, request.id, cookie, config.sessionIdleMinutes);
        }
        if (session) {
          request.session = session;
          request.user = session.user;
          request.authVia = 'session';
          request.credential = { ref: credentialRef('session', session.idHash), userId: session.user.id };
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
      if (request.session) {
        request.csrfToken = request.session.csrfToken;
      } else {
        let anon = request.cookies[ANON_CSRF_COOKIE];
        if (!anon || anon.length < 20) {
          anon = newToken();
          reply.setCookie(ANON_CSRF_COOKIE, anon, sessionCookieOptions(config.cookieSecure));
        }
        request.csrfToken = anon;
      }
    }
    if (isMultipart(request)) admitUpload(request);
  });

  // preValidation: a urlencoded form post must carry its session's CSRF token in the body
  app.addHook('preValidation', async (request) => {
    if (isStatic(request) || request.authVia === 'token' || request.uploadAdmitted) return;
    if (request.method === 'POST' && !isApi(request)) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const sent = typeof body._csrf === 'string' ? body._csrf : '';
      if (!sent || !safeEqual(sent, request.csrfToken)) throw expiredForm();
    }
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may reach the route at all (a capability in policy.ts): anyone signed in without it is
     * answered 404, as for a page that is not there for them. Enforced by `registerCapabilityGate`.
     */
    capability?: Capability;
  }
}

/** Whether `requireUser` lets the request through (it redirects or answers 401 otherwise). */
function fullySignedIn(request: FastifyRequest): boolean {
  // the API takes tokens only, so a browser's cookie can never drive it from another site
  if (isApi(request)) return Boolean(request.user) && request.authVia === 'token';
  // a password someone else chose is changed before anything else is done
  return (
    Boolean(request.user && request.session?.mfaVerified) &&
    !(request.user!.mustChangePassword && request.url.split('?')[0] !== CHANGE_PASSWORD_PATH)
  );
}

/** For pages and API routes that need a fully signed-in user (password and second factor). */
export async function requireUser(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | void> {
  if (fullySignedIn(request)) return;
  if (isApi(request))
    throw new HttpProblem(401, 'Not signed in', 'Send a valid API token as a Bearer token.');
  if (request.user && request.session?.mfaVerified) return reply.redirect(CHANGE_PASSWORD_PATH, 303);
  if (request.session && !request.session.mfaVerified) return reply.redirect('/sign-in/two-factor');
  return reply.redirect('/sign-in');
}

/**
 * The one gate on who may reach a route: a route declares `config: { capability }`, and anyone
 * fully signed in without that capability (policy.ts `can()`) gets a 404. Registered after the
 * input checks, before every route's own preHandler; a stranger is left to the route's
 * `requireUser` (sign in, or 401). Services check only what depends on the data.
 */
export function registerCapabilityGate(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const capability = request.routeOptions.config.capability;
    if (capability && fullySignedIn(request) && !can(request.user, capability)) throw new NotFound();
  });
}
