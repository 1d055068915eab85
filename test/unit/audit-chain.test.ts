import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, type SealedEventText } from '../../src/platform/audit/chain.js';

const event: SealedEventText = {
  id: '42',
  at: '2026-03-04T14:05:00.123456Z',
  user_id: '7b0c2f4e-8f3a-4d55-9d2e-1a2b3c4d5e6f',
  action: 'case.viewed',
  case_id: 'c1d2e3f4-1111-4222-8333-944455556666',
  record_type: 'case',
  record_id: 'c1d2e3f4-1111-4222-8333-944455556666',
  reason: 'Case team member',
  request_id: 'req-1',
  break_glass: false,
  details: '{}',
};

const eventArb: fc.Arbitrary<SealedEventText> = fc.record({
  id: fc.integer({ min: 1 }).map(String),
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  user_id: fc.option(fc.uuid(), { nil: null }),
  action: fc.string(),
  case_id: fc.option(fc.uuid(), { nil: null }),
  record_type: fc.option(fc.string(), { nil: null }),
  record_id: fc.option(fc.string(), { nil: null }),
  reason: fc.string(),
  request_id: fc.option(fc.string(), { nil: null }),
  break_glass: fc.boolean(),
  details: fc.json(),
});

describe('audit chain hash', () => {
  it('starts from a genesis of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is a SHA-256 hex digest', () => {
    expect(chainHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic: the same event after the same head gives the same hash', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), eventArb, (previous, e) => {
        expect(chainHash(previous, e)).toBe(chainHash(previous, { ...e }));
      }),
    );
  });

  it('does not depend on the order the fields were written in', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as SealedEventText;
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes with the previous head', () => {
    expect(chainHash(GENESIS_HASH, event)).not.toBe(chainHash('1'.repeat(64), event));
  });

  it.each(Object.keys(event) as (keyof SealedEventText)[])('changes when %s changes', (key) => {
    const changed = { ...event } as Record<string, unknown>;
    const v = event[key];
    changed[key] = typeof v === 'boolean' ? !v : v === null ? 'x' : `${v}x`;
    expect(chainHash(GENESIS_HASH, changed as SealedEventText)).not.toBe(chainHash(GENESIS_HASH, event));
  });

  it('tells null from the string "null" and moves no text between fields', () => {
    expect(chainHash(GENESIS_HASH, { ...event, record_type: null })).not.toBe(
      chainHash(GENESIS_HASH, { ...event, record_type: 'null' }),
    );
    expect(chainHash(GENESIS_HASH, { ...event, action: 'ab', reason: 'c' })).not.toBe(
      chainHash(GENESIS_HASH, { ...event, action: 'a', reason: 'bc' }),
    );
  });

  it('chains: each hash depends on every event before it', () => {
    const second = { ...event, id: '43' };
    const h1 = chainHash(GENESIS_HASH, event);
    const h2 = chainHash(h1, second);
    const h1Altered = chainHash(GENESIS_HASH, { ...event, reason: 'Altered' });
    expect(chainHash(h1Altered, second)).not.toBe(h2);
  });
});
