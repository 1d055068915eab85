import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/request-tx.js';
import { Conflict } from '../errors.js';

/**
 * ONE-TIME FORMS: every page form carries `_once`, a random token made when the page was drawn
 * (`formToken` in the templates). The first unit of work of the post that commits claims the token
 * in its own transaction (migration 022), so the same form posted again saves nothing and is told
 * so. A post that fails leaves the token unclaimed (its transaction rolled back), and the page
 * drawn again with the errors carries a new one.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The posted form's token still to be claimed by this request, or null (none, or claimed). */
export function pendingFormToken(request: FastifyRequest): string | null {
  if (request.method !== 'POST' || request.formTokenClaimed) return null;
  const body = request.body;
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return null;
  const token = (body as Record<string, unknown>)._once;
  return typeof token === 'string' && UUID.test(token) ? token.toLowerCase() : null;
}

/** What the second post of a form is told. */
export function formAlreadySent(): Conflict {
  return new Conflict(
    'This form has already been sent',
    'It was sent more than once (for example by a double click, or by going back and sending it again), and only the first was used, so nothing was saved twice. Go back to the page to check what was saved.',
  );
}

/**
 * Claims the token in `tx`, as the first statement of the unit of work. Throws a Conflict (409)
 * when it was claimed before; waits for a post of the same form still in progress.
 */
export async function claimFormToken(tx: Tx, token: string, userId: string | null): Promise<void> {
  const claimed = await tx
    .insertInto('form_submission')
    .values({ token, user_id: userId })
    .onConflict((oc) => oc.column('token').doNothing())
    .returning('token')
    .executeTakeFirst();
  if (!claimed) throw formAlreadySent();
}
