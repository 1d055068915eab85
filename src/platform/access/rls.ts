import type pg from 'pg';
import { COMPARTMENTS, COMPARTMENT_TABLES, POLICY } from './policy.js';

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  return `"${name}"`;
};

/** The SQL that makes the database enforce policy.ts: the policy table and every compartment table's RLS. */
export function accessPolicySql(): string[] {
  const statements: string[] = ['delete from access_policy'];
  const rows = Object.entries(POLICY).flatMap(([role, byCompartment]) =>
    COMPARTMENTS.map((c) => `('${role}', '${c}', '${byCompartment[c]}')`),
  );
  statements.push(`insert into access_policy (role, compartment, access) values ${rows.join(', ')}`);
  for (const t of COMPARTMENT_TABLES) {
    const table = ident(t.table);
    const caseId = ident(t.caseColumn);
    const compartment = `'${t.compartment}'`;
    statements.push(
      `alter table ${table} enable row level security`,
      `alter table ${table} force row level security`,
    );
    // first the request's own decision (migration 012): `(select …)` makes it an initplan, run once
    // per statement, so rows of the case the request opened cost one comparison. Then the full
    // rule. core: the row is visible with its case, whose own policy decides set-wise (migration
    // 010), so a list over many cases costs an index probe per row, not a call of can_read
    const decided = `${caseId} = (select recolo_private.decided_case(${compartment}))`;
    const read = `${decided} or ${
      t.compartment === 'core'
        ? `exists (select 1 from public.cases c where c.id = ${caseId})`
        : `recolo_private.can_read(${caseId}, ${compartment})`
    }`;
    statements.push(
      `create policy ${ident(`${t.table}_read`)} on ${table} for select to recolo_app
         using ((${read})${t.readCheck ? ` and ${t.readCheck}` : ''})`,
    );
    for (const command of t.writes) {
      const further = command === 'update' && t.updateCheck !== undefined ? t.updateCheck : t.writeCheck;
      const check = `recolo_private.can_write(${caseId}, ${compartment})${further ? ` and ${further}` : ''}`;
      statements.push(
        command === 'insert'
          ? `create policy ${ident(`${t.table}_insert`)} on ${table} for insert to recolo_app with check (${check})`
          : `create policy ${ident(`${t.table}_${command}`)} on ${table} for ${command} to recolo_app using (${check})${command === 'update' ? ` with check (${check})` : ''}`,
      );
    }
  }
  return statements;
}

/**
 * Replaces every policy on the compartment tables with those generated from policy.ts, in one
 * transaction, so the database always enforces exactly the reviewed file. Runs after migrations.
 */
export async function applyAccessPolicy(client: pg.ClientBase): Promise<void> {
  await client.query('begin');
  try {
    for (const t of COMPARTMENT_TABLES) {
      const existing = await client.query<{ policyname: string }>(
        `select policyname from pg_policies where schemaname = 'public' and tablename = $1`,
        [t.table],
      );
      for (const p of existing.rows)
        await client.query(`drop policy ${ident(p.policyname)} on ${ident(t.table)}`);
    }
    for (const statement of accessPolicySql()) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
