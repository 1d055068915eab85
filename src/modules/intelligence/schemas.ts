import { z } from 'zod';

export const HANDLING = ['police_only', 'may_be_summarised'] as const;

export const intelligenceInput = z.strictObject({
  body: z
    .string({ error: 'Enter the intelligence' })
    .trim()
    .min(1, 'Enter the intelligence')
    .max(20_000, 'The entry must be 20,000 characters or fewer'),
  handling: z.enum(HANDLING, 'Select how this may be shared'),
});

export const intelligenceApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  handling: z.enum(HANDLING),
  author: z.string(),
  createdAt: z.string(),
});
