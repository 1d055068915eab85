import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isStaticAssetUrl } from '../views/assets.js';

/**
 * Strict Content-Security-Policy: scripts only from this origin, plus GOV.UK's one-line
 * `js-enabled` script, allowed by a per-request nonce. No inline script or style otherwise.
 */
export function registerSecurityHeaders(app: FastifyInstance, secureCookies: boolean): void {
  app.addHook('onRequest', async (request) => {
    request.cspNonce = randomBytes(16).toString('base64');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${request.cspNonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ];
    // the API documentation sets its own (hash-based) policy for Swagger UI
    if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', csp.join('; '));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (secureCookies) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // case data must never sit in a shared or browser cache (static assets: see app.ts)
    if (!isStaticAssetUrl(request.url)) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
