import fs from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverMail } from '../../src/modules/notifications/jobs.js';
import { startJobs } from '../../src/platform/jobs/index.js';
import { deliverOutbox, queueDigests } from '../../src/modules/notifications/outbox.js';
import { notify } from '../../src/modules/notifications/public.js';
import { mailTransportFor, type MailTransport } from '../../src/platform/mail/transport.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';

const MINUTE = 60_000;

describe.each(targets)('notification e-mail on %s', (target) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let transport: MailTransport;
  let site: TestSite;
  let coordinator: TestUser;
  let officer: TestUser;
  let admin: TestUser;
  let theCase: TestCase;
  const { get, post, api } = clientsFor(() => t);

  /** A new member of staff at the site, not on the case team, with these kinds by e-mail. */
  async function memberWanting(kinds: string[], name: string): Promise<TestUser> {
    const user = await t.createUser({ role: 'probation_practitioner', sites: [site], displayName: name });
    const saved = await api(user, 'PUT', '/api/v1/notifications/settings', {
      emailKinds: kinds,
      dailyDigest: false,
      version: 0,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return user;
  }
  const addToTeam = async (user: TestUser) => {
    const r = await post(coordinator, `/cases/${theCase.caseId}/team`, { userId: user.id });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
  };
  const outboxOf = (user: TestUser) =>
    t.db.owner.selectFrom('notification_outbox').selectAll().where('user_id', '=', user.id).execute();
  const deliver = (now = new Date()) => deliverOutbox(t.db.owner, transport, { now });

  beforeAll(async () => {
    t = await startTestApp(target);
    smtp = await startTestSmtp();
    transport = mailTransportFor({
      smtpUrl: smtp.url,
      mailFrom: 'Recolo <no-reply@recolo.test>',
      outboxDir: '',
    });
    site = await t.seedSite();
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Cora Coordinator',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ian Officer',
    });
    admin = await t.createUser({ role: 'administrator', sites: [site], displayName: 'Ada Admin' });
    theCase = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await t?.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('e-mails a new team member who chose it, with the case reference and nothing personal', async () => {
    const member = await memberWanting(['case_team_added'], 'Priya Blackwood');
    const subject = await t.db.owner
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', theCase.subjectId)
      .executeTakeFirstOrThrow();
    await addToTeam(member);

    // in the app at once, with the words that name people
    const inApp = await get(member, '/notifications');
    expect(textOf(inApp.body)).toContain(
      `You were added to the team of case ${theCase.reference} by Cora Coordinator.`,
    );
    // queued in the same transaction, sent by the job
    expect((await outboxOf(member)).map((o) => o.state)).toEqual(['pending']);
    expect(await deliver()).toEqual({ sent: 1, retrying: 0, dead: 0 });

    const [mail, ...more] = smtp.to(member.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`Recolo: You were added to the team of case ${theCase.reference}`);
    expect(mail!.text).toContain(
      `You were added to the team of case ${theCase.reference} — sign in to see it.`,
    );
    for (const personal of [
      'Priya',
      'Blackwood',
      'Cora',
      'Coordinator',
      subject.given_name,
      subject.family_name,
    ])
      expect(mail!.raw, personal).not.toContain(personal);
    expect((await outboxOf(member)).map((o) => o.state)).toEqual(['sent']);
    // a second run (a retried job) sends nothing again
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(smtp.to(member.email)).toHaveLength(1);
  });

  it('writes nothing to the outbox for someone who keeps the kind in-app only', async () => {
    const member = await memberWanting([], 'Olu Inapp');
    await addToTeam(member);
    expect(await outboxOf(member)).toEqual([]);
    expect(textOf((await get(member, '/notifications')).body)).toContain(`team of case ${theCase.reference}`);
  });

  it('tries again after a refused first attempt, on the back-off, and delivers once', async () => {
    const member = await memberWanting(['case_team_added'], 'Rhys Retry');
    await addToTeam(member);
    smtp.refuse(member.email, 1);
    const now = new Date();
    expect(await deliver(now)).toEqual({ sent: 0, retrying: 1, dead: 0 });
    const [row] = await outboxOf(member);
    expect(row!.state).toBe('pending');
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toMatch(/451|busy/i);
    expect(row!.next_attempt_at.getTime()).toBe(now.getTime() + MINUTE);
    // not before its time
    expect(await deliver(new Date(now.getTime() + 30_000))).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(await deliver(new Date(now.getTime() + MINUTE + 1000))).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(smtp.to(member.email)).toHaveLength(1);
    const [after] = await outboxOf(member);
    expect([after!.state, after!.attempts]).toEqual(['sent', 2]);
  });

  it('sends each e-mail once when runs overlap, and a claim cut short goes again with the same Message-ID', async () => {
    const member = await memberWanting(['domain_raised_to_high'], 'Dana Duplicate');
    await addToTeam(member);
    await t.db.owner.transaction().execute((tx) =>
      notify(
        tx,
        [1, 2, 3].map((n) => ({
          userId: member.id,
          caseId: theCase.caseId,
          kind: 'domain_raised_to_high',
          message: `Case ${theCase.reference}: domain ${n} was rated high by Dana Duplicate.`,
          link: `/cases/${theCase.caseId}/risk`,
        })),
      ),
    );
    // two workers (a job and its retry) at once, then another
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect(a.sent + b.sent).toBe(3);
    expect((await deliver()).sent).toBe(0);
    const mails = smtp.to(member.email);
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);

    // a sender that died after sending, before marking: its claim is left alone within the lease…
    const [first] = await outboxOf(member);
    const claimedAt = new Date();
    await t.db.owner
      .updateTable('notification_outbox')
      .set({ state: 'sending', sent_at: null, claimed_at: claimedAt })
      .where('id', '=', first!.id)
      .execute();
    expect((await deliver(new Date(claimedAt.getTime() + 5 * MINUTE))).sent).toBe(0);
    // …and taken again after it, with the same Message-ID, so the mail system sees one message
    expect((await deliver(new Date(claimedAt.getTime() + 11 * MINUTE))).sent).toBe(1);
    const again = smtp.to(member.email);
    expect(again).toHaveLength(4);
    expect(mails.map((m) => m.messageId)).toContain(again[3]!.messageId);
  });

  it('gives up after six attempts: a dead letter the administrator sees and sends again', async () => {
    const member = await memberWanting(['case_team_added'], 'Dee Dead');
    await addToTeam(member);
    smtp.refuse(member.email, 6);
    let now = Date.now();
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const r = await deliver(new Date(now));
      expect(r.sent, `attempt ${attempt}`).toBe(0);
      now += 5 * 3_600_000; // past any wait
    }
    const [row] = await outboxOf(member);
    expect([row!.state, row!.attempts]).toEqual(['dead', 6]);
    expect((await deliver(new Date(now))).sent).toBe(0);

    const page = await get(admin, '/admin/mail');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(member.email);
    expect(text).toContain('You are added to a case team');
    expect(text).not.toContain(theCase.reference);
    // no one else sees the list, or may send again
    expect((await get(officer, '/admin/mail')).statusCode).toBe(404);
    expect((await post(officer, `/admin/mail/${row!.id}/retry`)).statusCode).toBe(404);

    const retried = await post(admin, `/admin/mail/${row!.id}/retry`);
    expect(retried.statusCode).toBe(303);
    expect(textOf((await get(admin, '/admin/mail?retried=1')).body)).not.toContain(member.email);
    expect(await deliver()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(smtp.to(member.email)).toHaveLength(1);
  });

  it('shows each person only their own outbox rows and settings', async () => {
    const member = await memberWanting(['case_team_added'], 'Sam Secret');
    await addToTeam(member);
    const mine = await t.asUser(member.id, (tx) =>
      tx.selectFrom('notification_outbox').select('user_id').execute(),
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.user_id === member.id)).toBe(true);
    const theirs = await t.asUser(coordinator.id, (tx) =>
      tx.selectFrom('notification_outbox').select('id').where('user_id', '=', member.id).execute(),
    );
    expect(theirs).toEqual([]);
    const settings = await t.asUser(coordinator.id, (tx) =>
      tx.selectFrom('notification_setting').select('user_id').where('user_id', '=', member.id).execute(),
    );
    expect(settings).toEqual([]);
  });

  it('tells the site coordinator of a new referral through notify(), by e-mail when chosen', async () => {
    const saved = await api(coordinator, 'PUT', '/api/v1/notifications/settings', {
      emailKinds: ['new_referral'],
      dailyDigest: false,
      version: 0,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const fresh = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
    await t.asUser(officer.id, (tx) =>
      notify(tx, [
        {
          userId: coordinator.id,
          caseId: fresh.caseId,
          kind: 'new_referral',
          message: `A new referral: case ${fresh.reference}.`,
          link: `/cases/${fresh.caseId}`,
        },
      ]),
    );
    await deliver();
    const [mail] = smtp.to(coordinator.email);
    expect(mail!.subject).toBe(`Recolo: There is a new referral at your site: case ${fresh.reference}`);
  });

  it('sends the daily digest once, with counts per kind and no case', async () => {
    const member = await memberWanting([], 'Dora Digest');
    await addToTeam(member);
    const settings = (await api(member, 'GET', '/api/v1/notifications/settings')).json() as {
      version: number;
    };
    expect(
      (
        await api(member, 'PUT', '/api/v1/notifications/settings', {
          emailKinds: [],
          dailyDigest: true,
          version: settings.version,
        })
      ).statusCode,
    ).toBe(200);
    const yesterdayNoon = new Date(Date.now() - 24 * 3_600_000);
    yesterdayNoon.setUTCHours(12, 0, 0, 0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    await t.db.owner.transaction().execute((tx) =>
      notify(
        tx,
        ['action_assigned', 'action_assigned', 'action_overdue'].map((kind) => ({
          userId: member.id,
          caseId: theCase.caseId,
          kind,
          message: `Case ${theCase.reference}: an action for Dora Digest.`,
          link: `/cases/${theCase.caseId}`,
          createdAt: yesterdayNoon,
        })),
      ),
    );
    expect(await queueDigests(t.db.owner, today)).toBeGreaterThanOrEqual(1);
    expect(await queueDigests(t.db.owner, today)).toBe(0);
    await deliver();
    const mails = smtp.to(member.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Recolo: 3 new notifications on \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(mails[0]!.text).toContain('- An action is given to you: 2');
    expect(mails[0]!.text).toContain('- An action of yours is overdue: 1');
    expect(mails[0]!.raw).not.toContain(theCase.reference);
    expect(mails[0]!.raw).not.toContain('Dora');
  });

  it('writes .eml files under DATA_DIR/outbox when there is no SMTP server, once per e-mail', async () => {
    const member = await memberWanting(['case_team_added'], 'Eli Eml');
    await addToTeam(member);
    const dir = path.join(t.config.dataDir, 'outbox');
    const files = mailTransportFor({
      smtpUrl: undefined,
      mailFrom: 'Recolo <no-reply@recolo.test>',
      outboxDir: dir,
    });
    try {
      expect((await deliverOutbox(t.db.owner, files)).sent).toBe(1);
      const written = await fs.readdir(dir);
      const mine = [];
      for (const f of written) {
        const body = await fs.readFile(path.join(dir, f), 'utf8');
        if (body.includes(member.email)) mine.push(body);
      }
      expect(mine).toHaveLength(1);
      expect(mine[0]).toContain(`Subject: Recolo: You were added to the team of case ${theCase.reference}`);
      expect(mine[0]).not.toContain('Eli');
      expect(written.every((f) => f.endsWith('.eml'))).toBe(true);
    } finally {
      files.close();
    }
  });

  it('refuses a stale save of the settings page with an error summary, nothing changed', async () => {
    const member = await memberWanting(['action_assigned'], 'Stella Stale');
    const page = await get(member, '/account/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="emailKinds" type="checkbox" value="action_assigned" checked/);
    const ok = await post(member, '/account/notifications', { emailKinds: ['action_overdue'], version: '1' });
    expect(ok.statusCode).toBe(303);
    const stale = await post(member, '/account/notifications', {
      emailKinds: [],
      dailyDigest: 'yes',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('There is a problem');
    expect(textOf(stale.body)).toContain('Your settings were changed since this page was shown');
    const now = (await api(member, 'GET', '/api/v1/notifications/settings')).json() as {
      kinds: { kind: string; email: boolean }[];
      dailyDigest: boolean;
    };
    expect(now.kinds.filter((k) => k.email).map((k) => k.kind)).toEqual(['action_overdue']);
    expect(now.dailyDigest).toBe(false);
  });

  it('is delivered by the graphile-worker job, as the running service does', async () => {
    const member = await memberWanting(['case_team_added'], 'Will Worker');
    const jobs = await startJobs(
      { config: { ...t.config, smtpUrl: smtp.url, mailPollSeconds: 1 }, db: t.db },
      pino({ level: 'silent' }),
      [deliverMail],
    );
    try {
      await addToTeam(member);
      const [mail] = await smtp.waitFor(member.email, 1, 30_000);
      expect(mail!.subject).toBe(`Recolo: You were added to the team of case ${theCase.reference}`);
    } finally {
      await jobs.stop();
    }
    expect((await outboxOf(member)).map((o) => o.state)).toEqual(['sent']);
    expect(smtp.to(member.email)).toHaveLength(1);
  }, 90_000);
});
