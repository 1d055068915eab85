import { londonLocalTime, londonOffsetAt, londonZoneName, todayInLondon } from '../../platform/time.js';
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
  const time = ukTime.format(i.occurredFrom);
  if (time === '00:00') return formatDate(i.occurredFrom);
  // a time the clocks repeated says which of the two it was
  const local = londonLocalTime(todayInLondon(i.occurredFrom), time);
  const zone =
    local?.kind === 'repeated' ? ` ${londonZoneName(londonOffsetAt(i.occurredFrom.getTime()))}` : '';
  return `${formatDateTime(i.occurredFrom)}${zone}`;
}
