import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuditKeyConfigError,
  canonicalJson,
  checkAuditMac,
  computeAuditMac,
  credentialRef,
  loadAuditKeys,
  macTime,
  newAuditKeySpec,
  parseAuditKeys,
  type MacFields,
} from '../../src/platform/audit/mac.js';
import { auditEventValues } from '../../src/platform/audit/record.js';

const keys = parseAuditKeys(`${newAuditKeySpec('k2')},${newAuditKeySpec('k1')}`);
const key = keys.keys.get('k2')!;

const event: MacFields = {
  at: '2026-03-04T14:05:00.123000Z',
  user_id: '7b0c2f4e-8f3a-4d55-9d2e-1a2b3c4d5e6f',
  action: 'case.viewed',
  case_id: 'c1d2e3f4-1111-4222-8333-944455556666',
  record_type: 'case',
  record_id: 'c1d2e3f4-1111-4222-8333-944455556666',
  reason: 'Case team member',
  request_id: 'req-1',
  break_glass: false,
  details: '{"count": 2, "ok": true}',
  session_ref: 'session:0123456789abcdef0123456789abcdef',
  session_user_id: '7b0c2f4e-8f3a-4d55-9d2e-1a2b3c4d5e6f',
};

const changed: Record<keyof MacFields, unknown> = {
  at: '2026-03-04T14:05:00.123001Z',
  user_id: '00000000-0000-4000-8000-000000000001',
  action: 'case.changed',
  case_id: null,
  record_type: null,
  record_id: 'other',
  reason: 'Case team member.',
  request_id: 'req-2',
  break_glass: true,
  details: '{"count": 3, "ok": true}',
  session_ref: 'session:ffffffffffffffffffffffffffffffff',
  session_user_id: null,
};

describe('audit MAC', () => {
  it('is an HMAC-SHA256, base64url', () => {
    expect(computeAuditMac(key, 'k2', event)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('checks a MAC it made', () => {
    expect(checkAuditMac(keys, computeAuditMac(key, 'k2', event), 'k2', event)).toBe('ok');
  });

  it.each(Object.keys(changed) as (keyof MacFields)[])('no longer matches when %s changes', (field) => {
    const mac = computeAuditMac(key, 'k2', event);
    expect(checkAuditMac(keys, mac, 'k2', { ...event, [field]: changed[field] } as MacFields)).toBe(
      'mismatch',
    );
  });

  it('does not match under another key, or with the key id swapped', () => {
    const other = parseAuditKeys(newAuditKeySpec('k2'));
    expect(checkAuditMac(other, computeAuditMac(key, 'k2', event), 'k2', event)).toBe('mismatch');
    expect(checkAuditMac(keys, computeAuditMac(key, 'k2', event), 'k1', event)).toBe('mismatch');
  });

  it('names a missing MAC and an unknown key', () => {
    expect(checkAuditMac(keys, null, null, event)).toBe('missing');
    expect(checkAuditMac(keys, computeAuditMac(key, 'k2', event), 'k9', event)).toBe('unknown-key');
  });

  it('does not depend on how the database orders or spaces the details', () => {
    const mac = computeAuditMac(key, 'k2', event);
    expect(checkAuditMac(keys, mac, 'k2', { ...event, details: '{"ok":true,"count":2}' })).toBe('ok');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(d));
      }),
    );
  });

  it('prints times as the database does, to the microsecond in UTC', () => {
    expect(macTime(new Date('2026-03-04T14:05:00.123Z'))).toBe('2026-03-04T14:05:00.123000Z');
  });

  it('authenticates what the application writes, binding the session and its user', () => {
    const v = auditEventValues(
      {
        userId: event.user_id,
        requestId: 'req-1',
        credential: { ref: event.session_ref!, userId: event.session_user_id! },
        audit: keys,
      },
      { action: 'case.viewed', reason: 'Case team member', caseId: event.case_id, details: { ok: true } },
      new Date('2026-03-04T14:05:00.123Z'),
    );
    expect(v.mac_key_id).toBe('k2');
    expect(v.session_user_id).toBe(event.session_user_id);
    expect(checkAuditMac(keys, v.mac, v.mac_key_id, { ...v, at: macTime(v.at) })).toBe('ok');
  });

  it('refers to a credential one way only, and tells sessions from tokens', () => {
    const ref = credentialRef('session', 'a'.repeat(64));
    expect(ref).toMatch(/^session:[0-9a-f]{32}$/);
    expect(ref).not.toContain('a'.repeat(32));
    expect(credentialRef('token', 'a'.repeat(64)).slice(6)).not.toBe(ref.slice(8));
  });
});

describe('audit keys', () => {
  it('takes the first as current and keeps the others for older events', () => {
    expect(keys.currentId).toBe('k2');
    expect([...keys.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['', /No audit key/],
    ['k1', /id:base64/],
    ['bad id:AAAA', /id:base64/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    [`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}`, /twice/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseAuditKeys(spec)).toThrow(AuditKeyConfigError);
    expect(() => parseAuditKeys(spec)).toThrow(message);
  });

  it('without RECOLO_AUDIT_KEYS, creates a local key file readable by its owner only, once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-mac-'));
    try {
      const first = loadAuditKeys({}, dir);
      const file = path.join(dir, 'audit-mac.key');
      expect(first.source).toBe(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const again = loadAuditKeys({}, dir);
      expect(again.keys.keys.get(again.keys.currentId)).toEqual(first.keys.keys.get(first.keys.currentId));
      const fromEnv = loadAuditKeys({ RECOLO_AUDIT_KEYS: newAuditKeySpec('prod-1') }, dir);
      expect(fromEnv).toMatchObject({ source: 'environment', keys: { currentId: 'prod-1' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
