import { z } from 'zod';

export const apiNotification = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid().nullable(),
  caseReference: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const apiNotificationList = z.object({
  items: z.array(apiNotification),
  unread: z.number().int(),
});
