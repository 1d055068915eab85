import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { NotFound } from '../../platform/errors.js';
import {
  apiNewUser,
  apiPolicy,
  apiSiteParams,
  apiSiteRule,
  apiSiteRuleBody,
  apiUser,
  apiUserList,
  apiUserListQuery,
} from './schemas.js';
import * as service from './service.js';
import { toApiRule, toApiUser } from './present.js';

/** The administration API (`/api/v1/admin/...`), for administrators only. */
export async function adminApi(app: FastifyInstance): Promise<void> {
  // Validation errors are attached rather than thrown, and raised only after the administrator
  // check: to anyone else, even a malformed request to these endpoints is answered 404.
  const api = app.withTypeProvider<ZodTypeProvider>();
  const adminOnly = {
    preHandler: requireUser,
    config: { capability: 'administer' },
    attachValidation: true,
  } as const;
  const raiseValidation = (request: FastifyRequest) => {
    if (request.validationError) throw request.validationError;
  };

  api.get(
    '/api/v1/admin/policy',
    {
      ...adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'The default access policy and every site’s rules (administrators only)',
        response: { 200: apiPolicy },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) => service.policyView(tx));
      return {
        defaults: view.defaults.flatMap((row) =>
          row.cells.map((c) => ({ role: row.role, compartment: c.compartment, access: c.access })),
        ),
        sites: view.sites.map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          rules: s.rules.map(toApiRule),
        })),
      };
    },
  );

  api.put(
    '/api/v1/admin/sites/:siteId/policy',
    {
      ...adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Add or replace a site’s access rule for one role and compartment (administrators only)',
        description:
          'A rule no wider than the default is a tightening. A wider rule is refused unless confirmWidening is ' +
          'true, meaning the administrator has a recorded decision to widen access beyond the default; it is ' +
          'then stored with the administrator as its approver.',
        params: apiSiteParams,
        body: apiSiteRuleBody,
        response: { 200: apiSiteRule },
      },
    },
    async (request) => {
      raiseValidation(request);
      const { siteId } = request.params;
      const rule = await request.inTx((tx) =>
        service.setSiteRule(tx, actorOf(request), request.user!, siteId, request.body),
      );
      return toApiRule(rule);
    },
  );

  api.get(
    '/api/v1/admin/users',
    {
      ...adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Users, optionally those at one site (administrators only)',
        querystring: apiUserListQuery,
        response: { 200: apiUserList },
      },
    },
    async (request) => {
      raiseValidation(request);
      const view = await request.inTx((tx) => service.usersPage(tx, request.query.site));
      if (request.query.site && view.siteId !== request.query.site) {
        throw new NotFound('Site not found', 'There is no site with this id.', [
          { field: 'site', message: 'There is no site with this id' },
        ]);
      }
      return { items: view.users.map(toApiUser) };
    },
  );

  api.post(
    '/api/v1/admin/users',
    {
      ...adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a user (administrators only)',
        description:
          'The user signs in with the temporary password, sets up their authenticator app and then must ' +
          'choose a new password. The temporary password must pass the password policy (12 characters or ' +
          'more, not a common or easily guessed password), else 422. ' +
          'Staff at a site need at least one site and an agency of their role’s kind at one of them.',
        body: apiNewUser,
        response: { 201: apiUser },
      },
    },
    async (request, reply) => {
      raiseValidation(request);
      const b = request.body;
      const user = await request.inTx(async (tx) => {
        const id = await service.createUser(tx, actorOf(request), request.user!, {
          email: b.email,
          name: b.name,
          role: b.role,
          agencyId: b.agencyId ?? null,
          siteIds: b.siteIds ?? [],
          temporaryPassword: b.temporaryPassword,
        });
        return service.userById(tx, request.user!, id);
      });
      return reply.code(201).send(toApiUser(user));
    },
  );
}
