import { z } from 'zod';

export const clinicalNoteInput = z.strictObject({
  body: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, 'Enter the note')
    .max(20_000, 'The note must be 20,000 characters or fewer'),
});

export const clinicalNoteApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
