import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { validateFormulationTemplate, validateOutcomeMeasure } from './definitions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Recolo's own clinical templates (neutral wording of our own, to be replaced by licensed
 * measures): a formulation template and two outcome measures.
 */
export const CLINICAL_TEMPLATE_FILES = [
  'formulation-template.json',
  'outcome-wellbeing-template.json',
  'outcome-rumination-template.json',
] as const;

export function readClinicalTemplate(file: (typeof CLINICAL_TEMPLATE_FILES)[number]): unknown {
  return JSON.parse(fs.readFileSync(path.join(root, 'instruments/templates', file), 'utf8')) as unknown;
}

type AnyDb = Kysely<DB>;

/** The template's kind, code, version and name, once it has been checked; else its problems. */
export function checkClinicalTemplate(json: unknown):
  | {
      ok: true;
      kind: 'formulation' | 'outcome_measure';
      code: string;
      version: number;
      name: string;
      template: boolean;
    }
  | { ok: false; problems: string[] } {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'formulation') {
    const c = validateFormulationTemplate(json);
    if (!c.ok) return c;
    const d = c.definition;
    return { ok: true, kind, code: d.code, version: d.version, name: d.name, template: d.template };
  }
  if (kind === 'outcome_measure') {
    const c = validateOutcomeMeasure(json);
    if (!c.ok) return c;
    const d = c.definition.instrument;
    return { ok: true, kind, code: d.code, version: d.version, name: d.name, template: d.template };
  }
  return { ok: false, problems: ["kind: is missing: choose one of 'formulation', 'outcome_measure'"] };
}

/** Publishes each of Recolo's templates whose code and version are not in the database yet. */
export async function importClinicalTemplates(db: AnyDb, publishedBy: string | null): Promise<number> {
  let n = 0;
  for (const file of CLINICAL_TEMPLATE_FILES) {
    const json = readClinicalTemplate(file);
    const c = checkClinicalTemplate(json);
    if (!c.ok) throw new Error(`${file}: ${c.problems.join('; ')}`);
    const exists = await db
      .selectFrom('clinical_template')
      .select('id')
      .where('kind', '=', c.kind)
      .where('code', '=', c.code)
      .where('version', '=', c.version)
      .executeTakeFirst();
    if (exists) continue;
    await db
      .insertInto('clinical_template')
      .values({
        kind: c.kind,
        code: c.code,
        version: c.version,
        name: c.name,
        definition: JSON.stringify(json),
        is_template: c.template,
        published_by: publishedBy,
      })
      .execute();
    n += 1;
  }
  return n;
}
