import { changesBetween, type Changes } from '../../platform/amendments.js';
import { londonLocalTime, todayInLondon } from '../../platform/time.js';
import { formatDate } from '../../platform/views/format.js';
import { describeWhen } from './format.js';
import type { IncidentRow } from './repository.js';
import {
  BEHAVIOURS,
  BEHAVIOUR_LABELS,
  REPORTER_LABELS,
  type Behaviour,
  type IncidentInput,
  type Reporter,
} from './schemas.js';

/** An incident's amendable details, as compared and kept in its history (instants as ISO 8601). */
export type IncidentDetails = {
  occurredFrom: string;
  occurredTo: string | null;
  approximate: boolean;
  behaviours: Behaviour[];
  reportedBy: Reporter;
  caseVictimId: string | null;
  description: string;
};

/** Each amendable field, in the order the history shows them, with its name in the interface. */
export const INCIDENT_FIELD_LABELS: Record<keyof IncidentDetails, string> = {
  occurredFrom: 'When it happened',
  occurredTo: 'Latest date it could have been',
  approximate: 'Date exact or approximate',
  behaviours: 'What happened',
  reportedBy: 'Who reported it',
  caseVictimId: 'Victim',
  description: 'Description',
};

// behaviours in the list's own order, so ticking the same boxes is never a change
const inListOrder = (b: readonly Behaviour[]) => BEHAVIOURS.filter((x) => b.includes(x));

export function detailsOfIncident(i: IncidentRow): IncidentDetails {
  return {
    occurredFrom: i.occurredFrom.toISOString(),
    occurredTo: i.occurredTo ? i.occurredTo.toISOString() : null,
    approximate: i.approximate,
    behaviours: inListOrder(i.behaviours),
    reportedBy: i.reportedBy,
    caseVictimId: i.caseVictimId,
    description: i.description,
  };
}

/** The details an amendment asks for (validated `incidentInput`), in the same shape. */
export function detailsOfInput(input: IncidentInput): IncidentDetails {
  return {
    occurredFrom: input.occurredFrom.toISOString(),
    occurredTo: input.occurredTo ? input.occurredTo.toISOString() : null,
    approximate: input.approximate || Boolean(input.occurredTo),
    behaviours: inListOrder(input.behaviours),
    reportedBy: input.reportedBy,
    caseVictimId: input.caseVictimId ?? null,
    description: input.description,
  };
}

/** `{ field: { from, to } }` for what an amendment changes; empty when nothing does. */
export function incidentChanges(current: IncidentDetails, next: IncidentDetails): Changes {
  return changesBetween(current, next, Object.keys(INCIDENT_FIELD_LABELS) as (keyof IncidentDetails)[]);
}

/**
 * One value of the history as people read it: dates as "4 March 2026" (with the time when one was
 * given), behaviours and reporters by their labels, a victim by name (`victims`: id → name).
 */
export function shownIncidentValue(field: string, v: unknown, victims: ReadonlyMap<string, string>): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return 'Not recorded';
  switch (field) {
    case 'occurredFrom':
      return describeWhen({ occurredFrom: new Date(String(v)), occurredTo: null, approximate: false });
    case 'occurredTo':
      return formatDate(new Date(String(v)));
    case 'approximate':
      return v ? 'Approximate' : 'Exact';
    case 'behaviours':
      return (v as Behaviour[]).map((b) => BEHAVIOUR_LABELS[b] ?? b).join('; ');
    case 'reportedBy':
      return REPORTER_LABELS[v as Reporter] ?? String(v);
    case 'caseVictimId':
      return victims.get(String(v)) ?? 'A victim no longer on the case';
    default:
      return String(v);
  }
}

const ukTime = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

const dateParts = (prefix: string, d: Date) => {
  const [y, m, day] = todayInLondon(d).split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y,
  };
};

/**
 * The incident as the form's fields (the inverse of `incidentFromForm`), to start a correction
 * from: UK dates, the time unless none was given (midnight), and which of a repeated hour it was.
 */
export function formValuesOfIncident(i: IncidentRow): Record<string, unknown> {
  const time = ukTime.format(i.occurredFrom);
  const exactTime = !i.approximate && time !== '00:00';
  const local = exactTime ? londonLocalTime(todayInLondon(i.occurredFrom), time) : null;
  const clock =
    local?.kind === 'repeated'
      ? local.readings[0].at.getTime() === i.occurredFrom.getTime()
        ? 'first'
        : 'second'
      : undefined;
  return {
    timing: i.approximate ? 'approximate' : 'exact',
    ...dateParts('occurredFrom', i.occurredFrom),
    occurredTime: exactTime ? time : '',
    ...(clock ? { occurredClock: clock } : {}),
    ...(i.approximate && i.occurredTo ? dateParts('occurredTo', i.occurredTo) : {}),
    behaviours: inListOrder(i.behaviours),
    reportedBy: i.reportedBy,
    caseVictimId: i.caseVictimId ?? '',
    description: i.description,
  };
}
