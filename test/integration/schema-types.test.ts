import { sql } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, targets } from '../support/databases.js';

/**
 * `src/platform/db/schema.ts` is written by hand for Kysely; this test holds it to the database the
 * migrations build: every table it names exists with exactly its columns, and a column is `| null`
 * in TypeScript exactly when it is nullable in the database.
 */

/** Tables the application never queries through Kysely, so schema.ts need not declare them. */
const UNTYPED_TABLES = new Set<string>([
  'recolo_migration',
  // reached only through security-definer SQL functions (migrations/009_accounts.sql)
  'sign_in_throttle',
  'site_case_counter',
  // one row read by verify with plain SQL (migrations/008_audit_integrity.sql)
  'audit.mac_required_from',
]);

type Declared = Map<string, Map<string, { nullable: boolean }>>;

function declaredSchema(): Declared {
  // schema.ts gathers the DB interface; the tables are declared by area in schema/*.ts
  const dir = path.resolve('src/platform/db/schema');
  const files = [
    path.resolve('src/platform/db/schema.ts'),
    ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
  ];
  const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const source = ts.createSourceFile('schema.ts', text, ts.ScriptTarget.Latest, true);
  // interfaces, and object type aliases (`type CaseNote = { … }`), by name
  const interfaces = new Map<
    string,
    { members: ts.NodeArray<ts.TypeElement>; heritageClauses?: ts.NodeArray<ts.HeritageClause> }
  >();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
    if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type))
      interfaces.set(node.name.text, { members: node.type.members });
  });
  /** an interface's columns, its own and those of the interfaces it extends */
  const columnsOf = (shape: {
    members: ts.NodeArray<ts.TypeElement>;
    heritageClauses?: ts.NodeArray<ts.HeritageClause>;
  }): Map<string, { nullable: boolean }> => {
    const columns = new Map<string, { nullable: boolean }>();
    for (const clause of shape.heritageClauses ?? [])
      for (const base of clause.types) {
        const parent = interfaces.get(base.expression.getText(source));
        if (parent) for (const [k, v] of columnsOf(parent)) columns.set(k, v);
      }
    for (const col of shape.members) {
      if (!ts.isPropertySignature(col) || !col.type) continue;
      // nullable when the selected type (ColumnType's first argument, or the type itself) has null
      let selected: ts.TypeNode = col.type;
      while (
        ts.isTypeReferenceNode(selected) &&
        ['ColumnType', 'Generated', 'GeneratedAlways'].includes(selected.typeName.getText(source)) &&
        selected.typeArguments
      )
        selected = selected.typeArguments[0]!;
      const nullable =
        ts.isUnionTypeNode(selected) &&
        selected.types.some((t) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
      columns.set(col.name.getText(source), { nullable });
    }
    return columns;
  };
  const db = interfaces.get('DB');
  if (!db) throw new Error('schema.ts has no DB interface');
  const out: Declared = new Map();
  for (const member of db.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = member.name.getText(source).replace(/^'|'$/g, '');
    const shape = interfaces.get(member.type.getText(source));
    if (!shape) throw new Error(`schema.ts: no interface ${member.type.getText(source)} for ${table}`);
    out.set(table, columnsOf(shape));
  }
  return out;
}

describe.each(targets)('schema.ts matches the migrated database on %s', (target) => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    opened = await openTestDatabase(target);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('declares every column of every table it names, with the database’s nullability', async () => {
    const declared = declaredSchema();
    expect(declared.size).toBeGreaterThan(20);
    const { rows } = await sql<{
      table_schema: string;
      table_name: string;
      column_name: string;
      is_nullable: string;
    }>`
      select table_schema, table_name, column_name, is_nullable
        from information_schema.columns
       where table_schema in ('public', 'audit')`.execute(opened.db.owner);
    const actual: Declared = new Map();
    for (const r of rows) {
      const name = r.table_schema === 'public' ? r.table_name : `${r.table_schema}.${r.table_name}`;
      if (!actual.has(name)) actual.set(name, new Map());
      actual.get(name)!.set(r.column_name, { nullable: r.is_nullable === 'YES' });
    }
    const problems: string[] = [];
    for (const [table, columns] of declared) {
      const real = actual.get(table);
      if (!real) {
        problems.push(`${table}: in schema.ts but not in the database`);
        continue;
      }
      for (const [col, { nullable }] of columns) {
        const r = real.get(col);
        if (!r) problems.push(`${table}.${col}: in schema.ts but not in the database`);
        else if (r.nullable !== nullable)
          problems.push(
            `${table}.${col}: ${r.nullable ? 'nullable' : 'not null'} in the database, not in schema.ts`,
          );
      }
      for (const col of real.keys())
        if (!columns.has(col)) problems.push(`${table}.${col}: in the database but not in schema.ts`);
    }
    for (const table of actual.keys())
      if (!declared.has(table) && !UNTYPED_TABLES.has(table))
        problems.push(`${table}: in the database but not in schema.ts`);
    expect(problems).toEqual([]);
  });
});
