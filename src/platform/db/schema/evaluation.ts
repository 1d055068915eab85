import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';

/* The evaluation (migration 026): staff cost rates and the record of each research extract. */

type DateColumn = ColumnType<string, string, string>;

export interface EvaluationHourlyRateTable {
  profession: string;
  pence_per_hour: number;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface EvaluationExtractTable {
  id: Generated<string>;
  requested_by: string;
  purpose: string;
  agreement_reference: string;
  site_ids: ColumnType<string[], string[], string[]>;
  period_from: DateColumn | null;
  period_to: DateColumn | null;
  start_date: string;
  k: number;
  as_of: CreatedAt;
  case_rows: number;
  coarsened: number;
  withheld: number;
  event_rows: ColumnType<Record<string, number>, string | undefined, string>;
  created_at: CreatedAt;
}
