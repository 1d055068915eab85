import type { JobDefinition } from '../../platform/jobs/tasks.js';
import { mailTransportFor } from '../../platform/mail/transport.js';
import { todayInLondon } from '../../platform/time.js';
import { deliverOutbox, queueDigests } from './outbox.js';

/**
 * E-mail delivery: every minute, and every MAIL_POLL_SECONDS between (default 15), the outbox's
 * due e-mails are sent (see deliverOutbox); a run that overlaps another sends nothing twice.
 */
export const deliverMail: JobDefinition = {
  name: 'deliver_notification_mail',
  cron: '* * * * *',
  atStart: true,
  everySeconds: (config) => config.mailPollSeconds,
  async run(deps, logger) {
    const transport = mailTransportFor(deps.config);
    try {
      const result = await deliverOutbox(deps.db.owner, transport, { logger });
      if (result.sent + result.retrying + result.dead > 0)
        logger.info(
          { job: 'deliver_notification_mail', transport: transport.kind, ...result },
          'delivered e-mail',
        );
      return result;
    } finally {
      transport.close();
    }
  },
};

/** The daily digest, queued at 06:30 each morning (the server's clock) for the London day before (delivered by the job above). */
export const queueDailyDigests: JobDefinition = {
  name: 'queue_daily_digests',
  cron: '30 6 * * *',
  async run(deps, logger) {
    const queued = await queueDigests(deps.db.owner, todayInLondon());
    if (queued > 0) logger.info({ job: 'queue_daily_digests', queued }, 'queued daily digests');
    return queued;
  },
};
