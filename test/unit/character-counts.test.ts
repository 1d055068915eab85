import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  macroCalls,
  readTemplate,
  stringProperty,
  templateFiles,
} from '../../src/platform/http/multi-value-fields.js';

/**
 * Every long text is a GOV.UK character count (issue 11), never a bare textarea, and the count's
 * limit is the one the service refuses beyond: the schema's maximum for the field.
 */

type Count = { file: string; module: string; name: string | undefined; maxlength: number | undefined };

const counts: Count[] = templateFiles().flatMap((file) =>
  macroCalls(readTemplate(file), 'govukCharacterCount').map(({ argument }) => ({
    file,
    module: file.split('/')[2] ?? '',
    name: stringProperty(argument, 'name'),
    maxlength: Number(/(?:^|[{,\s])maxlength:\s*(\d+)/.exec(argument)?.[1]) || undefined,
  })),
);

/**
 * Fields whose limit is not a zod schema's in the module that draws them (a name made in the
 * template, or a check in code): the limit, and where the service enforces it.
 */
const elsewhere: Record<string, { limit: number; where: string }> = {
  'assessments/views/section.njk:': {
    limit: 20_000,
    where: 'assessments/schemas.ts answerValue (each answer)',
  },
  'assessments/views/section.njk:rationale': {
    limit: 20_000,
    where: 'assessments/schemas.ts: each section rating’s rationale',
  },
  'orders/views/_macros.njk:': { limit: 2_000, where: 'orders/schemas.ts conditionInput.text' },
  'orders/views/protected-people.njk:contactDetails': {
    limit: 2_000,
    where: 'orders/routes.ts: the protected person record’s fields',
  },
  'treatment/views/formulation-edit.njk:answers-': {
    limit: 20_000,
    where: 'treatment/schemas.ts formulation answers (each section)',
  },
  'instruments/views/import.njk:definition': {
    limit: 1024 * 1024,
    where: 'instruments/routes.ts UPLOAD_LIMIT (the pasted definition, as for a file)',
  },
  'src/platform/views/templates/withdraw.njk:reason': {
    limit: 2_000,
    where: 'platform/corrections/schemas.ts withdrawalReason (every record kind’s withdrawal)',
  },
  'treatment/views/discharge.njk:voiceReason': {
    limit: 2_000,
    where: 'closing the case goes through cases/schemas.ts statusChange voiceReason',
  },
};

/** The zod object schemas a module exports (from any of its files), unwrapped from pipes. */
async function moduleSchemas(module: string): Promise<z.ZodObject[]> {
  const dir = path.resolve('src/modules', module);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.includes('leak'),
  );
  const found: z.ZodObject[] = [];
  for (const file of files) {
    const exports = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      let v = value;
      while (v instanceof z.ZodPipe) v = v.in;
      if (v instanceof z.ZodObject) found.push(v);
    }
  }
  return found;
}

/** The longest text a field's schema takes (up to 2,000,000 characters), or undefined if it takes no text. */
function longestAccepted(field: z.ZodType): number | undefined {
  const takes = (n: number) => field.safeParse('x'.repeat(n)).success;
  if (!takes(1) && !takes(10)) return undefined;
  let [low, high] = [10, 2_000_000];
  if (takes(high)) return Infinity;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (takes(mid)) low = mid;
    else high = mid;
  }
  return low;
}

describe('long text', () => {
  it('is never a bare textarea: every one is a character count with a limit', () => {
    expect(counts.length).toBeGreaterThanOrEqual(55);
    for (const file of templateFiles()) {
      const source = readTemplate(file);
      expect(source, `${file} has a bare textarea`).not.toMatch(/govukTextarea\(|<textarea\b/);
    }
    for (const c of counts) expect(c.maxlength, `${c.file}: ${c.name} has no maxlength`).toBeGreaterThan(0);
  });

  it.each(counts.map((c) => [`${c.file.replace('src/modules/', '')}:${c.name ?? ''}`, c] as const))(
    '%s counts to the limit the service keeps',
    async (key, c) => {
      const declared = elsewhere[key];
      if (declared) {
        expect(c.maxlength, declared.where).toBe(declared.limit);
        return;
      }
      expect(c.name, `${key}: a name made in the template needs an entry in "elsewhere"`).toBeDefined();
      const limits = new Set<number>();
      for (const schema of await moduleSchemas(c.module)) {
        const field = schema.shape[c.name!] as z.ZodType | undefined;
        const longest = field && longestAccepted(field);
        if (longest !== undefined) limits.add(longest);
      }
      expect(
        [...limits],
        `${key}: no schema in src/modules/${c.module} has a text field "${c.name}"`,
      ).not.toEqual([]);
      expect([...limits], `${key}: the schemas' limits`).toContain(c.maxlength);
    },
    60_000, // the first case of a module imports its files
  );
});
