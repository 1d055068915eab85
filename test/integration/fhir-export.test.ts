import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { validateDefinition } from '../../src/modules/instruments/validate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { signIn, type Client } from '../support/client.js';
import { targets } from '../support/databases.js';
import {
  loadFhirSchema,
  questionnaireProblems,
  responseProblems,
  type QResponse,
  type Questionnaire,
} from '../support/fhir.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf } from '../support/http.js';

/**
 * Every FHIR export as the API serves it, checked against the official FHIR R4 JSON schema, the
 * que-/qrs- invariants, and (a response) against the Questionnaire the API serves for its version.
 */
describe.each(targets)('FHIR R4 exports on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let psychiatrist: TestUser;
  let theCase: TestCase;
  let client: Client;
  const versionIds: Record<string, string> = {};

  async function publish(file: 'spj-template.json' | 'screening-template.json'): Promise<void> {
    // as an administrator's import publishes it: the definition as validated (defaults filled in)
    const checked = validateDefinition(readTemplate(file));
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    const def = checked.definition;
    const instrument = await t.db.owner
      .insertInto('instrument')
      .values({ code: def.code, name: def.name, tier: def.tier })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await t.db.owner
      .insertInto('instrument_version')
      .values({
        instrument_id: instrument.id,
        version: 1,
        definition: JSON.stringify(def),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    versionIds[def.code] = version.id;
  }
  const questionnaire = async (code: string): Promise<Questionnaire & { resourceType: string }> => {
    const r = await client.api('GET', `/api/v1/instruments/${code}/versions/1/fhir`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/fhir\+json/);
    return r.json() as Questionnaire & { resourceType: string };
  };
  const root = () => `/api/v1/cases/${theCase.caseId}/assessments`;
  const response = async (id: string): Promise<QResponse & { resourceType: string }> => {
    const r = await client.api('GET', `${root()}/${id}/fhir`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/fhir\+json/);
    return r.json() as QResponse & { resourceType: string };
  };
  const start = async (code: string): Promise<string> => {
    const created = await client.api('POST', root(), { instrumentVersionId: versionIds[code] });
    expect(created.statusCode).toBe(201);
    return (created.json() as { id: string }).id;
  };

  beforeAll(async () => {
    loadFhirSchema();
    t = await startTestApp(target);
    site = await t.seedSite();
    psychiatrist = await t.createUser({ role: 'forensic_psychiatrist', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: psychiatrist.id, team: [psychiatrist.id] });
    client = await signIn(t, psychiatrist);
    await publish('spj-template.json');
    await publish('screening-template.json');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['recolo-spj-template', 'recolo-screening-template'])(
    'the Questionnaire of %s is valid R4',
    async (code) => {
      expect(questionnaireProblems(await questionnaire(code))).toEqual([]);
    },
  );

  it('a completed SPJ assessment: a valid response, its subject the case by identifier', async () => {
    const id = await start('recolo-spj-template');
    const answers = {
      threats_made: true,
      violence_history: false,
      weapon_access: 'suspected',
      violence_notes: 'Threats by text message.',
      conduct_began: '2025-11-03',
      contact_frequency: 3,
      previous_episodes: false,
      life_impact: 'some',
      self_harm_concern: false,
    };
    const rationale = (domain: string) => ({ rating: 'moderate', rationale: `Rated on ${domain}` });
    const put = await client.api('PUT', `${root()}/${id}/answers`, {
      answers,
      ratings: Object.fromEntries(
        ['violence', 'persistence', 'recurrence', 'psychosocial_damage'].map((d) => [d, rationale(d)]),
      ),
      version: 1,
    });
    expect(put.statusCode).toBe(200);
    const done = await client.api('POST', `${root()}/${id}/complete`, {
      typology: 'rejected',
      planActions: [{ action: 'Joint visit', owner: 'Police' }],
      nextReviewDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      version: 2,
    });
    expect(done.statusCode).toBe(200);
    const r = await response(id);
    expect(r).toMatchObject({
      status: 'completed',
      subject: { identifier: { system: 'urn:recolo:case', value: theCase.reference } },
    });
    expect(JSON.stringify(r)).not.toContain(`Case/${theCase.reference}`);
    expect(responseProblems(await questionnaire('recolo-spj-template'), r)).toEqual([]);
  });

  it('a screening draft with its computed band: the same item text as the Questionnaire', async () => {
    const id = await start('recolo-screening-template');
    const put = await client.api('PUT', `${root()}/${id}/answers`, {
      answers: { victim_afraid: true, escalation: false },
      version: 1,
    });
    expect(put.statusCode).toBe(200);
    const r = await response(id);
    const q = await questionnaire('recolo-screening-template');
    expect(JSON.stringify(r)).toContain('"linkId":"summary.computed_band"');
    expect(responseProblems(q, r)).toEqual([]);
  });

  it('refuses the date 0000-01-01 at entry (API and page), and never exports one stored before', async () => {
    const id = await start('recolo-spj-template');
    const refused = await client.api('PUT', `${root()}/${id}/answers`, {
      answers: { conduct_began: '0000-01-01' },
      version: 1,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(refused.json())).toContain('answers.conduct_began');

    const page = await client.post(`/cases/${theCase.caseId}/assessments/${id}/sections/persistence`, {
      version: '1',
      'q-conduct_began-day': '1',
      'q-conduct_began-month': '1',
      'q-conduct_began-year': '0000',
    });
    expect(page.statusCode).toBe(400);
    expect(errorSummaryOf(page.body)).toContain('must be a real date');

    // a value stored before entry refused it: kept out of the export, which stays valid
    await t.db.owner
      .updateTable('risk_assessment')
      .set({ answers: JSON.stringify({ conduct_began: '0000-01-01', threats_made: true }) })
      .where('id', '=', id)
      .execute();
    const r = await response(id);
    expect(JSON.stringify(r)).not.toContain('0000-01-01');
    expect(JSON.stringify(r)).toContain('threats_made');
    expect(responseProblems(await questionnaire('recolo-spj-template'), r)).toEqual([]);
  });
});
