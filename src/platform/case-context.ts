import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseAccess, canRead, type CaseAccess } from './access/case-access.js';
import { can, COMPARTMENTS } from './access/policy.js';
import type { SessionUser } from './auth/sessions.js';
import type { Tx } from './db/request-tx.js';
import { NotFound } from './errors.js';

/**
 * THE CASE CONTEXT: what every page and API route under /cases/:id starts from. `openCase` checks
 * the user's access to the case and loads it, once, in the request's transaction; a case the user
 * may not see is a 404 (it does not exist for them). Modules get the case and its page header from
 * here, never from another module.
 */

const uuid = z.string().uuid();

/** A route parameter that must be a uuid (`:id` by default), or 404: no other id reaches SQL. */
export function uuidParam(request: FastifyRequest, name = 'id'): string {
  const parsed = uuid.safeParse((request.params as Record<string, unknown> | undefined)?.[name]);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** A route parameter that, when the route has it, must be a uuid (or 404); null when absent. */
export function optionalUuidParam(request: FastifyRequest, name: string): string | null {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return value === undefined ? null : uuidParam(request, name);
}

/** The case id of a /cases/:id route, or 404. */
export const caseIdOf = (request: FastifyRequest): string => uuidParam(request, 'id');

/** The case with its person referred and site, as row-level security lets the user see it. */
export function findCaseRow(tx: Tx, id: string) {
  return tx
    .selectFrom('cases as c')
    .innerJoin('person as p', 'p.id', 'c.subject_id')
    .innerJoin('site as s', 's.id', 'c.site_id')
    .select([
      'c.id',
      'c.reference',
      'c.site_id',
      'c.status',
      'c.accepted_mode',
      'c.investigation_status',
      'c.created_at',
      'c.updated_at',
      'c.version',
      's.name as site_name',
      'p.id as subject_id',
      'p.given_name',
      'p.family_name',
      'p.aliases',
      'p.date_of_birth',
      'p.pnc_id',
      'p.nhs_number',
      'p.probation_ref',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCaseRow>>>;

/** The case page header: who, which case, where, and what the user may open (for the case tabs). */
export function headerOf(c: CaseRow, user: SessionUser, access: CaseAccess) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    siteName: c.site_name,
    subjectName: `${c.given_name} ${c.family_name}`,
    canSeeAccessLog: can(user, 'coordinate_site') && access.basis !== 'break-glass',
    breakGlass: access.breakGlass,
    /** read access per compartment, for the case tabs each module declares */
    reads: Object.fromEntries(COMPARTMENTS.map((c) => [c, canRead(access, c)])),
    canWriteCore: access.levels.core === 'write',
  };
}
export type CaseHeader = ReturnType<typeof headerOf>;

export type OpenCase = { case: CaseRow; access: CaseAccess; basis: CaseAccess['basis']; header: CaseHeader };

/** Checks access to the case and loads it once: the case, the access decision and the page header. */
export async function openCase(tx: Tx, user: SessionUser, caseId: string): Promise<OpenCase> {
  const access = await caseAccess(tx, user, caseId);
  const c = await findCaseRow(tx, caseId);
  if (!c) throw new NotFound();
  return { case: c, access, basis: access.basis, header: headerOf(c, user, access) };
}
