import { z } from 'zod';
import { TIERS } from './definition.js';

export const codeVersionParams = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

// API shapes: the OpenAPI document is generated from these
export const apiInstrumentSummary = z.object({
  id: z.string().uuid().describe('the instrument version id: what an assessment records'),
  code: z.string(),
  name: z.string(),
  tier: z.enum(TIERS),
  version: z.number().int(),
  template: z.boolean().describe('true for Recolo’s own templates, to be replaced by licensed wording'),
  publishedAt: z.string(),
});
export const apiInstrumentList = z.object({ items: z.array(apiInstrumentSummary) });

export const apiInstrumentVersion = apiInstrumentSummary.extend({
  supersededAt: z.string().nullable(),
  definition: z
    .record(z.string(), z.unknown())
    .describe('the definition, in the format instruments are imported in'),
});

export const apiImportBody = z
  .record(z.string(), z.unknown())
  .describe(
    'An instrument definition (see instruments/templates/*.json for examples). A new instrument starts at version 1; ' +
      'a new version of an existing instrument must be the latest version + 1, with the same tier, and supersedes it.',
  );

export const apiImported = z.object({
  id: z.string().uuid(),
  code: z.string(),
  version: z.number().int(),
  tier: z.enum(TIERS),
  superseded: z.array(z.string().uuid()),
});
