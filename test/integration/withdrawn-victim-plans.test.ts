import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { evaluatedVictims } from '../support/evaluation.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type PlanVersion = { version: number; summary: string };
type PlansBody = {
  victims: { caseVictimId: string; victim: string; current: PlanVersion | null; history: PlanVersion[] }[];
  withdrawnVictims: {
    caseVictimId: string;
    victim: string;
    withdrawn: { at: string; by: string; reason: string };
    versions: PlanVersion[];
  }[];
};

/**
 * Issue 11, a victim withdrawn as entered in error: their safety plans stay reachable on the case's
 * safety plans page and API for those who read the victim's voice, listed apart as belonging to a
 * withdrawn victim (never a current plan, never revised, not among the evaluation's plans in
 * place); and the same person can then be added to the case again, as a new place on the case with
 * the right relationship, the withdrawn one staying marked with its plans.
 */
describe.each(targets)('a withdrawn victim’s safety plans, and adding them again, on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let probation: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  let victimName: { given_name: string; family_name: string };
  let readdedId: string;
  const { get, browserOf, api } = clientsFor(() => t);

  const plan = (summary: string, expectedVersion: number) => ({
    summary,
    actions: [{ action: 'Install a panic alarm', owner: 'Police', reviewOn: isoIn(14) }],
    reviewDate: isoIn(28),
    expectedVersion,
  });

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    probation = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Pam Probation',
    });
    outsider = await t.createUser({ role: 'investigating_officer', sites: [site] });
    c = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id, probation.id] });
    victimName = await t.db.owner
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', c.victimId)
      .executeTakeFirstOrThrow();
    for (const [summary, version] of [
      ['First plan: a safe route to work', 0],
      ['Second plan: after the move', 1],
    ] as const) {
      const saved = await api(
        advocate,
        'POST',
        `/api/v1/cases/${c.caseId}/safety-plans/${c.caseVictimId}`,
        plan(summary, version),
      );
      expect(saved.statusCode, saved.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const plansApi = async (user: TestUser) =>
    JSON.parse((await api(user, 'GET', `/api/v1/cases/${c.caseId}/safety-plans`)).body) as PlansBody;

  // the evaluation's victim safety: victims, and those with a safety plan in place
  const evaluated = async () => {
    const evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    const r = await evaluatedVictims(t.db, evaluator.id, {
      siteId: site.id,
      caseId: c.caseId,
      byUser: advocate.id,
    });
    return { victims: r.victims, victims_with_plan: r.victimsWithPlan };
  };

  it('withdrawn, the victim’s plans stay on the safety plans page and API, apart, not current, not revised', async () => {
    expect(await evaluated()).toEqual({ victims: 1, victims_with_plan: 1 });
    const withdrawn = await api(
      advocate,
      'POST',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/withdrawal`,
      {
        reason: 'Added with the wrong relationship',
      },
    );
    expect(withdrawn.statusCode, withdrawn.body).toBe(204);

    const page = await get(probation, `/cases/${c.caseId}/safety-plans`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('There are no victims on this case.');
    expect(text).toContain('Plans for victims withdrawn as entered in error');
    expect(text).toContain(`${victimName.given_name} ${victimName.family_name}`);
    expect(text).toContain('Added with the wrong relationship');
    expect(text).toContain('Ada Advocate');
    expect(text).toContain('Second plan: after the move');
    expect(text).toContain('First plan: a safe route to work');
    // no way to revise it, even for the advocate
    const own = await get(advocate, `/cases/${c.caseId}/safety-plans`);
    expect(own.body).not.toContain(`/safety-plans/${c.caseVictimId}/edit`);
    expect((await get(advocate, `/cases/${c.caseId}/safety-plans/${c.caseVictimId}/edit`)).statusCode).toBe(
      404,
    );
    const revise = await api(
      advocate,
      'POST',
      `/api/v1/cases/${c.caseId}/safety-plans/${c.caseVictimId}`,
      plan('A third plan', 2),
    );
    expect(revise.statusCode).toBe(404);

    const body = await plansApi(probation);
    expect(body.victims).toEqual([]);
    expect(body.withdrawnVictims).toHaveLength(1);
    expect(body.withdrawnVictims[0]).toMatchObject({
      caseVictimId: c.caseVictimId,
      victim: `${victimName.given_name} ${victimName.family_name}`,
      withdrawn: { by: 'Ada Advocate', reason: 'Added with the wrong relationship' },
    });
    expect(body.withdrawnVictims[0]!.versions.map((v) => [v.version, v.summary])).toEqual([
      [2, 'Second plan: after the move'],
      [1, 'First plan: a safe route to work'],
    ]);
    // not a plan in place for the evaluation
    expect(await evaluated()).toEqual({ victims: 0, victims_with_plan: 0 });
    // nothing more is recorded against the withdrawn place: no contact details, no advocate
    const contact = await api(
      advocate,
      'PUT',
      `/api/v1/cases/${c.caseId}/victims/${c.caseVictimId}/contact`,
      {
        address: '1 New Road',
      },
    );
    expect(contact.statusCode, contact.body).toBe(409);
    expect(contact.json().title).toBe('This victim was withdrawn as entered in error');
    const advocatePage = await browserOf(advocate);
    const changed = await advocatePage.post(`/cases/${c.caseId}/victims/${c.caseVictimId}/advocate`, {
      advocateId: advocate.id,
    });
    expect(changed.statusCode).toBe(409);
    // someone not on the case sees none of it
    expect((await get(outsider, `/cases/${c.caseId}/safety-plans`)).statusCode).toBe(404);
    expect((await api(outsider, 'GET', `/api/v1/cases/${c.caseId}/safety-plans`)).statusCode).toBe(404);
  });

  it('the same person can be added again: a new place on the case, the withdrawn one kept, marked, with its plans', async () => {
    const browser = await browserOf(advocate);
    const search = await browser.get(
      `/cases/${c.caseId}/victims/add?q=${encodeURIComponent(victimName.family_name)}`,
    );
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`value="${c.victimId}"`);
    const added = await browser.post(`/cases/${c.caseId}/victims/add`, {
      personId: c.victimId,
      kind: 'victim',
      relationship: 'work',
      advocateId: advocate.id,
    });
    expect(added.statusCode, errorSummaryOf(added.body) ?? '').toBe(303);
    const places = await t.db.owner
      .selectFrom('case_victim')
      .select(['id', 'relationship', 'withdrawn_at'])
      .where('case_id', '=', c.caseId)
      .where('victim_id', '=', c.victimId)
      .orderBy('created_at')
      .execute();
    expect(places).toHaveLength(2);
    expect(places[0]!.id).toBe(c.caseVictimId);
    expect(places[0]!.withdrawn_at).not.toBeNull();
    expect(places[1]).toMatchObject({ relationship: 'work', withdrawn_at: null });
    readdedId = places[1]!.id;

    // the victims page and API: a victim again, and the withdrawn place still marked
    const victims = textOf((await get(probation, `/cases/${c.caseId}/victims`)).body);
    expect(victims).not.toContain('No victims recorded.');
    expect(victims).toContain('Withdrawn as entered in error');
    const listed = JSON.parse((await api(probation, 'GET', `/api/v1/cases/${c.caseId}/victims`)).body);
    expect(listed.items.map((v: { id: string }) => v.id)).toEqual([readdedId]);

    // the safety plans: the new place has no plan yet; the withdrawn one's plans stay apart
    const plans = await plansApi(probation);
    expect(plans.victims).toEqual([
      expect.objectContaining({ caseVictimId: readdedId, current: null, history: [] }),
    ]);
    expect(plans.withdrawnVictims.map((v) => v.caseVictimId)).toEqual([c.caseVictimId]);
    const page = textOf((await get(advocate, `/cases/${c.caseId}/safety-plans`)).body);
    expect(page).toContain(
      `No safety plan has been recorded for ${victimName.given_name} ${victimName.family_name}`,
    );
    expect(page).toContain('Second plan: after the move');
    const fresh = await api(
      advocate,
      'POST',
      `/api/v1/cases/${c.caseId}/safety-plans/${readdedId}`,
      plan('A plan for her place on the case as a colleague', 0),
    );
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(await evaluated()).toEqual({ victims: 1, victims_with_plan: 1 });
    expect((await plansApi(probation)).victims[0]!.current).toMatchObject({
      version: 1,
      summary: 'A plan for her place on the case as a colleague',
    });
  });

  it('still only one standing place per person: adding them a third time is refused, in the app and the database', async () => {
    const browser = await browserOf(advocate);
    await browser.get(`/cases/${c.caseId}/victims/add`);
    const again = await browser.post(`/cases/${c.caseId}/victims/add`, {
      personId: c.victimId,
      kind: 'victim',
      relationship: 'family',
    });
    expect(again.statusCode).toBe(422);
    expect(errorSummaryOf(again.body)).toContain('already on this case');
    const viaApi = await api(advocate, 'POST', `/api/v1/cases/${c.caseId}/victims`, {
      personId: c.victimId,
      kind: 'victim',
      relationship: 'family',
    });
    expect(viaApi.statusCode).toBe(422);
    // the search no longer offers them
    const search = await browser.get(
      `/cases/${c.caseId}/victims/add?q=${encodeURIComponent(victimName.family_name)}`,
    );
    expect(search.body).not.toContain(`value="${c.victimId}"`);
    const direct = await t.db.owner
      .insertInto('case_victim')
      .values({ case_id: c.caseId, victim_id: c.victimId, relationship: 'family' })
      .execute()
      .then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    expect(direct).toBe('23505');
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'record_id'])
      .where('case_id', '=', c.caseId)
      .where('action', '=', 'case_victim.linked')
      .execute();
    expect(audit).toEqual([{ action: 'case_victim.linked', record_id: readdedId }]);
  });
});
