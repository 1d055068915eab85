import { describe, expect, it } from 'vitest';
import {
  ageBand,
  COHORTS,
  daysBetween,
  followUpEnd,
  horizonCounts,
  horizonDays,
  observe,
  riskDirection,
  START_DATES,
  type CaseFacts,
} from '../../src/modules/evaluation/framework.js';
import { parseFilters } from '../../src/modules/evaluation/filters.js';
import {
  dateShiftDays,
  kAnonymise,
  pseudonym,
  shiftDate,
} from '../../src/modules/evaluation/pseudonymise.js';
import { readCsvRows, reproduceReoffending } from '../../src/modules/evaluation/reproduce.js';
import { reoffendingTable } from '../../src/modules/evaluation/tables.js';
import { toCsv } from '../../src/platform/csv.js';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  siteId: 's',
  referredOn: '2025-01-10',
  acceptedOn: null,
  acceptedMode: null,
  interventionOn: null,
  declinedOn: null,
  closedOn: null,
  dischargedOn: null,
  dischargeKind: null,
  unplannedReason: null,
  firstSessionOn: null,
  typology: null,
  riskAtEntry: null,
  ageAtReferral: null,
  ...over,
});
const member = (key: string, c: CaseFacts) => COHORTS.find((x) => x.key === key)!.member(c);

