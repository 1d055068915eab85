import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  retryDelaySeconds,
} from '../../src/modules/notifications/backoff.js';
import { KIND_LIST, NOTIFICATION_KINDS } from '../../src/modules/notifications/kinds.js';
import {
  buildDigest,
  buildMail,
  digestLines,
  type MailItem,
} from '../../src/modules/notifications/message.js';
import { messageIdOf } from '../../src/modules/notifications/outbox.js';
import { emlFileName } from '../../src/platform/mail/transport.js';

describe('the back-off schedule of a failed e-mail', () => {
  it('waits 1, 5 and 15 minutes, 1 hour and 4 hours, then gives up', () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([60, 300, 900, 3600, 14_400]);
    expect(MAX_ATTEMPTS).toBe(6);
    expect(retryDelaySeconds(6)).toBeNull();
    expect(retryDelaySeconds(9)).toBeNull();
  });

  it('never waits less after a later failure, and about five and a half hours in all', () => {
    for (let i = 1; i < RETRY_DELAYS_SECONDS.length; i += 1)
      expect(RETRY_DELAYS_SECONDS[i]!).toBeGreaterThan(RETRY_DELAYS_SECONDS[i - 1]!);
    expect(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBe(19_260);
  });

  it('has no wait before a first attempt', () => {
    expect(() => retryDelaySeconds(0)).toThrow(RangeError);
    expect(() => retryDelaySeconds(1.5)).toThrow(RangeError);
  });
});

describe('an e-mail built from a notification', () => {
  it('names the case by its reference and asks the reader to sign in', () => {
    const mail = buildMail({
      kind: 'action_assigned',
      caseReference: 'HAM-000123',
      counts: null,
      digestDay: null,
    });
    expect(mail.subject).toBe('Recolo: You have a new action on case HAM-000123');
    expect(mail.text).toContain('You have a new action on case HAM-000123 — sign in to see it.');
  });

  it('has words for every kind, and plain words for a kind it does not know', () => {
    for (const kind of KIND_LIST) {
      const mail = buildMail({ kind, caseReference: 'CHS-000004', counts: null, digestDay: null });
      expect(mail.text, kind).toContain('CHS-000004');
      expect(NOTIFICATION_KINDS[kind].label.length, kind).toBeGreaterThan(5);
    }
    expect(
      buildMail({ kind: 'something_new', caseReference: 'LON-000009', counts: null, digestDay: null })
        .subject,
    ).toBe('Recolo: You have a new notification on case LON-000009');
  });

  // GOV.UK Notify: no personal data by e-mail. The row the delivery job reads carries the in-app
  // message (which names people) and the recipient's name; none of it may reach the e-mail.
  it('never carries a name, or anything of the notification but its kind and case reference', () => {
    const name = fc
      .tuple(
        fc.constantFrom('Darren', 'Aisha', 'Zofia', 'Siobhán', 'Łukasz', 'Nkechi'),
        fc.string({ minLength: 3 }),
      )
      .map(([given, rest]) => `${given}${rest.replace(/\s/g, '')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...KIND_LIST, 'unknown_kind'),
        name,
        name,
        fc.stringMatching(/^[A-Z]{3}-\d{6}$/),
        (kind, subjectName, recipientName, reference) => {
          const row = {
            kind,
            caseReference: reference,
            counts: null,
            digestDay: null,
            message: `Case ${reference}: ${subjectName} was rated high by ${recipientName}.`,
            recipientName,
            subjectName,
          };
          const item: MailItem = row;
          const mail = buildMail(item);
          const all = `${mail.subject}\n${mail.text}`;
          expect(all).not.toContain(subjectName);
          expect(all).not.toContain(recipientName);
          expect(all).not.toContain(row.message);
          expect(all).toContain(reference);
        },
      ),
    );
  });
});

describe('the daily digest', () => {
  it('lists each kind with its count, most first, and no case', () => {
    const counts = { action_assigned: 2, domain_raised_to_high: 1, order_breach: 0, action_overdue: 3 };
    expect(digestLines(counts)).toEqual([
      '- An action of yours is overdue: 3',
      '- An action is given to you: 2',
      '- A risk domain is rated high: 1',
    ]);
    const mail = buildDigest(counts, '2026-03-04');
    expect(mail.subject).toBe('Recolo: 6 new notifications on 4 March 2026');
    expect(mail.text).toContain('You had 6 new notifications in Recolo on 4 March 2026:');
    expect(mail.text).not.toMatch(/[A-Z]{3}-\d{6}/);
  });

  it('is built by buildMail when the item has counts', () => {
    const mail = buildMail({
      kind: 'daily_digest',
      caseReference: null,
      counts: { new_referral: 1 },
      digestDay: '2026-12-01',
    });
    expect(mail.subject).toBe('Recolo: 1 new notification on 1 December 2026');
    expect(mail.text).toContain('- A new referral at your site (site coordinators): 1');
  });
});

describe('the Message-ID and file of an e-mail', () => {
  it('are the same for every attempt at one outbox row, and differ between rows', () => {
    const a = messageIdOf('notification:6f1c1c1e-1a2b-4c3d-8e9f-000000000001');
    expect(a).toBe('<notification.6f1c1c1e-1a2b-4c3d-8e9f-000000000001@recolo.invalid>');
    expect(messageIdOf('notification:6f1c1c1e-1a2b-4c3d-8e9f-000000000001')).toBe(a);
    expect(messageIdOf('digest:u:2026-03-04')).not.toBe(a);
    expect(emlFileName(a)).toBe('notification.6f1c1c1e-1a2b-4c3d-8e9f-000000000001_recolo.invalid.eml');
  });
});
