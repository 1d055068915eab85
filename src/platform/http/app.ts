import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import qs from 'node:querystring';
import type { Logger } from 'pino';
import { AccessRefused } from '../access/case-access.js';
import { recordRefusal } from '../access/refusals.js';
import { registerAuth, registerCapabilityGate } from '../auth/plugin.js';
import type { TrustProxy } from '../config.js';
import { actorOf } from './actor.js';
import { isGovukErrors, withDateParts } from './date-fields.js';
import { loadAuditKeys } from '../audit/mac.js';
import { loadKeyring } from '../crypto/keyring.js';
import { claimRequestTx, finishRequestTx, withActor } from '../db/request-tx.js';
import { registryOf, type ModuleManifest, type ModuleRegistry } from '../manifest.js';
import { navigationFor } from '../views/navigation.js';
import { scrollableTables } from '../views/tables.js';
import { assetVersions, IMMUTABLE, isStaticAssetUrl } from '../views/assets.js';
import { createViews, govukAssetsDir, govukDistDir, mojDir, publicDir } from '../views/nunjucks.js';
import type { AppDeps } from './context.js';
import './context.js';
import './multipart.js';
import { claimFormToken, pendingFormToken } from './one-time-form.js';
import { openApiTransforms } from './openapi.js';
import { answerProblem, HttpProblem, problemFrom } from './problems.js';
import { registerSecurityHeaders } from './security.js';
import { registerTextInputCheck } from './text-input.js';

const BODY_LIMIT = 256 * 1024;

/** A registered route: method, URL pattern and the capability it declares (if any). */
export type RegisteredRoute = { method: string; url: string; capability?: string };

declare module 'fastify' {
  interface FastifyInstance {
    /** every route the modules registered: method and URL pattern */
    routeTable: RegisteredRoute[];
    /** the modules' case tabs, navigation and timeline sources, from their manifests */
    modules: ModuleRegistry;
  }
}

