import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../src/platform/views/format.js';

describe('date formatting (GOV.UK style)', () => {
  it('formats a calendar date as "4 March 2026"', () => {
    expect(formatDate('2026-03-04')).toBe('4 March 2026');
  });

  it('formats a Date', () => {
    expect(formatDate(new Date('2026-03-04T09:30:00Z'))).toBe('4 March 2026');
  });

  it('keeps a bare date on its own day whatever the time zone', () => {
    expect(formatDate('2026-10-25')).toBe('25 October 2026');
    expect(formatDate('2026-01-01')).toBe('1 January 2026');
    expect(formatDate('2025-12-31')).toBe('31 December 2025');
  });

  it('shows instants in UK time (British Summer Time in July)', () => {
    expect(formatDate(new Date('2026-07-04T23:30:00Z'))).toBe('5 July 2026');
    expect(formatDate(new Date('2026-01-04T23:30:00Z'))).toBe('4 January 2026');
  });

  it('formats a time as "4 March 2026 at 2:05pm"', () => {
    expect(formatDateTime(new Date('2026-03-04T14:05:00Z'))).toBe('4 March 2026 at 2:05pm');
    expect(formatDateTime('2026-03-04T09:00:00Z')).toBe('4 March 2026 at 9:00am');
  });

  it('writes midday and midnight as 12pm and 12am, never 0', () => {
    expect(formatDateTime(new Date('2026-07-04T11:15:00Z'))).toBe('4 July 2026 at 12:15pm');
    expect(formatDateTime(new Date('2026-03-04T00:30:00Z'))).toBe('4 March 2026 at 12:30am');
  });

  it('gives an empty string for nothing or nonsense', () => {
    for (const v of [null, undefined, '', 'not a date', 42, {}]) {
      expect(formatDate(v)).toBe('');
      expect(formatDateTime(v)).toBe('');
    }
  });
});
