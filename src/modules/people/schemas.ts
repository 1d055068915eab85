import { z } from 'zod';

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2, 'Enter at least 2 characters of a name, or a PNC ID or NHS number')
    .max(100, 'Search for 100 characters or fewer'),
});

export const personResult = z.object({
  id: z.string().uuid(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  caseReferences: z.array(z.string()),
  role: z.enum(['person referred', 'victim']),
});
