import type { Tx } from '../db/request-tx.js';
import { hashToken, loadUser, newToken, presentCredential, type SessionUser } from './sessions.js';

export const TOKEN_PREFIX = 'rcl_';

export async function issueApiToken(
  tx: Tx,
  userId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + newToken();
  const row = await tx
    .insertInto('api_token')
    .values({ user_id: userId, name, token_hash: hashToken(token) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function userForApiToken(tx: Tx, token: string): Promise<SessionUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  await presentCredential(tx, hashToken(token));
  const row = await tx
    .selectFrom('api_token')
    .select(['id', 'user_id'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  await tx.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  return loadUser(tx, row.user_id);
}

export function listApiTokens(tx: Tx, userId: string) {
  return tx
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(tx: Tx, userId: string, tokenId: string): Promise<boolean> {
  const result = await tx
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
