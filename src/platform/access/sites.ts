import type { SessionUser } from '../auth/sessions.js';
import type { Tx } from '../db/request-tx.js';

/**
 * The sites the user works at, by name: `[{ id, name }]`, empty for a user with no site. For the
 * site filters of lists and the access review's site choice.
 */
export function sitesOfUser(tx: Tx, user: SessionUser): Promise<{ id: string; name: string }[]> {
  if (!user.siteIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('site')
    .select(['id', 'name'])
    .where('id', 'in', user.siteIds)
    .orderBy('name')
    .execute();
}
