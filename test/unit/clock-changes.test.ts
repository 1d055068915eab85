import { describe, expect, it } from 'vitest';
import { clockOfForm, incidentFromForm, withClockErrors } from '../../src/modules/incidents/form.js';
import { describeWhen } from '../../src/modules/incidents/format.js';
import { incidentInput, readMoment } from '../../src/modules/incidents/schemas.js';
import { londonLocalTime } from '../../src/platform/time.js';

const form = (
  day: string,
  month: string,
  year: string,
  time: string,
  extra: Record<string, string> = {},
) => ({
  'occurredFrom-day': day,
  'occurredFrom-month': month,
  'occurredFrom-year': year,
  occurredTime: time,
  timing: 'exact',
  behaviours: ['following'],
  reportedBy: 'police',
  description: 'x',
  ...extra,
});

describe('UK clock changes', () => {
  it('knows 01:30 on 29 March 2026 did not happen, and 01:30 on 25 October 2026 happened twice', () => {
    expect(londonLocalTime('2026-03-29', '01:30')).toEqual({ kind: 'skipped' });
    expect(londonLocalTime('2026-03-29', '00:59')).toMatchObject({ kind: 'exact' });
    expect(londonLocalTime('2026-03-29', '02:00')).toEqual({
      kind: 'exact',
      at: new Date('2026-03-29T01:00:00Z'),
    });
    const back = londonLocalTime('2026-10-25', '01:30');
    expect(back).toEqual({
      kind: 'repeated',
      readings: [
        { at: new Date('2026-10-25T00:30:00Z'), zone: 'BST', offset: '+01:00' },
        { at: new Date('2026-10-25T01:30:00Z'), zone: 'GMT', offset: '+00:00' },
      ],
    });
    expect(londonLocalTime('2026-10-25', '02:00')).toMatchObject({ kind: 'exact' });
    expect(londonLocalTime('2026-07-01', '12:00')).toEqual({
      kind: 'exact',
      at: new Date('2026-07-01T11:00:00Z'),
    });
  });

  it('the API refuses a skipped or repeated local time, and takes one with its offset', () => {
    const skipped = readMoment('2026-03-29T01:30', 'When it happened');
    expect(skipped).toEqual({
      problem: expect.stringMatching(/01:30 on 29 March 2026 did not happen in the UK/),
    });
    const repeated = readMoment('2026-10-25T01:30', 'When it happened');
    expect(repeated).toEqual({
      problem: expect.stringMatching(/happened twice.*2026-10-25T01:30\+01:00 or 2026-10-25T01:30\+00:00/),
    });
    expect(readMoment('2026-10-25T01:30+00:00', 'x')).toEqual({ at: new Date('2026-10-25T01:30:00Z') });
    const base = { behaviours: ['following'], reportedBy: 'police', description: 'x' };
    expect(incidentInput.safeParse({ ...base, occurredFrom: '2026-03-29T01:30' }).success).toBe(false);
    expect(incidentInput.safeParse({ ...base, occurredFrom: '2026-10-25T01:30' }).success).toBe(false);
  });

  it('the incident form asks for a real time when the clocks skipped it', () => {
    const values = form('29', '3', '2026', '01:30');
    const parsed = incidentInput.safeParse(incidentFromForm(values));
    expect(parsed.success).toBe(false);
    const clock = clockOfForm(values);
    expect(clock.kind).toBe('skipped');
    const errors = withClockErrors([{ field: 'occurredFrom', message: 'x' }], clock);
    expect(errors).toEqual([
      { field: 'occurredTime', message: expect.stringMatching(/did not happen in the UK/) },
    ]);
  });

  it('the incident form asks BST or GMT when the clocks repeated the time, and keeps the answer', () => {
    const values = form('25', '10', '2026', '1:30');
    const clock = clockOfForm(values);
    expect(clock).toMatchObject({ kind: 'repeated', chosen: null, time: '01:30', day: '25 October 2026' });
    expect(incidentInput.safeParse(incidentFromForm(values)).success).toBe(false);
    expect(withClockErrors([{ field: 'occurredFrom', message: 'x' }], clock)).toEqual([
      {
        field: 'occurredClock',
        message: expect.stringMatching(/Choose 01:30 BST \(the first time\) or 01:30 GMT/),
      },
    ]);
    const first = incidentInput.parse(incidentFromForm({ ...values, occurredClock: 'first' }));
    expect(first.occurredFrom).toEqual(new Date('2026-10-25T00:30:00Z'));
    const second = incidentInput.parse(incidentFromForm({ ...values, occurredClock: 'second' }));
    expect(second.occurredFrom).toEqual(new Date('2026-10-25T01:30:00Z'));
    // and it is shown with the reading, so the two are told apart
    expect(describeWhen({ occurredFrom: first.occurredFrom, occurredTo: null, approximate: false })).toBe(
      '25 October 2026 at 1:30am BST',
    );
    expect(describeWhen({ occurredFrom: second.occurredFrom, occurredTo: null, approximate: false })).toBe(
      '25 October 2026 at 1:30am GMT',
    );
  });

  it('reads a time in years 0 to 99 in that year, not in the 1900s', () => {
    const local = londonLocalTime('0001-06-01', '10:00');
    expect(local?.kind).toBe('exact');
    expect(local?.kind === 'exact' && local.at.getUTCFullYear()).toBe(1);
  });

  it('an ordinary time is not asked about', () => {
    expect(clockOfForm(form('14', '3', '2025', '21:40'))).toEqual({ kind: 'none' });
    expect(
      describeWhen({ occurredFrom: new Date('2025-03-14T21:40:00Z'), occurredTo: null, approximate: false }),
    ).toBe('14 March 2025 at 9:40pm');
  });
});