describe('the evaluation’s outcome framework', () => {
  it('puts cases in cohorts by their status history and discharge', () => {
    const completed = facts({
      acceptedOn: '2025-01-20',
      acceptedMode: 'consultation',
      interventionOn: '2025-03-01',
      dischargeKind: 'planned',
      dischargedOn: '2025-09-01',
    });
    expect(COHORTS.filter((c) => c.member(completed)).map((c) => c.key)).toEqual([
      'referred',
      'accepted_consultation',
      'accepted_intervention',
      'completed_intervention',
    ]);
    expect(member('declined_or_disengaged', facts({ declinedOn: '2025-01-20' }))).toBe(true);
    expect(
      member(
        'declined_or_disengaged',
        facts({ interventionOn: '2025-02-01', dischargeKind: 'unplanned', unplannedReason: 'disengaged' }),
      ),
    ).toBe(true);
    expect(member('completed_intervention', facts({ dischargeKind: 'planned' }))).toBe(false);
  });

  it('takes the start date the filters choose, none when the case never reached it', () => {
    const c = facts({ acceptedOn: '2025-02-01' });
    expect(START_DATES.find((s) => s.key === 'acceptance')!.of(c)).toBe('2025-02-01');
    expect(START_DATES.find((s) => s.key === 'first_session')!.of(c)).toBeNull();
  });

  it('counts an event only after the start and before the end of follow-up, otherwise censors', () => {
    expect(observe('2025-01-01', '2026-01-01', '2025-03-02')).toEqual({ time: 60, event: true });
    // on the start date itself: not "after"
    expect(observe('2025-01-01', '2026-01-01', '2025-01-01')).toEqual({ time: 365, event: false });
    // after the end of follow-up: censored at the end
    expect(observe('2025-01-01', '2025-06-01', '2025-07-01')).toEqual({ time: 151, event: false });
    expect(observe('2025-01-01', '2025-01-01', null)).toBeNull();
  });

  it('ends follow-up at loss to follow-up (moved out of the area) but not at a planned discharge', () => {
    const moved = facts({ dischargedOn: '2025-05-01', unplannedReason: 'moved_out_of_area' });
    expect(followUpEnd(moved, '2025-01-10', '2026-01-01')).toBe('2025-05-01');
    const planned = facts({ dischargedOn: '2025-05-01', dischargeKind: 'planned' });
    expect(followUpEnd(planned, '2025-01-10', '2026-01-01')).toBe('2026-01-01');
  });

  it('counts horizons only over cases whose outcome is known by then', () => {
    expect(horizonDays(6)).toBe(183);
    expect(horizonDays(12)).toBe(365);
    expect(horizonDays(24)).toBe(731);
    const counts = horizonCounts([
      { time: 100, event: true },
      { time: 100, event: false }, // censored before 6 months: unknown at every horizon
      { time: 400, event: false },
      { time: 500, event: true },
    ]);
    expect(counts.map((h) => [h.followed, h.events])).toEqual([
      [3, 1],
      [3, 1],
      [2, 2],
    ]);
  });

  it('bands ages, names risk directions and reads days between dates', () => {
    expect(ageBand(24)).toBe('18 to 24');
    expect(ageBand(55)).toBe('55 and over');
    expect(ageBand(null)).toBe('Not known');
    expect(riskDirection('high', 'moderate')).toBe('down');
    expect(riskDirection('low', 'low')).toBe('same');
    expect(riskDirection('low', 'high')).toBe('up');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('falls back to the defaults for filters it does not understand', () => {
    const f = parseFilters({
      sites: ['not-a-uuid'],
      cohort: 'everyone',
      from: '2025-02-30',
      outcome: 'breach',
    });
    expect(f).toMatchObject({
      sites: [],
      cohort: 'referred',
      from: null,
      outcome: 'breach',
      comparison: null,
    });
  });
});

describe('pseudonyms, date shifts and k-anonymity for research extracts', () => {
  it('makes pseudonyms that differ between extracts and cannot be made without the key', () => {
    const a = pseudonym('k'.repeat(32), 'extract-1', 'case-1');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(pseudonym('k'.repeat(32), 'extract-2', 'case-1')).not.toBe(a);
    expect(pseudonym('x'.repeat(32), 'extract-1', 'case-1')).not.toBe(a);
  });

  it('shifts a person’s dates by one keyed offset of at most 30 days, keeping intervals', () => {
    const d = dateShiftDays('k'.repeat(32), 'e', 'c');
    expect(Math.abs(d)).toBeLessThanOrEqual(30);
    const a = shiftDate('2025-01-01', d);
    const b = shiftDate('2025-03-01', d);
    expect(daysBetween(a, b)).toBe(59);
    expect(shiftDate(null, d)).toBe('');
  });

  it('coarsens rare combinations before withholding, so every combination occurs at least k times', () => {
    const rows = [
      ...Array.from({ length: 6 }, () => ({ site: 'A', age: '25 to 34', typ: 'rejected' })),
      ...Array.from({ length: 3 }, () => ({ site: 'A', age: '35 to 44', typ: 'rejected' })),
      { site: 'A', age: '55 and over', typ: 'predatory' },
      { site: 'B', age: '18 to 24', typ: 'resentful' },
    ];
    const out = kAnonymise(rows, 3, ['site'], ['age', 'typ']);
    const sizes = new Map<string, number>();
    for (const r of out.rows)
      sizes.set(`${r.site}|${r.age}|${r.typ}`, (sizes.get(`${r.site}|${r.age}|${r.typ}`) ?? 0) + 1);
    for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(3);
    // site B has a single case: it cannot be hidden among others of its site, so it is withheld
    expect(out.withheld).toBe(1);
    expect(out.rows.every((r) => r.site === 'A')).toBe(true);
    expect(out.coarsened).toBeGreaterThan(0);
    expect(out.rows).toHaveLength(10);
  });
});

describe('reproducing the re-offending table from an extract', () => {
  it('prints exactly the published table from the extract’s observations', () => {
    const header = ['pseudonym', 'cohort_referred'];
    for (const o of ['stalking_harassment', 'any_offence', 'breach', 'police_incident'])
      header.push(`${o}_days`, `${o}_event`);
    const rows: string[][] = [];
    const obs = [];
    for (let i = 0; i < 40; i += 1) {
      const time = 30 + i * 20;
      const event = i % 3 === 0;
      obs.push({ time, event });
      rows.push([`p${i}`, '1', ...Array.from({ length: 4 }, () => [String(time), event ? '1' : '0']).flat()]);
    }
    rows.push(['q', '0', '10', '1', '10', '1', '10', '1', '10', '1']);
    const published = reoffendingTable({
      stalking_harassment: obs,
      any_offence: obs,
      breach: obs,
      police_incident: obs,
    });
    const text = reproduceReoffending(toCsv(header, rows), 'referred');
    expect(text).toBe(toCsv(published.header, published.rows));
    expect(readCsvRows(text)[1]).toEqual([
      'New stalking or harassment offence',
      '6 months',
      '35',
      '[c]',
      '[c]',
    ]);
  });
});
