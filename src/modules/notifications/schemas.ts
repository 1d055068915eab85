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

/** The notification settings as the API gives them: every kind, with whether it is also e-mailed. */
export const apiNotificationSettings = z.object({
  kinds: z.array(z.object({ kind: z.string(), label: z.string(), email: z.boolean() })),
  dailyDigest: z.boolean(),
  version: z.number().int().min(0),
});

/** A save of the settings: the kinds also sent by e-mail, the digest, and the version read. */
export const apiNotificationSettingsInput = z.object({
  emailKinds: z.array(z.string().max(60)).max(100),
  dailyDigest: z.boolean(),
  version: z.number().int().min(0),
});

/** The settings page's form: ticked kinds, the digest box and the version the page was drawn at. */
export const settingsForm = z.object({
  emailKinds: z.array(z.string().max(60)).max(100).default([]),
  dailyDigest: z
    .array(z.string())
    .default([])
    .transform((v) => v.includes('yes')),
  version: z.coerce.number({ message: 'Reload the page and try again' }).int().min(0),
});
