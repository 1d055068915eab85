import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* Orders, their lifecycle events, conditions, protected people, notification requirements and breaches (migration 017). */

type DateColumn = ColumnType<string, string, string>;

export interface CourtOrderTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  issuing_body: string;
  reference: string | null;
  made_on: DateColumn;
  served_on: DateColumn | null;
  starts_on: DateColumn;
  ends_on: DateColumn | null;
  until_further_order: Generated<boolean>;
  supervising_practitioner: string | null;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CourtOrderEventTable {
  id: Generated<string>;
  case_id: string;
  order_id: string;
  kind: string;
  occurred_on: DateColumn;
  new_ends_on: DateColumn | null;
  new_until_further_order: boolean | null;
  removed_condition_ids: ColumnType<string[], string[] | undefined, string[]>;
  victim_view: string | null;
  victim_voice_id: string | null;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface CourtOrderConditionTable {
  id: Generated<string>;
  case_id: string;
  order_id: string;
  added_event_id: string;
  kind: string;
  text: string;
  intervention_ref: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface OrderProtectedContactTable {
  id: Generated<string>;
  case_id: string;
  name: string;
  relationship: Generated<string>;
  contact_details: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
}

export interface CourtOrderProtectedTable {
  id: Generated<string>;
  case_id: string;
  order_id: string;
  case_victim_id: string | null;
  protected_contact_id: string | null;
}

export interface OrderNotificationTable {
  id: Generated<string>;
  case_id: string;
  order_id: string;
  trigger: string;
  trigger_on: DateColumn;
  due_on: DateColumn;
  notified_on: DateColumn | null;
  notified_recorded_by: string | null;
  notes: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
}

export interface OrderBreachTable {
  id: Generated<string>;
  case_id: string;
  order_id: string;
  condition_id: string | null;
  failure_to_notify: Generated<boolean>;
  occurred_on: DateColumn;
  came_to_light: string;
  incident_ids: ColumnType<string[], string[] | undefined, string[]>;
  action: string;
  outcome: Generated<string>;
  description: string;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}
