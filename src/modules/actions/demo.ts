import type { DemoSeed } from '../../platform/demo-seed.js';
import { todayInLondon } from '../../platform/time.js';
import * as repo from './repository.js';

/**
 * The demo's case actions, so My actions, the overdue actions and the reminders have something to
 * show: on Darren Voss's case an open one for the investigating officer and one for the advocate
 * that is two days overdue; on Adrian Fenwick's one for the probation practitioner and one the
 * clinical psychologist has done; on Gareth Linwood's one for the police stalking coordinator.
 * Each owner is on the case's team. Fictional.
 */
const DAY = 86_400_000;
/** The calendar day `days` after `date` ('YYYY-MM-DD'). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export const demo: DemoSeed = {
  // after the meetings
  order: 95,
  async seed(ctx) {
    const tx = ctx.tx;
    const today = todayInLondon();
    const coordinator = ctx.userId('site_coordinator');
    const actions = [
      {
        key: 'Voss',
        owner: ctx.userId('investigating_officer'),
        description: 'Ask the CPS whether the bail conditions can name the station',
        dueIn: 5,
      },
      {
        key: 'Voss',
        owner: ctx.userId('stalking_advocate'),
        description: 'Go through the safety plan with Megan Hale after the latest breach',
        dueIn: -2,
      },
      {
        key: 'Fenwick',
        owner: ctx.userId('probation_practitioner'),
        description: 'Confirm the licence end date with the offender manager',
        dueIn: 12,
      },
      {
        key: 'Fenwick',
        owner: ctx.userId('clinical_psychologist'),
        description: 'Share the formulation summary with probation',
        dueIn: -10,
        done: true,
      },
      {
        key: 'Linwood',
        owner: ctx.userId('stalking_coordinator'),
        description: 'Check the new incident reports against the bail conditions',
        dueIn: 3,
      },
    ];
    for (const a of actions) {
      const id = await repo.insertAction(tx, {
        caseId: ctx.caseOf(a.key).caseId,
        meetingItemId: null,
        description: a.description,
        ownerUserId: a.owner,
        ownerAgencyId: null,
        dueOn: addDays(today, a.dueIn),
        userId: coordinator,
      });
      if (a.done)
        await tx
          .updateTable('case_action')
          .set({ status: 'done', closed_by: a.owner, closed_at: new Date() })
          .where('id', '=', id)
          .execute();
    }
  },
};
