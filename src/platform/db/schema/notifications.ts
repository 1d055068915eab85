import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Each person's notification choices and the outbox of e-mails (migration 025). */

export interface NotificationSettingTable {
  user_id: string;
  email_kinds: ColumnType<string[], string[] | undefined, string[]>;
  daily_digest: Generated<boolean>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface NotificationOutboxTable {
  id: Generated<string>;
  user_id: string;
  notification_id: string | null;
  kind: string;
  counts: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  delivery_key: string;
  state: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
}
