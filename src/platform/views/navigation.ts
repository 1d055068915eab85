import { can } from '../access/policy.js';
import type { SessionUser } from '../auth/sessions.js';
import type { NavigationEntry } from '../manifest.js';

/**
 * The service navigation a signed-in user sees: the modules' entries (from their manifests) that
 * the user's role can use, by the capabilities in policy.ts. `unread` is the count of the user's
 * unread notifications.
 */
export function navigationFor(
  entries: readonly NavigationEntry[],
  user: SessionUser,
  active: unknown,
  unread = 0,
) {
  return entries
    .filter(
      (e) =>
        (!e.capability || can(user, e.capability)) && !(e.unlessCapability && can(user, e.unlessCapability)),
    )
    .map((e) => ({
      href: e.href,
      text: e.showsUnread && unread > 0 ? `${e.text} (${unread})` : e.text,
      active: e.key === active,
    }));
}
