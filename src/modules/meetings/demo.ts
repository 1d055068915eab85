import type { DemoSeed } from '../../platform/demo-seed.js';
import { todayInLondon } from '../../platform/time.js';
import * as repo from './repository.js';
import { addDays } from './rules.js';

/**
 * A multi-agency meeting at the demo site: a monthly panel next week, chaired by the coordinator,
 * with the police stalking coordinator as minute-taker and the panel's agencies and people invited,
 * and two cases already on its agenda (Voss's breach and Fenwick's licence ending). Fictional.
 */
export const demo: DemoSeed = {
  // after the orders (the agenda's reasons are theirs)
  order: 90,
  async seed(ctx) {
    const tx = ctx.tx;
    const coordinator = ctx.userId('site_coordinator');
    const siteId = ctx.site.id;
    const date = addDays(todayInLondon(), 7);
    const startsAt = new Date(`${date}T10:00:00Z`);
    const meetingId = await repo.insertMeeting(tx, {
      siteId,
      seriesId: null,
      recurrence: 'none',
      startsAt,
      location: 'Portsmouth Civic Offices, room 3',
      chairId: coordinator,
      minuteTakerId: ctx.userId('stalking_coordinator'),
      userId: coordinator,
    });
    const agencies = await repo.agenciesAtSite(tx, siteId);
    const invited = (
      [
        'site_coordinator',
        'stalking_coordinator',
        'probation_practitioner',
        'forensic_psychiatrist',
        'stalking_advocate',
      ] as const
    ).map((r) => ctx.userId(r));
    await repo.insertInvitations(
      tx,
      meetingId,
      agencies.map((a) => a.id),
      [...new Set(invited)],
    );
    await repo.insertItem(tx, {
      meetingId,
      caseId: ctx.caseOf('Voss').caseId,
      reason: 'Breach of an order',
      userId: coordinator,
    });
    await repo.insertItem(tx, {
      meetingId,
      caseId: ctx.caseOf('Fenwick').caseId,
      reason: 'Order ends within 28 days',
      userId: coordinator,
    });
  },
};
