import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

export type FigureRow = {
  site_id: string;
  site_name: string;
  status: string;
  accepted_mode: string | null;
  n: number;
};

export async function caseFigures(tx: Tx): Promise<FigureRow[]> {
  return (await sql<FigureRow>`select * from recolo_private.case_figures()`.execute(tx)).rows;
}
