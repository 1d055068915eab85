import { z } from 'zod';

export const clinicalNoteInput = z.strictObject({
  body: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, 'Enter the note')
    .max(20_000, 'The note must be 20,000 characters or fewer'),
});

/** A note standing on the case (the list leaves out those withdrawn as entered in error). */
export const clinicalNoteApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string(),
  version: z.number().int().describe('the note’s version, for a correction (…/clinical/{noteId}/amendments)'),
});
