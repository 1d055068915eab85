import { can } from '../../platform/access/policy.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { issueApiToken, listApiTokens, revokeApiToken } from '../../platform/auth/api-tokens.js';
import { PASSWORD_ADVICE } from '../../platform/auth/passwords.js';
import {
  CHANGE_PASSWORD_PATH,
  requireUser,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../../platform/auth/plugin.js';
import { createSession, destroySession, saveSessionData } from '../../platform/auth/sessions.js';
import { newTotpSecret, totpQrSvg } from '../../platform/auth/totp.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { formErrors, formFields, parseForm, renderFormErrors } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/views/format.js';
import { apiTokenForm, changePasswordForm, signInForm, twoFactorForm } from './schemas.js';
import * as service from './service.js';

/** Where a signed-in user starts: their cases, or what their role is for (figures, administration). */
function homeOf(user: { role: string }): string {
  if (can(user, 'work_on_cases')) return '/cases';
  return can(user, 'administer') ? '/admin' : '/figures';
}

const lockedMessage = (until: Date) =>
  `Too many attempts. Your account is locked until ${formatDateTime(until)}. Try again then.`;
// the same words whether or not the email address has an account
const throttledMessage = (until: Date) =>
  `Too many attempts to sign in. Wait until ${formatDateTime(until)} and try again.`;
const REFUSED = 'Enter a correct email address and password';

export const accountRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.deps;
  const hide = { schema: { hide: true } };

  const startSession = async (request: FastifyRequest, reply: FastifyReply, userId: string, mfa: boolean) => {
    const created = await request.inTx(async (tx) => {
      if (request.session) await destroySession(tx, request.session.idHash);
      return createSession(tx, userId, mfa, config.sessionMaxHours);
    });
    reply.setCookie(SESSION_COOKIE, created.token, sessionCookieOptions(config.cookieSecure));
  };

  // each role starts where its work is
  app.get('/', hide, async (request, reply) =>
    reply.redirect(request.session?.mfaVerified ? homeOf(request.user!) : '/sign-in'),
  );

  app.get('/sign-in', hide, async (request, reply) => {
    if (request.session?.mfaVerified) return reply.redirect(homeOf(request.user!));
    const q = request.query as Record<string, string | undefined>;
    return reply.page('account/views/sign-in.njk', {
      title: 'Sign in',
      notice: q.timeout
        ? 'You were signed out because you had not done anything for a while.'
        : q.signedOut
          ? 'You have signed out.'
          : null,
      values: {},
    });
  });

  app.post('/sign-in', hide, async (request, reply) => {
    const fields = formFields(request.body);
    const parsed = parseForm(signInForm, fields);
    const values = { email: typeof fields.email === 'string' ? fields.email : '' };
    if (!parsed.ok)
      return renderFormErrors(reply, 'account/views/sign-in.njk', { title: 'Sign in', values }, parsed);
    const outcome = await request.inTx((tx) =>
      service.checkPassword(tx, actorOf(request), parsed.data.email, parsed.data.password, request.ip),
    );
    if (outcome.kind !== 'ok') {
      const message =
        outcome.kind === 'refused'
          ? REFUSED
          : outcome.kind === 'locked'
            ? lockedMessage(outcome.until)
            : throttledMessage(outcome.until);
      return reply.code(401).page('account/views/sign-in.njk', {
        title: 'Sign in',
        values,
        errors: formErrors([{ field: 'email', message }]),
      });
    }
    await startSession(request, reply, outcome.userId, false);
    return reply.redirect('/sign-in/two-factor', 303);
  });

  const twoFactorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
  ) => {
    const session = request.session!;
    const enrolled = await request.inTx((tx) => service.isEnrolled(tx, session.user.id));
    let enrolment: { secret: string; qr: string } | null = null;
    if (!enrolled) {
      let secret = typeof session.data.pendingTotpSecret === 'string' ? session.data.pendingTotpSecret : null;
      if (!secret) {
        secret = newTotpSecret();
        const data = { ...session.data, pendingTotpSecret: secret };
        await request.inTx((tx) => saveSessionData(tx, session.idHash, data));
      }
      enrolment = { secret, qr: await totpQrSvg(secret, session.user.email) };
    }
    return reply.code(errors ? 400 : 200).page('account/views/two-factor.njk', {
      title: enrolled ? 'Enter your security code' : 'Set up your authenticator app',
      enrolment,
      errors,
    });
  };

  app.get('/sign-in/two-factor', hide, async (request, reply) => {
    if (!request.session) return reply.redirect('/sign-in');
    if (request.session.mfaVerified) return reply.redirect(homeOf(request.session.user));
    return twoFactorPage(request, reply);
  });

  app.post('/sign-in/two-factor', hide, async (request, reply) => {
    const session = request.session;
    if (!session) return reply.redirect('/sign-in', 303);
    if (session.mfaVerified) return reply.redirect(homeOf(session.user), 303);
    const parsed = parseForm(twoFactorForm, formFields(request.body));
    if (!parsed.ok) return twoFactorPage(request, reply, parsed.errors);
    const pending =
      typeof session.data.pendingTotpSecret === 'string' ? session.data.pendingTotpSecret : null;
    const outcome = await request.inTx((tx) =>
      service.checkSecondFactor(tx, actorOf(request), session.user.id, parsed.data.code, pending),
    );
    if (outcome.kind === 'locked' || outcome.kind === 'throttled') {
      await request.inTx((tx) => destroySession(tx, session.idHash));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(401).page('account/views/sign-in.njk', {
        title: 'Sign in',
        values: {},
        errors: formErrors([{ field: 'email', message: lockedMessage(outcome.until) }]),
      });
    }
    if (outcome.kind === 'refused') {
      return twoFactorPage(
        request,
        reply,
        formErrors([
          {
            field: 'code',
            message: 'The security code is not right. Enter the current code from your authenticator app',
          },
        ]),
      );
    }
    await startSession(request, reply, session.user.id, true);
    return reply.redirect(session.user.mustChangePassword ? CHANGE_PASSWORD_PATH : homeOf(session.user), 303);
  });

  app.post('/sign-out', hide, async (request, reply) => {
    if (request.session) {
      const session = request.session;
      await request.inTx(async (tx) => {
        await recordAudit(tx, actorOf(request), {
          action: 'auth.signed_out',
          reason: 'user signed out',
          recordType: 'user',
          recordId: session.user.id,
        });
        await destroySession(tx, session.idHash);
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  app.get('/session/keep-alive', { ...hide, preValidation: requireUser }, async (_request, reply) =>
    reply.code(204).send(),
  );

  const passwordPage = (reply: FastifyReply, request: FastifyRequest, extra: Record<string, unknown> = {}) =>
    reply.page('account/views/password.njk', {
      title: request.user!.mustChangePassword ? 'Choose a new password' : 'Change your password',
      mustChange: request.user!.mustChangePassword,
      advice: PASSWORD_ADVICE,
      ...extra,
    });

  app.get(CHANGE_PASSWORD_PATH, { ...hide, preValidation: requireUser }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    return passwordPage(reply, request, { changed: q.changed === '1' });
  });

  // the passwords are never shown again, even on a page with errors
  app.post(CHANGE_PASSWORD_PATH, { ...hide, preValidation: requireUser }, async (request, reply) => {
    const parsed = parseForm(changePasswordForm, formFields(request.body));
    if (!parsed.ok) return passwordPage(reply.code(parsed.status), request, { errors: parsed.errors });
    const errors = await request.inTx((tx) =>
      service.changePassword(tx, actorOf(request), request.user!.id, parsed.data, {
        sourceAddress: request.ip,
        sessionIdHash: request.session!.idHash,
      }),
    );
    if (errors.length) return passwordPage(reply.code(400), request, { errors: formErrors(errors) });
    if (request.user!.mustChangePassword) return reply.redirect('/', 303);
    return reply.redirect(`${CHANGE_PASSWORD_PATH}?changed=1`, 303);
  });

  const tokensPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const tokens = await request.inTx((tx) => listApiTokens(tx, request.user!.id));
    return reply.page('account/views/api-tokens.njk', {
      title: 'API tokens',
      nav: 'account',
      tokens,
      ...extra,
    });
  };

  app.get('/account/api-tokens', { ...hide, preValidation: requireUser }, async (request, reply) =>
    tokensPage(request, reply),
  );

  app.post('/account/api-tokens', { ...hide, preValidation: requireUser }, async (request, reply) => {
    const parsed = parseForm(apiTokenForm, formFields(request.body));
    if (!parsed.ok) return tokensPage(request, reply.code(parsed.status), { errors: parsed.errors });
    const issued = await request.inTx(async (tx) => {
      const t = await issueApiToken(tx, request.user!.id, parsed.data.name);
      await recordAudit(tx, actorOf(request), {
        action: 'auth.api_token_issued',
        reason: 'user created an API token',
        recordType: 'api_token',
        recordId: t.id,
      });
      return t;
    });
    return tokensPage(request, reply, { newToken: issued.token });
  });

  app.post(
    '/account/api-tokens/:id/revoke',
    { ...hide, preValidation: requireUser },
    async (request, reply) => {
      const id = z
        .string()
        .uuid()
        .safeParse((request.params as { id: string }).id);
      if (!id.success) throw new NotFound();
      const revoked = await request.inTx(async (tx) => {
        const ok = await revokeApiToken(tx, request.user!.id, id.data);
        if (ok)
          await recordAudit(tx, actorOf(request), {
            action: 'auth.api_token_revoked',
            reason: 'user revoked an API token',
            recordType: 'api_token',
            recordId: id.data,
          });
        return ok;
      });
      if (!revoked) throw new NotFound();
      return reply.redirect('/account/api-tokens', 303);
    },
  );
};
