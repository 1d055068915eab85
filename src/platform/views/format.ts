const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: 'Europe/London',
});

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && v) {
    // a bare date is a calendar date, not an instant
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00Z`) : new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** "4 March 2026" */
export function formatDate(v: unknown): string {
  const d = toDate(v);
  return d ? dateFormat.format(d) : '';
}

/** "4 March 2026 at 2:05pm" */
export function formatDateTime(v: unknown): string {
  const d = toDate(v);
  return d ? `${dateFormat.format(d)} at ${timeFormat.format(d).replace(' ', '').toLowerCase()}` : '';
}
