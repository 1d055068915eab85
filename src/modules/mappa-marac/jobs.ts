import type { JobDefinition } from '../../platform/jobs/tasks.js';
import { todayInLondon } from '../../platform/time.js';
import { alertMappaReviewsDue } from './repository.js';

/**
 * MAPPA reviews due: every hour (at 7 minutes past), and as the worker starts, the case team of each
 * case whose MAPPA review is within a week or overdue is told in-app, once per MAPPA record (see
 * alertMappaReviewsDue), so running it again, or on two instances, tells no one twice.
 */
export const mappaReviewAlerts: JobDefinition = {
  name: 'mappa_review_alerts',
  cron: '7 * * * *',
  atStart: true,
  async run(deps, logger) {
    const sent = await alertMappaReviewsDue(deps.db.owner, todayInLondon());
    if (sent > 0) logger.info({ job: 'mappa_review_alerts', sent }, 'sent MAPPA review alerts');
    return sent;
  },
};
