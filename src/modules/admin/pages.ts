import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { POLICY } from '../../platform/access/policy.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ROLES } from '../../platform/auth/users.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import { formFields, submitForm } from '../../platform/http/forms.js';
import {
  idParam,
  newUserForm,
  resetPasswordForm,
  resetSecondFactorForm,
  ruleParams,
  siteIdParam,
  siteRuleForm,
  userListQuery,
  userSitesForm,
} from './schemas.js';
import * as service from './service.js';
import { policyWords } from './present.js';

/**
 * Signed in (else the usual redirect or 401) and an administrator (else 404, the capability gate:
 * for anyone else these pages and endpoints do not exist). Row-level security refuses their
 * writes anyway: this is the clear answer in front of it.
 */
const page = {
  schema: { hide: true },
  preHandler: requireUser,
  config: { capability: 'administer' as const },
};

export function uuidParam(request: FastifyRequest): string {
  const parsed = idParam.safeParse(request.params);
  if (!parsed.success) throw new NotFound();
  return parsed.data.id;
}

const formValues = (fields: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, fields[n]]));

/** The administration pages: users, their sites, resets and the access policy. */
export async function adminPages(app: FastifyInstance): Promise<void> {
  app.get('/admin', page, async (_request, reply) =>
    reply.page('admin/views/index.njk', { title: 'Administration', nav: 'admin' }),
  );

  // Users ----------------------------------------------------------------------------------------

  app.get('/admin/users', page, async (request, reply) => {
    const q = userListQuery.safeParse(request.query);
    const { created, updated } = request.query as Record<string, unknown>;
    const view = await request.inTx(async (tx) => {
      const data = await service.usersPage(tx, q.success ? q.data.site : undefined);
      const createdUser =
        typeof created === 'string' && idParam.safeParse({ id: created }).success
          ? data.users.find((u) => u.id === created)
          : undefined;
      return { ...data, createdUser };
    });
    return reply.page('admin/views/users.njk', {
      title: 'Users',
      nav: 'admin',
      backLink: '/admin',
      ...view,
      updated:
        typeof updated === 'string' &&
        ['sites', 'deactivated', 'reactivated', 'password', 'second-factor'].includes(updated)
          ? updated
          : null,
      me: request.user!.id,
    });
  });

  const newUserPage = (
    reply: FastifyReply,
    data: Awaited<ReturnType<typeof service.userFormData>>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('admin/views/user-new.njk', {
      title: 'Add a user',
      nav: 'admin',
      backLink: '/admin/users',
      roles: ROLES,
      values: { siteIds: [] },
      ...data,
      ...extra,
    });

  app.get('/admin/users/new', page, async (request, reply) => {
    const data = await request.inTx((tx) => service.userFormData(tx));
    return newUserPage(reply, data);
  });

  app.post('/admin/users/new', page, async (request, reply) => {
    const fields = formFields(request.body, ['siteIds']);
    // the password is never shown again, even on a page with errors
    const values = {
      ...formValues(fields, ['email', 'name', 'role', 'agencyId']),
      siteIds: fields.siteIds,
    };
    const outcome = await request.inTx(async (tx) => {
      const done = await submitForm(newUserForm, fields, (data) =>
        service.createUser(tx, actorOf(request), request.user!, data),
      );
      return done.ok ? done : { ...done, data: await service.userFormData(tx) };
    });
    if (outcome.ok) return reply.redirect(`/admin/users?created=${outcome.value}`, 303);
    return newUserPage(reply.code(outcome.status), outcome.data, { values, errors: outcome.errors });
  });

  const sitesPage = (
    reply: FastifyReply,
    data: Awaited<ReturnType<typeof service.userSitesPage>>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('admin/views/user-sites.njk', {
      title: `Sites and agency – ${data.user.display_name}`,
      nav: 'admin',
      backLink: '/admin/users',
      values: { agencyId: data.user.agency_id ?? '', siteIds: data.user.sites.map((s) => s.id) },
      ...data,
      ...extra,
    });

  app.get('/admin/users/:id/sites', page, async (request, reply) => {
    const id = uuidParam(request);
    const data = await request.inTx((tx) => service.userSitesPage(tx, request.user!, id));
    return sitesPage(reply, data);
  });

  app.post('/admin/users/:id/sites', page, async (request, reply) => {
    const id = uuidParam(request);
    const fields = formFields(request.body, ['siteIds']);
    const values = { agencyId: fields.agencyId ?? '', siteIds: fields.siteIds };
    const outcome = await request.inTx(async (tx) => {
      const done = await submitForm(userSitesForm, fields, (data) =>
        service.changeUserSites(tx, actorOf(request), request.user!, id, data),
      );
      return done.ok ? done : { ...done, data: await service.userSitesPage(tx, request.user!, id) };
    });
    if (outcome.ok) return reply.redirect('/admin/users?updated=sites', 303);
    return sitesPage(reply.code(outcome.status), outcome.data, { values, errors: outcome.errors });
  });

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, page, async (request, reply) => {
      const id = uuidParam(request);
      await request.inTx((tx) => service.setUserActive(tx, actorOf(request), request.user!, id, active));
      return reply.redirect(`/admin/users?updated=${path}d`, 303);
    });
  }

  // Resets: a lost password or second factor --------------------------------------------------

  const resets = [
    { kind: 'password', form: resetPasswordForm, title: 'Reset password' },
    { kind: 'second-factor', form: resetSecondFactorForm, title: 'Reset second factor' },
  ] as const;
  for (const { kind, form, title } of resets) {
    const resetPage = (
      reply: FastifyReply,
      target: Awaited<ReturnType<typeof service.userById>>,
      extra: Record<string, unknown> = {},
    ) =>
      reply.page('admin/views/user-reset.njk', {
        title: `${title} – ${target.display_name}`,
        heading: title,
        kind,
        nav: 'admin',
        backLink: '/admin/users',
        target,
        values: {},
        ...extra,
      });

    app.get(`/admin/users/:id/reset-${kind}`, page, async (request, reply) => {
      const id = uuidParam(request);
      const target = await request.inTx((tx) => service.userById(tx, request.user!, id));
      return resetPage(reply, target);
    });

    app.post(`/admin/users/:id/reset-${kind}`, page, async (request, reply) => {
      const id = uuidParam(request);
      const fields = formFields(request.body);
      // the temporary password is never shown again, even on a page with errors
      const values = formValues(fields, ['reason']);
      const outcome = await request.inTx(async (tx) => {
        const done = await submitForm<z.infer<typeof form>, void>(form, fields, (data) =>
          service.resetCredential(tx, actorOf(request), request.user!, id, {
            kind,
            reason: data.reason,
            temporaryPassword: 'temporaryPassword' in data ? String(data.temporaryPassword) : undefined,
          }),
        );
        return done.ok ? done : { ...done, target: await service.userById(tx, request.user!, id) };
      });
      if (outcome.ok) return reply.redirect(`/admin/users?updated=${kind}`, 303);
      return resetPage(reply.code(outcome.status), outcome.target, { values, errors: outcome.errors });
    });
  }

  // Access policy --------------------------------------------------------------------------------

  app.get('/admin/policy', page, async (request, reply) => {
    const view = await request.inTx((tx) => service.policyView(tx));
    return reply.page('admin/views/policy.njk', {
      title: 'Access policy',
      nav: 'admin',
      backLink: '/admin',
      ...policyWords,
      ...view,
    });
  });

  const sitePolicyPage = (
    reply: FastifyReply,
    data: Awaited<ReturnType<typeof service.sitePolicyView>>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('admin/views/policy-site.njk', {
      title: `Access rules – ${data.site.name}`,
      nav: 'admin',
      backLink: '/admin/policy',
      roles: ROLES,
      values: {},
      defaults: POLICY,
      ...policyWords,
      ...data,
      ...extra,
    });

  const siteIdOf = (request: FastifyRequest) => {
    const parsed = siteIdParam.safeParse(request.params);
    if (!parsed.success) throw new NotFound();
    return parsed.data.siteId;
  };

  /** A site that does not exist is a missing page here, not a form error. */
  const sitePolicy = async (tx: Tx, request: FastifyRequest, siteId: string) => {
    try {
      return await service.sitePolicyView(tx, request.user!, siteId);
    } catch (error) {
      if (error instanceof NotFound) throw new NotFound();
      throw error;
    }
  };

  app.get('/admin/policy/sites/:siteId', page, async (request, reply) => {
    const siteId = siteIdOf(request);
    const q = request.query as Record<string, unknown>;
    const data = await request.inTx((tx) => sitePolicy(tx, request, siteId));
    return sitePolicyPage(reply, data, { saved: q.saved === '1', removed: q.removed === '1' });
  });

  app.post('/admin/policy/sites/:siteId', page, async (request, reply) => {
    const siteId = siteIdOf(request);
    const fields = formFields(request.body);
    const values = formValues(fields, ['role', 'compartment', 'access', 'reason', 'confirmWidening']);
    const outcome = await request.inTx(async (tx) => {
      const done = await submitForm(siteRuleForm, fields, (data) =>
        service.setSiteRule(tx, actorOf(request), request.user!, siteId, data),
      ).catch((error: unknown) => {
        if (error instanceof NotFound) throw new NotFound();
        throw error;
      });
      return done.ok ? done : { ...done, data: await sitePolicy(tx, request, siteId) };
    });
    if (outcome.ok) return reply.redirect(`/admin/policy/sites/${siteId}?saved=1`, 303);
    return sitePolicyPage(reply.code(outcome.status), outcome.data, {
      values,
      wideningDetail: outcome.detail,
      errors: outcome.errors,
    });
  });

  app.post('/admin/policy/sites/:siteId/:role/:compartment/remove', page, async (request, reply) => {
    const parsed = ruleParams.safeParse(request.params);
    if (!parsed.success) throw new NotFound();
    const { siteId, role, compartment } = parsed.data;
    await request.inTx((tx) =>
      service.removeSiteRule(tx, actorOf(request), request.user!, siteId, role, compartment),
    );
    return reply.redirect(`/admin/policy/sites/${siteId}?removed=1`, 303);
  });
}
