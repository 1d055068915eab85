import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The columns of an audit event as text, exactly as sealed. */
export type SealedEventText = {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  case_id: string | null;
  record_type: string | null;
  record_id: string | null;
  reason: string;
  request_id: string | null;
  break_glass: boolean;
  details: string;
};

export const EVENT_TEXT_COLUMNS = `e.id::text as id,
  to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  e.user_id::text as user_id, e.action, e.case_id::text as case_id, e.record_type, e.record_id,
  e.reason, e.request_id, e.break_glass, e.details::text as details`;

export function chainHash(previous: string, event: SealedEventText): string {
  const canonical = JSON.stringify([
    event.id,
    event.at,
    event.user_id,
    event.action,
    event.case_id,
    event.record_type,
    event.record_id,
    event.reason,
    event.request_id,
    event.break_glass,
    event.details,
  ]);
  return createHash('sha256').update(previous).update('\n').update(canonical).digest('hex');
}
