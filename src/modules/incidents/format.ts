import { formatDate, formatDateTime } from '../../platform/views/format.js';

const ukTime = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** "4 March 2026 at 2:05pm", "4 March 2026" (no time given), "Between 1 March 2026 and 4 March 2026". */
export function describeWhen(i: {
  occurredFrom: Date;
  occurredTo: Date | null;
  approximate: boolean;
}): string {
  if (i.approximate) {
    if (i.occurredTo && formatDate(i.occurredTo) !== formatDate(i.occurredFrom))
      return `Between ${formatDate(i.occurredFrom)} and ${formatDate(i.occurredTo)} (approximate)`;
    return `Around ${formatDate(i.occurredFrom)} (approximate)`;
  }
  return ukTime.format(i.occurredFrom) === '00:00'
    ? formatDate(i.occurredFrom)
    : formatDateTime(i.occurredFrom);
}
