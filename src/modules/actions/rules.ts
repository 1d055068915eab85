/** Actions with owners (issue 15, item 4): their states and what makes one overdue. */

export const ACTION_STATUSES = ['open', 'done', 'not_done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  done: 'Done',
  not_done: 'Not done',
};

/** The owner is reminded this many days before the due date. */
export const DUE_SOON_DAYS = 2;

/** An open action is overdue from the day after its due date ('YYYY-MM-DD', UK); a withdrawn one never. */
export function isOverdue(a: { status: string; dueOn: string; withdrawn?: unknown }, today: string): boolean {
  return a.status === 'open' && a.dueOn < today && !a.withdrawn;
}

/** 'YYYY-MM-DD' plus whole days. */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
