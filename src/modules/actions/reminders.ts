import type { Logger } from 'pino';
import { today as clockToday } from '../../platform/clock.js';
import type { JobDeps } from '../../platform/jobs/tasks.js';
import { formatDate } from '../../platform/views/format.js';
import { ACTION_DUE_SOON, ACTION_OVERDUE, notify, type NewNotification } from '../notifications/public.js';
import { DUE_SOON_DAYS, plusDays } from './rules.js';

/**
 * The reminders job (hourly): tells each named owner of an open action, in the app, when it is due
 * within 2 days and when it is overdue, once each (never of one withdrawn as entered in error) (the action's flags are set in the same
 * transaction, so a retried or repeated run sends nothing twice). No personal data in the words:
 * the case reference and the date. Runs as the owner of the database (every site).
 */
export async function sendActionReminders(deps: JobDeps, logger: Logger, on = clockToday()): Promise<number> {
  const soonBy = plusDays(on, DUE_SOON_DAYS);
  const sent = await deps.db.owner.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('case_action as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .innerJoin('app_user as u', 'u.id', 'a.owner_user_id')
      .select([
        'a.id',
        'a.case_id',
        'a.owner_user_id',
        'a.due_on',
        'c.reference',
        'a.due_soon_notified',
        'a.overdue_notified',
      ])
      .where('a.status', '=', 'open')
      .where('a.withdrawn_at', 'is', null)
      .where('u.active', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([eb('a.overdue_notified', '=', false), eb('a.due_on', '<', on)]),
          eb.and([
            eb('a.due_soon_notified', '=', false),
            eb('a.due_on', '>=', on),
            eb('a.due_on', '<=', soonBy),
          ]),
        ]),
      )
      .forUpdate()
      .execute();
    const notes: NewNotification[] = [];
    const overdue: string[] = [];
    const soon: string[] = [];
    for (const r of rows) {
      const dueOn = String(r.due_on);
      const link = `/cases/${r.case_id}/actions`;
      if (dueOn < on) {
        overdue.push(r.id);
        notes.push({
          userId: r.owner_user_id!,
          caseId: r.case_id,
          kind: ACTION_OVERDUE,
          message: `Your action on case ${r.reference} is overdue: it was due ${formatDate(dueOn)}.`,
          link,
        });
      } else {
        soon.push(r.id);
        notes.push({
          userId: r.owner_user_id!,
          caseId: r.case_id,
          kind: ACTION_DUE_SOON,
          message: `Your action on case ${r.reference} is due ${formatDate(dueOn)}.`,
          link,
        });
      }
    }
    await notify(tx, notes);
    if (overdue.length)
      await tx
        .updateTable('case_action')
        .set({ overdue_notified: true, due_soon_notified: true })
        .where('id', 'in', overdue)
        .execute();
    if (soon.length)
      await tx.updateTable('case_action').set({ due_soon_notified: true }).where('id', 'in', soon).execute();
    return notes.length;
  });
  if (sent > 0) logger.info({ job: 'action_reminders', sent }, 'sent action reminders');
  return sent;
}
