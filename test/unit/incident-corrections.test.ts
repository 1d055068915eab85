import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesBetween, staleAmendment } from '../../src/platform/amendments.js';
import {
  detailsOfIncident,
  detailsOfInput,
  formValuesOfIncident,
  incidentChanges,
} from '../../src/modules/incidents/corrections-rules.js';
import { incidentFromForm } from '../../src/modules/incidents/form.js';
import type { IncidentRow } from '../../src/modules/incidents/repository.js';
import { BEHAVIOURS, incidentInput, REPORTERS } from '../../src/modules/incidents/schemas.js';

const row = (over: Partial<IncidentRow>): IncidentRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  occurredFrom: new Date('2026-03-02T00:00:00Z'),
  occurredTo: null,
  approximate: false,
  behaviours: ['following'],
  reportedBy: 'police',
  caseVictimId: null,
  victimName: null,
  description: 'Followed her',
  importBatch: null,
  createdBy: 'Ivo Officer',
  createdAt: new Date('2026-03-03T10:00:00Z'),
  evidenceCount: 0,
  version: 1,
  withdrawn: null,
  ...over,
});

describe('amending a record', () => {
  it('names exactly the fields that differ, with before and after; lists compare in order', () => {
    expect(
      changesBetween({ a: 1, b: ['x'], c: null }, { a: 1, b: ['x', 'y'], c: undefined }, ['a', 'b', 'c']),
    ).toEqual({
      b: { from: ['x'], to: ['x', 'y'] },
    });
  });

  it('refuses a stale save naming the fields changed since, once each', () => {
    const refusal = staleAmendment(
      [
        { changes: { occurredFrom: { from: 1, to: 2 } } },
        { changes: { occurredFrom: { from: 2, to: 3 }, description: { from: 'a', to: 'b' } } },
      ],
      { occurredFrom: 'When it happened', description: 'Description' },
      { record: 'incident', field: 'reason' },
    );
    expect(refusal.title).toBe('The incident was changed by someone else');
    expect(refusal.fieldErrors?.[0]?.message).toContain(': When it happened, Description changed');
  });
});

describe('correcting an incident', () => {
  it('ticking the same behaviours in another order is no change', () => {
    const i = row({ behaviours: ['watching', 'following'] });
    const same = {
      ...detailsOfIncident(i),
      behaviours: detailsOfInput(
        incidentInput.parse({
          occurredFrom: '2026-03-02',
          behaviours: ['following', 'watching'],
          reportedBy: 'police',
          description: 'Followed her',
        }),
      ).behaviours,
    };
    expect(incidentChanges(detailsOfIncident(i), same)).toEqual({});
  });

  it('the correction form starts from the incident exactly: sent back unchanged, it changes nothing', () => {
    // UK times on whole minutes from 2020 to 2026, exact (with or without a time) or approximate
    const minute = 60_000;
    const start = Date.UTC(2020, 0, 1);
    const end = Date.UTC(2026, 9, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor((end - start) / minute) }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        fc.subarray([...BEHAVIOURS], { minLength: 1 }),
        fc.constantFrom(...REPORTERS),
        (m, approximate, daysLater, behaviours, reportedBy) => {
          let from = new Date(start + m * minute);
          if (approximate) from = new Date(`${from.toISOString().slice(0, 10)}T12:00:00Z`);
          const local = new Date(
            `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(from)}T00:00:00`,
          );
          void local;
          const to =
            approximate && daysLater !== null ? new Date(from.getTime() + daysLater * 86_400_000) : null;
          const incident = row({ occurredFrom: from, occurredTo: to, approximate, behaviours, reportedBy });
          const values = formValuesOfIncident(incident);
          const parsed = incidentInput.safeParse(incidentFromForm(values));
          expect(parsed.success, JSON.stringify(values)).toBe(true);
          const details = detailsOfInput(parsed.data!);
          const changes = incidentChanges(detailsOfIncident(incident), details);
          // an approximate date keeps only its day (the form asks for no time): the day is what must survive
          if (approximate) {
            const day = (d: string | null) =>
              d && new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(d));
            expect(day(details.occurredFrom)).toBe(day(detailsOfIncident(incident).occurredFrom));
            expect(day(details.occurredTo)).toBe(day(detailsOfIncident(incident).occurredTo));
            expect(Object.keys(changes).filter((k) => k !== 'occurredFrom' && k !== 'occurredTo')).toEqual(
              [],
            );
          } else {
            expect(changes).toEqual({});
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