/** A hop count trusts that many proxies nearest the server; addresses and ranges, just those. */
function trustProxyOption(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The Fastify application: platform (security headers, sign-in, CSRF, input checks, errors, the
 * page renderer) and then every module's manifest, in the order given (src/app/modules.ts).
 */
export async function buildApp(
  deps: AppDeps,
  logger: Logger,
  manifests: readonly ModuleManifest[],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    // only the configured proxies' X-Forwarded-* headers are believed (none by default): the
    // source address feeds the sign-in throttle and the audit log
    trustProxy: trustProxyOption(deps.config.trustProxy),
  });
  app.decorate('deps', deps);
  app.decorate('keyring', deps.keyring ?? loadKeyring(process.env, deps.config.dataDir).keyring);
  app.decorate('auditKeys', deps.auditKeys ?? loadAuditKeys(process.env, deps.config.dataDir).keys);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const registry = registryOf(manifests);
  app.decorate('modules', registry);
  const views = createViews();
  views.addGlobal('caseTabs', registry.caseTabs);
  // stylesheets and scripts by fingerprinted URL, kept by browsers for a year; anything else
  // static (fonts, images, a stale or missing fingerprint) is revalidated by its ETag
  const assets = assetVersions();
  views.addGlobal('asset', assets.url);
  app.addHook('onSend', async (request, reply) => {
    if (!isStaticAssetUrl(request.url) || reply.statusCode !== 200) return;
    const urlPath = request.url.split('?')[0]!;
    const v = (request.query as Record<string, unknown> | undefined)?.v;
    reply.header('cache-control', assets.isCurrent(urlPath, v) ? IMMUTABLE : 'no-cache');
  });
  registerSecurityHeaders(app, deps.config.cookieSecure);

  await app.register(fastifyCookie);
  // static styles and scripts only: pages are never compressed, because a page carries its CSRF
  // token beside text the user typed, which is what a compression side channel (BREACH) needs
  app.addHook('onRoute', (route) => {
    // no request body is ever inflated (no zip bombs); only static assets are compressed
    route.decompress = false;
    if (!isStaticAssetUrl(route.url)) route.compress = false;
  });
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    customTypes: /^(text\/css|text\/javascript|application\/javascript|image\/svg\+xml)\b/,
  });
  // repeated fields (checkboxes) arrive as arrays
  await app.register(fastifyFormbody, { parser: (body) => qs.parse(body), bodyLimit: BODY_LIMIT });
  await app.register(fastifyStatic, { root: govukAssetsDir, prefix: '/assets/', decorateReply: false });
  await app.register(fastifyStatic, {
    root: govukDistDir,
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)$/.test(p),
  });
  await app.register(fastifyStatic, {
    root: mojDir,
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: (p) => /^\/(moj-frontend\.min\.(css|js)|assets\/.*)$/.test(p),
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/public/', decorateReply: false });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Recolo API',
        version: '1',
        description: 'Case data under the same access rules as the pages.',
      },
      components: { securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiToken: [] }],
    },
    ...openApiTransforms(),
  });

  app.decorateRequest('cspNonce', '');
  app.decorateRequest('formTokenClaimed', false);
  app.decorateRequest('inTx', function <
    T,
  >(this: FastifyRequest, work: Parameters<FastifyRequest['inTx']>[0]) {
    const open = this.requestTx;
    if (open && !open.claimed) return claimRequestTx(open, work) as Promise<T>;
    const actor = { userId: this.user?.id ?? null, requestId: this.id };
    const token = pendingFormToken(this);
    if (!token) return withActor(deps.db.app, actor, work) as Promise<T>;
    // a page form's first unit of work that commits claims its one-time token with it
    return withActor(deps.db.app, actor, async (tx) => {
      await claimFormToken(tx, token, actor.userId);
      const result = await work(tx);
      this.formTokenClaimed = true;
      return result;
    }) as Promise<T>;
  });
  app.decorateReply(
    'page',
    function (this: import('fastify').FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request = this.request;
      const html = views.render(template, {
        ...context,
        // a date input's error: linked and highlighted at the part in error, with its example as typed
        ...(isGovukErrors(context.errors) && context.values && typeof context.values === 'object'
          ? { errors: withDateParts(context.errors, context.values as Record<string, unknown>) }
          : {}),
        user: request.user ? { ...request.user, mfa: request.session?.mfaVerified ?? false } : null,
        csrfToken: request.csrfToken,
        formToken: randomUUID(),
        cspNonce: request.cspNonce,
        idleMinutes: deps.config.sessionIdleMinutes,
        navigation:
          request.user && request.session?.mfaVerified
            ? navigationFor(
                registry.navigation,
                request.user,
                context.nav,
                request.session.unreadNotifications,
              )
            : [],
      });
      return this.type('text/html; charset=utf-8').send(scrollableTables(html));
    },
  );

  // the API reads JSON only: a form or text body is refused before it is parsed
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(request.method)) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      // an upload route (config.multipartApi) takes multipart/form-data too
      if (type === 'multipart/form-data' && request.routeOptions.config.multipartApi) return;
      if (type !== 'application/json')
        throw new HttpProblem(415, 'That content type is not accepted', 'Send the body as application/json.');
    }
  });

  registerAuth(app);
  registerTextInputCheck(app);
  // who may reach a route at all: its config.capability, checked here for every route
  registerCapabilityGate(app);

  // the API's description is for people who may use it: a signed-in browser session (second
  // factor given) or an API token. Registered after the auth hooks so its routes run them.
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // a hash-based policy for Swagger UI's own files (no inline script or style), and its base
    // layout: the standalone layout's top bar draws Swagger's logo as an SVG with an inline
    // <style>, which that policy (rightly) blocks, and offers to load other documents besides
    staticCSP: true,
    uiConfig: { layout: 'BaseLayout' },
    uiHooks: {
      onRequest: async (request, reply) => {
        if (request.authVia === 'token' || request.session?.mfaVerified) return;
        if (/\/json$|\/yaml$/.test(request.url.split('?')[0]!))
          throw new HttpProblem(
            401,
            'Not signed in',
            'Sign in, or send a valid API token as a Bearer token.',
          );
        return reply.redirect(request.session ? '/sign-in/two-factor' : '/sign-in');
      },
    },
  });

  app.setErrorHandler(async (error: unknown, request, reply) => {
    // a request transaction nothing claimed ends here: the embedded database serves one
    // transaction at a time, so the refusal below could not start while it stayed open
    await finishRequestTx(request.requestTx, 'commit');
    if (error instanceof AccessRefused && request.user) {
      // outside the refused request's transaction, which has rolled back; never fails the answer
      await recordRefusal(deps.db, actorOf(request), error).catch(() =>
        request.log.warn('recording a refused access failed'),
      );
    }
    return answerProblem(request, reply, problemFrom(error, request.log));
  });
  app.setNotFoundHandler(async (request, reply) =>
    answerProblem(request, reply, new HttpProblem(404, 'Page not found')),
  );

  // every route as registered, for tests that must cover them all (input checks, leak test)
  const routeTable: RegisteredRoute[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const capability = route.config?.capability;
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, ...(capability ? { capability } : {}) });
  });
  for (const m of manifests) await app.register(m.routes);
  return app;
}
