import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  INVESTIGATION_STATUSES,
  NEXT_STATUSES,
  statusChoices,
  transitionProblem,
  type CaseStatus,
  type TransitionRequest,
} from '../../src/modules/cases/rules.js';

const base: Omit<TransitionRequest, 'from' | 'to'> = { mode: null, investigationStatus: 'charged' };

describe('case status transitions', () => {
  it.each([
    ['referred', 'screening'],
    ['referred', 'declined'],
    ['screening', 'declined'],
    ['accepted', 'active'],
    ['accepted', 'closed'],
    ['active', 'closed'],
  ] as [CaseStatus, CaseStatus][])('allows %s → %s', (from, to) => {
    expect(transitionProblem({ ...base, from, to })).toBeNull();
  });

  it.each([
    ['referred', 'active'],
    ['referred', 'closed'],
    ['screening', 'referred'],
    ['screening', 'active'],
    ['accepted', 'referred'],
    ['active', 'accepted'],
    ['closed', 'active'],
    ['closed', 'referred'],
    ['declined', 'screening'],
    ['declined', 'accepted'],
    ['referred', 'referred'],
  ] as [CaseStatus, CaseStatus][])('refuses %s → %s', (from, to) => {
    expect(transitionProblem({ ...base, from, to, mode: 'consultation' })).toBe(
      `A case that is ${from} cannot be moved to ${to}`,
    );
  });

  it('refuses every transition out of closed and declined', () => {
    for (const from of ['closed', 'declined'] as const) {
      for (const to of CASE_STATUSES) {
        expect(transitionProblem({ ...base, from, to, mode: 'consultation' })).not.toBeNull();
      }
    }
  });

  it('agrees with the table of next statuses for every pair', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const allowed = NEXT_STATUSES[from].includes(to);
        expect(transitionProblem({ ...base, from, to, mode: 'consultation' }) === null).toBe(allowed);
      }
    }
  });

  it('needs a mode to accept a case', () => {
    expect(transitionProblem({ ...base, from: 'screening', to: 'accepted', mode: null })).toBe(
      'Select whether the case is accepted for consultation or direct intervention',
    );
  });

  it.each(INVESTIGATION_STATUSES)('allows acceptance for consultation while %s', (investigationStatus) => {
    for (const from of ['referred', 'screening'] as const) {
      expect(
        transitionProblem({ from, to: 'accepted', mode: 'consultation', investigationStatus }),
      ).toBeNull();
    }
  });

  it('refuses direct intervention while the person is under police investigation', () => {
    expect(
      transitionProblem({
        from: 'screening',
        to: 'accepted',
        mode: 'intervention',
        investigationStatus: 'under_investigation',
      }),
    ).toBe('This person is under police investigation, so the case can be accepted for consultation only');
  });

  it.each(['charged', 'convicted', 'no_further_action'] as const)(
    'allows direct intervention when %s',
    (investigationStatus) => {
      expect(
        transitionProblem({ from: 'screening', to: 'accepted', mode: 'intervention', investigationStatus }),
      ).toBeNull();
    },
  );
});

describe('status choices', () => {
  it('offers both acceptance modes, intervention disabled under investigation', () => {
    const choices = statusChoices('screening', 'under_investigation');
    expect(choices.map((c) => c.value)).toEqual([
      'accepted:consultation',
      'accepted:intervention',
      'declined',
    ]);
    expect(choices.find((c) => c.value === 'accepted:consultation')?.disabledReason).toBeUndefined();
    expect(choices.find((c) => c.value === 'accepted:intervention')?.disabledReason).toBe(
      'Not while the person is under police investigation',
    );
  });

  it('offers intervention when charged', () => {
    const choices = statusChoices('referred', 'charged');
    expect(choices.map((c) => c.value)).toEqual([
      'screening',
      'accepted:consultation',
      'accepted:intervention',
      'declined',
    ]);
    expect(choices.every((c) => c.disabledReason === undefined)).toBe(true);
  });

  it('offers nothing for a closed case', () => {
    expect(statusChoices('closed', 'convicted')).toEqual([]);
  });
});
