import type { SessionUser } from '../auth/sessions.js';
import { CASE_ROLES } from '../auth/users.js';

/**
 * The service navigation a signed-in user sees: only what their role can use. `unread` is the
 * count of the user's unread notifications.
 */
export function navigationFor(user: SessionUser, active: unknown, unread = 0) {
  const items: { href: string; text: string; key: string }[] = [];
  if (CASE_ROLES.has(user.role)) {
    items.push({ href: '/cases', text: 'Cases', key: 'cases' });
    items.push({ href: '/referrals/new', text: 'Refer a case', key: 'refer' });
    items.push({ href: '/people', text: 'Find a person', key: 'people' });
    items.push({ href: '/reviews', text: 'Reviews due', key: 'reviews' });
  }
  if (user.role === 'site_coordinator')
    items.push({ href: '/break-glass/review', text: 'Break-glass review', key: 'break-glass' });
  else if (CASE_ROLES.has(user.role))
    items.push({ href: '/break-glass', text: 'Break-glass', key: 'break-glass' });
  if (user.role === 'site_coordinator' || user.role === 'administrator') {
    items.push({ href: '/access-review', text: 'Access review', key: 'access-review' });
    items.push({ href: '/access-refusals', text: 'Refused access', key: 'access-refusals' });
  }
  if (['national_coordinator', 'evaluator', 'site_coordinator', 'administrator'].includes(user.role)) {
    items.push({ href: '/figures', text: 'Figures', key: 'figures' });
  }
  if (user.role === 'administrator') items.push({ href: '/admin', text: 'Administration', key: 'admin' });
  items.push({
    href: '/notifications',
    text: unread > 0 ? `Notifications (${unread})` : 'Notifications',
    key: 'notifications',
  });
  items.push({ href: '/account/api-tokens', text: 'API tokens', key: 'account' });
  return items.map((i) => ({ href: i.href, text: i.text, active: i.key === active }));
}
