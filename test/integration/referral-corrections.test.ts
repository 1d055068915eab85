import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voiceCurrency } from '../../src/modules/voice/public.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { evaluatedVictims } from '../support/evaluation.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Browser } from '../support/http.js';

/**
 * Issue 11: what was recorded at referral was fixed forever. Now the case team (core write)
 * corrects the referral's details, an offence or a victim's place on the case with a reason, each
 * correction kept with what changed; a save from an older version is refused showing what changed
 * since, one that changes nothing is refused; an offence or a victim is withdrawn as entered in
 * error after a confirmation page, leaving the overview and the lists but kept, marked, with the
 * reason, for those who may see the case, and all of it audited by field names.
 */
describe.each(targets)('correcting the referral, offences and victims on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let advocate: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  let secondOffenceId: string;
  const { get, browserOf, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Ivo Officer',
    });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    probation = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: officer.id, team: [officer.id, advocate.id, probation.id] });
    const second = await t.db.owner
      .insertInto('case_offence')
      .values({ case_id: c.caseId, code: 'pha_s2', description: 'Messages to her workplace' })
      .returning('id')
      .executeTakeFirstOrThrow();
    secondOffenceId = second.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** the hidden and filled values of a correction form, as a browser would post them back */
  async function formOf(browser: Browser, path: string): Promise<Record<string, string>> {
    const page = await browser.get(path);
    expect(page.statusCode, errorSummaryOf(page.body) ?? '').toBe(200);
    const values: Record<string, string> = {};
    for (const m of page.body.matchAll(/<input[^>]*>/g)) {
      const tag = m[0];
      const name = /name="([^"]*)"/.exec(tag)?.[1];
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (!name || name.startsWith('_')) continue;
      if (/type="radio"/.test(tag)) {
        if (/\schecked/.test(tag)) values[name] = value;
      } else values[name] = value;
    }
    for (const m of page.body.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([^<]*)<\/textarea>/g))
      values[m[1]!] = m[2]!.trim().replace(/&#39;/g, "'");
    for (const m of page.body.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g))
      values[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
    return values;
  }

  const auditOf = (action: string) =>
    t.db.owner
      .selectFrom('audit.event')
      .select(['details', 'record_id'])
      .where('action', '=', action)
      .where('case_id', '=', c.caseId)
      .execute();

  it('corrects the referral: the referring agency and consent, with a reason; its page shows what it was and is', async () => {
    const browser = await browserOf(officer);
    const form = await formOf(browser, `/cases/${c.caseId}/referral/correct`);
    expect(form).toMatchObject({ consent: 'given', isAdult: 'yes', referringAgencyId: site.agencies.police });
    const saved = await browser.post(`/cases/${c.caseId}/referral/correct`, {
      ...form,
      referringAgencyId: site.agencies.probation,
      consent: 'not_sought',
      reason: 'The referral came from probation; consent was not asked',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    const page = textOf((await get(probation, `/cases/${c.caseId}/referral`)).body);
    expect(page).toContain('The referral came from probation; consent was not asked');
    expect(page).toMatch(/Consent\s+Consent given\s+Consent not sought/);
    expect(page).toContain('Ivo Officer');
    const overview = textOf((await get(advocate, `/cases/${c.caseId}`)).body);
    expect(overview).toContain('Consent not sought');
    const history = JSON.parse(
      (await api(advocate, 'GET', `/api/v1/cases/${c.caseId}/referral/amendments`)).body,
    );
    expect(history).toMatchObject({
      version: 2,
      items: [{ versionAfter: 2, changes: { consent: { from: 'given', to: 'not_sought' } } }],
    });
    // the audit event names the fields, never their values
    expect((await auditOf('referral.amended')).map((a) => a.details)).toEqual([
      { fields: 'referringAgencyId,consent', channel: 'page' },
    ]);
  });

  it('refuses a stale referral save naming what changed, one that changes nothing, and "adult" against the date of birth', async () => {
    const first = await browserOf(officer);
    const second = await browserOf(advocate);
    const a = await formOf(first, `/cases/${c.caseId}/referral/correct`);
    const b = await formOf(second, `/cases/${c.caseId}/referral/correct`);
    const ok = await first.post(`/cases/${c.caseId}/referral/correct`, {
      ...a,
      referrerName: 'Pat Referrer',
      reason: 'The referrer’s name was mistyped',
    });
    expect(ok.statusCode, errorSummaryOf(ok.body) ?? '').toBe(303);
    const stale = await second.post(`/cases/${c.caseId}/referral/correct`, {
      ...b,
      consentNotes: 'Asked later',
      reason: 'Notes added',
    });
    expect(stale.statusCode).toBe(409);
    expect(errorSummaryOf(stale.body)).toContain('Referrer changed');
    const unchanged = await first.post(`/cases/${c.caseId}/referral/correct`, {
      ...(await formOf(first, `/cases/${c.caseId}/referral/correct`)),
      reason: 'No change',
    });
    expect(unchanged.statusCode).toBe(422);
    expect(errorSummaryOf(unchanged.body)).toContain('Change at least one detail');
    // the person referred is under 18 by a corrected date of birth: "adult" is refused at the field
    await t.db.owner
      .updateTable('person')
      .set({ date_of_birth: '2012-01-01' })
      .where('id', '=', c.subjectId)
      .execute();
    const young = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/referral/amendments`, {
      version: 3,
      reason: 'Lives in the area after all',
      referral: {
        referringAgencyId: site.agencies.probation,
        referrerName: 'Pat Referrer',
        reason: 'Repeated unwanted contact after the end of a relationship',
        consent: 'not_sought',
        consentNotes: '',
        isAdult: true,
        livesInArea: true,
      },
    });
    expect(young.statusCode).toBe(422);
    expect(young.body).toContain('under 18');
    await t.db.owner
      .updateTable('person')
      .set({ date_of_birth: '1980-05-17' })
      .where('id', '=', c.subjectId)
      .execute();
  });

  it('corrects an offence, refuses a stale one through the API, and keeps the history on its page', async () => {
    const browser = await browserOf(advocate);
    const form = await formOf(browser, `/cases/${c.caseId}/offences/${c.offenceId}/correct`);
    expect(form).toMatchObject({ code: 'pha_s2a', version: '1' });
    // the form shows the offence: a view of it, audited as one
    const viewed = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details'])
      .where('record_id', '=', c.offenceId)
      .where('action', '=', 'case_offence.view')
      .execute();
    expect(viewed).toContainEqual({
      action: 'case_offence.view',
      details: { channel: 'page', form: 'amend' },
    });
    const saved = await browser.post(`/cases/${c.caseId}/offences/${c.offenceId}/correct`, {
      ...form,
      code: 'pha_s4a',
      reason: 'Charged under section 4A',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    const page = textOf((await get(probation, `/cases/${c.caseId}/offences/${c.offenceId}`)).body);
    expect(page).toContain('Charged under section 4A');
    expect(page).toMatch(/Offence\s+Stalking \(PHA 1997 s2A\)\s+Stalking involving fear of violence/);
    const stale = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/offences/${c.offenceId}/amendments`, {
      version: 1,
      reason: 'Old version',
      offence: { code: 'pha_s2', description: '' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Offence changed');
    const same = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/offences/${c.offenceId}/amendments`, {
      version: 2,
      reason: 'Same',
      offence: { code: 'pha_s4a', description: 'Stalking' },
    });
    expect(same.statusCode).toBe(422);
    expect((await auditOf('case_offence.amended')).map((a) => a.details)).toEqual([
      { fields: 'code', channel: 'page' },
    ]);
  });

  it('withdraws an offence after a confirmation page: gone from the overview, kept marked; the last one cannot go', async () => {
    const browser = await browserOf(officer);
    const confirm = await browser.get(`/cases/${c.caseId}/offences/${secondOffenceId}/withdraw`);
    expect(textOf(confirm.body)).toContain('Withdraw this offence as entered in error?');
    const noReason = await browser.post(`/cases/${c.caseId}/offences/${secondOffenceId}/withdraw`, {
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    const done = await browser.post(`/cases/${c.caseId}/offences/${secondOffenceId}/withdraw`, {
      reason: 'Belongs to another case',
    });
    expect(done.statusCode).toBe(303);
    const overview = textOf((await get(probation, `/cases/${c.caseId}`)).body);
    expect(overview).not.toContain('Messages to her workplace');
    const caseApi = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${c.caseId}`)).body);
    expect(caseApi.offences).toEqual([{ code: 'pha_s4a', description: 'Stalking' }]);
    const referral = textOf((await get(probation, `/cases/${c.caseId}/referral`)).body);
    expect(referral).toContain('Withdrawn as entered in error');
    const own = textOf((await get(probation, `/cases/${c.caseId}/offences/${secondOffenceId}`)).body);
    expect(own).toContain('This offence was withdrawn as entered in error');
    expect(own).toContain('Belongs to another case');
    expect(own).toContain('Messages to her workplace');
    expect((await get(officer, `/cases/${c.caseId}/offences/${secondOffenceId}/correct`)).statusCode).toBe(
      409,
    );
    const listed = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${c.caseId}/offences`)).body);
    expect(listed.items.find((o: { id: string }) => o.id === secondOffenceId).withdrawn).toMatchObject({
      reason: 'Belongs to another case',
      by: 'Ivo Officer',
    });
    // the one offence left stands
    const last = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/offences/${c.offenceId}/withdrawal`, {
      reason: 'Wrong',
    });
    expect(last.statusCode).toBe(422);
    expect(last.body).toContain('at least one offence');
    expect((await auditOf('case_offence.withdrawn')).map((a) => a.record_id)).toEqual([secondOffenceId]);
  });

  it('corrects a victim’s relationship, and withdraws a victim only once no incident names them', async () => {
    const browser = await browserOf(advocate);
    const form = await formOf(browser, `/cases/${c.caseId}/victims/${c.caseVictimId}/correct`);
    expect(form).toMatchObject({ relationship: 'ex_intimate', kind: 'victim' });
    const saved = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/correct`, {
      ...form,
      relationship: 'work',
      reason: 'A former colleague, not a former partner',
    });
    expect(saved.statusCode, errorSummaryOf(saved.body) ?? '').toBe(303);
    const own = textOf((await get(probation, `/cases/${c.caseId}/victims/${c.caseVictimId}`)).body);
    expect(own).toMatch(/Relationship to the person referred\s+Ex-intimate partner\s+Work relationship/);
    const stale = await api(
      officer,
      'POST',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/amendments`,
      {
        version: 1,
        reason: 'Old version',
        victim: { relationship: 'family', kind: 'victim' },
      },
    );
    expect(stale.statusCode).toBe(409);
    const unchanged = await api(
      officer,
      'POST',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/amendments`,
      {
        version: 2,
        reason: 'Same',
        victim: { relationship: 'work', kind: 'victim' },
      },
    );
    expect(unchanged.statusCode).toBe(422);

    const incident = await api(officer, 'POST', `/api/v1/cases/${c.caseId}/incidents`, {
      occurredFrom: '2026-03-02',
      behaviours: ['following'],
      reportedBy: 'victim_diary',
      caseVictimId: c.caseVictimId,
      description: 'Followed her home',
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const named = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/withdraw`, {
      reason: 'Added to the wrong case',
    });
    expect(named.statusCode).toBe(422);
    expect(errorSummaryOf(named.body)).toContain('1 incident names this victim');
    const incidentId = JSON.parse(incident.body).id;
    expect(
      (
        await api(officer, 'POST', `/api/v1/cases/${c.caseId}/incidents/${incidentId}/withdrawal`, {
          reason: 'Wrong case',
        })
      ).statusCode,
    ).toBe(204);
    // the evaluation's victims (victim safety) count them until they are withdrawn
    const evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    const victimsEvaluated = async () =>
      (await evaluatedVictims(t.db, evaluator.id, { siteId: site.id, caseId: c.caseId, byUser: officer.id }))
        .victims;
    expect(await victimsEvaluated()).toBe(1);
    const done = await browser.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/withdraw`, {
      reason: 'Added to the wrong case',
    });
    expect(done.statusCode, errorSummaryOf(done.body) ?? '').toBe(303);
    const victim = await t.db.owner
      .selectFrom('person')
      .select('family_name')
      .where('id', '=', c.victimId)
      .executeTakeFirstOrThrow();
    const overview = textOf((await get(probation, `/cases/${c.caseId}`)).body);
    expect(overview).not.toContain(victim.family_name);
    // nor does a case decision wait for their voice
    const currency = await t.asUser(officer.id, (tx) => voiceCurrency(tx, c.caseId));
    expect(currency).toEqual([]);
    expect(await victimsEvaluated()).toBe(0);
    const victims = await get(probation, `/cases/${c.caseId}/victims`);
    expect(textOf(victims.body)).toContain('No victims recorded.');
    expect(textOf(victims.body)).toContain('Withdrawn as entered in error');
    const listed = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${c.caseId}/victims`)).body);
    expect(listed.items).toEqual([]);
    const page = textOf((await get(probation, `/cases/${c.caseId}/victims/${c.caseVictimId}`)).body);
    expect(page).toContain('This victim was withdrawn as entered in error');
    expect(page).toContain('A former colleague, not a former partner');
    expect((await get(officer, `/cases/${c.caseId}/victims/${c.caseVictimId}/withdraw`)).statusCode).toBe(
      409,
    );
    expect((await auditOf('case_victim.amended')).map((a) => a.details)).toEqual([
      { fields: 'relationship', channel: 'page' },
    ]);
    expect(await auditOf('case_victim.withdrawn')).toHaveLength(1);
  });

  it('someone not on the case sees no history and can neither correct nor withdraw', async () => {
    for (const path of [
      `/cases/${c.caseId}/referral`,
      `/cases/${c.caseId}/referral/correct`,
      `/cases/${c.caseId}/offences/${c.offenceId}`,
      `/cases/${c.caseId}/offences/${c.offenceId}/withdraw`,
      `/cases/${c.caseId}/victims/${c.caseVictimId}`,
    ])
      expect((await get(outsider, path)).statusCode, path).toBe(404);
    for (const path of [
      `/api/v1/cases/${c.caseId}/referral/amendments`,
      `/api/v1/cases/${c.caseId}/offences/${c.offenceId}/amendments`,
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/amendments`,
    ])
      expect((await api(outsider, 'GET', path)).statusCode, path).toBe(404);
    // and the amendment tables show them no rows at all
    const rows = await t.asUser(outsider.id, (tx) =>
      Promise.all(
        (['referral_amendment', 'case_offence_amendment', 'case_victim_amendment'] as const).map((table) =>
          tx.selectFrom(table).select('id').execute(),
        ),
      ),
    );
    expect(rows.flat()).toEqual([]);
  });
});
