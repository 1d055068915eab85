import { z } from 'zod';
import { withdrawnApi } from '../../platform/corrections/index.js';

export const HANDLING = ['police_only', 'may_be_summarised'] as const;
export type Handling = (typeof HANDLING)[number];

/** How an entry may be shared, as people read it. */
export const HANDLING_LABELS: Record<Handling, string> = {
  police_only: 'Police only',
  may_be_summarised: 'May be summarised for the multi-agency panel',
};

export const intelligenceInput = z.strictObject({
  body: z
    .string({ error: 'Enter the intelligence' })
    .trim()
    .min(1, 'Enter the intelligence')
    .max(20_000, 'The entry must be 20,000 characters or fewer'),
  handling: z.enum(HANDLING, 'Select how this may be shared'),
});

/** An entry standing on the case (the list leaves out those withdrawn as entered in error). */
export const intelligenceApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  handling: z.enum(HANDLING),
  author: z.string(),
  createdAt: z.string(),
  version: z
    .number()
    .int()
    .describe('the entry’s version, for a correction (…/intelligence/{entryId}/amendments)'),
});

/** One entry, withdrawn or not. */
export const intelligenceItemApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  handling: z.enum(HANDLING),
  author: z.string(),
  createdAt: z.string().datetime(),
  version: z.number().int(),
  withdrawn: withdrawnApi,
});
