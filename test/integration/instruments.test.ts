import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findVersionByCode,
  getInstrumentVersion,
  importDefinition,
  listCurrentInstruments,
} from '../../src/modules/instruments/service.js';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { auditActor, targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, urlencoded, type Response } from '../support/http.js';

/** definitions as JSON, changed freely by the tests to make them wrong */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SCREENING = 'recolo-screening-template';
const SPJ = 'recolo-spj-template';

const screening = () => structuredClone(readTemplate('screening-template.json')) as Json;
const spj = () => structuredClone(readTemplate('spj-template.json')) as Json;

describe.each(targets)('instrument definitions on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let admin: TestUser;
  let officer: TestUser;
  const clients = clientsFor(() => t);
  const { sessionOf, get, api } = clients;
  /** the import form, posted as the page posts it (multipart), with the session's CSRF token */
  async function upload(
    user: TestUser,
    options: { json?: unknown; text?: string; paste?: string; csrf?: string | null },
  ): Promise<Response> {
    const content = options.text ?? (options.json === undefined ? '' : JSON.stringify(options.json, null, 2));
    return clients.upload(
      user,
      '/admin/instruments/import',
      { definition: options.paste ?? '' },
      { name: content ? 'definition.json' : '', content, type: 'application/json' },
      { csrf: options.csrf },
    );
  }
  const versions = (code: string) =>
    t.db.owner
      .selectFrom('instrument_version as v')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .select(['v.id', 'v.version', 'v.definition', 'v.superseded_at', 'v.published_by', 'v.is_template'])
      .where('i.code', '=', code)
      .orderBy('v.version')
      .execute();
  const versionCount = async () =>
    Number(
      (
        await t.db.owner
          .selectFrom('instrument_version')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    admin = await t.createUser({ role: 'administrator', sites: [site] });
    officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an administrator sees an empty list and the import form', async () => {
    const list = await get(admin, '/admin/instruments');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('No instruments have been published yet');
    const form = await get(admin, '/admin/instruments/import');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('type="file"');
  });

  it('imports the screening template from an uploaded file, shown with the template banner', async () => {
    const response = await upload(admin, { json: screening() });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/admin/instruments/${SCREENING}/versions/1?imported=1`);
    const [v1] = await versions(SCREENING);
    expect(v1).toMatchObject({ version: 1, superseded_at: null, published_by: admin.id, is_template: true });

    const shown = await get(admin, response.headers.location as string);
    expect(shown.statusCode).toBe(200);
    const text = textOf(shown.body);
    expect(text).toContain('template: replace with your licensed wording');
    expect(text).toContain('is published');
    expect(text).toContain('Has the person made threats of violence towards the victim?');
    expect(text).toContain('The number of yes answers to 11 questions');
    expect(text).toMatch(/8 to 11 High/);

    const audit = await t.db.owner
      .selectFrom('audit.event')
      .selectAll()
      .where('action', '=', 'instrument.imported')
      .where('record_id', '=', v1!.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_id: admin.id,
      reason: 'administrator',
      record_type: 'instrument_version',
    });
  });

  it('version 2, pasted, supersedes version 1, which keeps its definition', async () => {
    const next = screening();
    next.version = 2;
    next.name = 'Recolo screening template (revised)';
    const response = await upload(admin, { paste: JSON.stringify(next) });
    expect(response.statusCode, errorSummaryOf(response.body) ?? '').toBe(303);
    const [v1, v2] = await versions(SCREENING);
    expect(v1!.superseded_at).toBeInstanceOf(Date);
    expect((v1!.definition as { name: string }).name).toBe('Recolo screening template');
    expect(v2).toMatchObject({ version: 2, superseded_at: null });
    expect((v2!.definition as { name: string }).name).toBe('Recolo screening template (revised)');

    const list = textOf((await get(admin, '/admin/instruments')).body);
    expect(list).toContain('Superseded');
    expect(list).toContain('Current');
    expect(list).toContain('Template');

    // past assessments keep their version: the superseded one is still there, as it was
    const kept = await t.asUser(officer.id, (tx) => getInstrumentVersion(tx, v1!.id));
    expect(kept).toMatchObject({ code: SCREENING, version: 1, isTemplate: true, tier: 'screening' });
    expect(kept.supersededAt).toBeInstanceOf(Date);
    expect(kept.definition.name).toBe('Recolo screening template');
    const old = textOf((await get(admin, `/admin/instruments/${SCREENING}/versions/1`)).body);
    expect(old).toContain('Superseded');
  });

  it('a published definition cannot be changed, even by the owner: the trigger refuses', async () => {
    const [v1] = await versions(SCREENING);
    await expect(
      t.db.owner
        .updateTable('instrument_version')
        .set({ definition: JSON.stringify({ tampered: true }) } as never)
        .where('id', '=', v1!.id)
        .execute(),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      t.db.owner.deleteFrom('instrument_version').where('id', '=', v1!.id).execute(),
    ).rejects.toThrow(/cannot be deleted/);
  });

  it('a wrong version number is refused, naming the version expected, and nothing is saved', async () => {
    const before = await versionCount();
    const wrong = screening();
    wrong.version = 5;
    const response = await upload(admin, { json: wrong });
    expect(response.statusCode).toBe(422);
    expect(errorSummaryOf(response.body)).toContain(
      `the latest published version of '${SCREENING}' is 2, so a new version must be 3, not 5`,
    );
    const again = screening();
    again.version = 2;
    expect(errorSummaryOf((await upload(admin, { json: again })).body)).toContain('must be 3, not 2');
    const otherTier = screening();
    otherTier.version = 3;
    otherTier.tier = 'spj';
    otherTier.sections[0].rated = true;
    expect(errorSummaryOf((await upload(admin, { json: otherTier })).body)).toContain(
      'a new version must keep that tier',
    );
    const fresh = spj();
    fresh.code = 'brand-new';
    fresh.version = 2;
    expect(errorSummaryOf((await upload(admin, { json: fresh })).body)).toContain(
      'its first version must be 1',
    );
    expect(await versionCount()).toBe(before);
  });

  it('duplicate item ids are refused with a message naming the id', async () => {
    const before = await versionCount();
    const dup = spj();
    dup.code = 'dup-test';
    dup.sections[2].items[0].id = 'threats_made';
    const response = await upload(admin, { json: dup });
    expect(response.statusCode).toBe(422);
    const summary = errorSummaryOf(response.body) ?? '';
    expect(summary).toContain('There is a problem');
    expect(summary).toContain(
      "sections[2].items[0].id: duplicate item id 'threats_made' (also used by sections[0].items[0])",
    );
    expect(await versionCount()).toBe(before);
    expect(
      await t.db.owner.selectFrom('instrument').select('id').where('code', '=', 'dup-test').execute(),
    ).toEqual([]);
  });

  it('overlapping bands, unknown item types and bad JSON are refused', async () => {
    const overlap = screening();
    overlap.code = 'overlap-test';
    overlap.summary.bands[1].min = 2;
    const response = await upload(admin, { json: overlap });
    expect(response.statusCode).toBe(422);
    expect(errorSummaryOf(response.body)).toContain("band 'moderate' (2 to 7) overlaps band 'low' (0 to 3)");

    const slider = screening();
    slider.code = 'slider-test';
    slider.sections[1].items[0].type = 'slider';
    expect(errorSummaryOf((await upload(admin, { json: slider })).body)).toContain(
      "sections[1].items[0].type: unknown item type 'slider'",
    );

    const bad = await upload(admin, { text: '{ "code": ' });
    expect(bad.statusCode).toBe(422);
    expect(errorSummaryOf(bad.body)).toContain('is not valid JSON');

    const nothing = await upload(admin, {});
    expect(nothing.statusCode).toBe(422);
    expect(errorSummaryOf(nothing.body)).toContain(
      'Choose a JSON file with the definition, or paste the definition',
    );

    const huge = await upload(admin, { text: `{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}` });
    expect(huge.statusCode).toBe(422);
    expect(errorSummaryOf(huge.body)).toContain('smaller than 1 MB');
  });

  it('the import form needs its CSRF token', async () => {
    const response = await upload(admin, { json: spj(), csrf: null });
    expect(response.statusCode).toBe(403);
    const wrong = await upload(admin, { json: spj(), csrf: 'not-the-token-at-all-xxxxxxxx' });
    expect(wrong.statusCode).toBe(403);
    expect(await versions(SPJ)).toEqual([]);
  });

  it('to anyone but an administrator the administration pages do not exist', async () => {
    for (const url of [
      '/admin/instruments',
      '/admin/instruments/import',
      `/admin/instruments/${SCREENING}/versions/1`,
    ]) {
      expect((await get(officer, url)).statusCode, url).toBe(404);
    }
    expect((await upload(officer, { json: spj() })).statusCode).toBe(404);
    const urlencodedPost = await t.inject({
      method: 'POST',
      url: '/admin/instruments/import',
      headers: {
        cookie: (await sessionOf(officer)).cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: urlencoded({ _csrf: (await sessionOf(officer)).csrfToken, definition: JSON.stringify(spj()) }),
    });
    expect(urlencodedPost.statusCode).toBe(404);
    expect((await api(officer, 'POST', '/api/v1/instruments', spj())).statusCode).toBe(404);
    expect(await versions(SPJ)).toEqual([]);
    // and the database refuses them too
    await expect(
      t.asUser(officer.id, (tx) =>
        tx.insertInto('instrument').values({ code: 'sneaky', name: 'Sneaky', tier: 'screening' }).execute(),
      ),
    ).rejects.toThrow();
  });

  it('an administrator publishes through the API; a refusal lists the problems', async () => {
    const created = await api(admin, 'POST', '/api/v1/instruments', spj());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: SPJ, version: 1, tier: 'spj', superseded: [] });
    const again = await api(admin, 'POST', '/api/v1/instruments', spj());
    expect(again.statusCode).toBe(422);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().errors).toEqual([
      {
        field: 'version',
        message: `the latest published version of '${SPJ}' is 1, so a new version must be 2, not 1`,
      },
    ]);
    const notObject = await api(admin, 'POST', '/api/v1/instruments', [1, 2]);
    expect(notObject.statusCode).toBe(400);
  });

  it('everyone signed in lists the current versions and reads a definition', async () => {
    const list = await api(officer, 'GET', '/api/v1/instruments');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { code: string; version: number; tier: string; template: boolean }[];
    expect(items.map((i) => [i.code, i.version, i.tier, i.template])).toEqual([
      [SCREENING, 2, 'screening', true],
      [SPJ, 1, 'spj', true],
    ]);
    const one = await api(officer, 'GET', `/api/v1/instruments/${SCREENING}/versions/1`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      code: SCREENING,
      version: 1,
      definition: { name: 'Recolo screening template' },
    });
    expect(one.json().supersededAt).not.toBeNull();
    expect((await api(officer, 'GET', `/api/v1/instruments/${SCREENING}/versions/9`)).statusCode).toBe(404);
    expect((await api(officer, 'GET', `/api/v1/instruments/NOT_A_CODE/versions/1`)).statusCode).toBe(400);
    // the service functions the assessment workflow uses
    const current = await t.asUser(officer.id, (tx) => listCurrentInstruments(tx));
    expect(current.map((c) => c.code)).toEqual([SCREENING, SPJ]);
    const found = await t.asUser(officer.id, (tx) => findVersionByCode(tx, SPJ, 1));
    expect(found?.definition.typologies).toHaveLength(5);
  });

  it('exports a version as a FHIR Questionnaire', async () => {
    const response = await api(officer, 'GET', `/api/v1/instruments/${SPJ}/versions/1/fhir`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/fhir+json');
    const q = response.json();
    expect(q).toMatchObject({
      resourceType: 'Questionnaire',
      url: `urn:recolo:instrument:${SPJ}`,
      version: '1',
      status: 'active',
    });
    // typology, four domains, summary
    expect(q.item).toHaveLength(6);
    expect(q.item.slice(1, 5).map((g: { item: unknown[] }) => g.item.length)).toEqual([4, 4, 4, 4]);
    const screeningQ = (await api(officer, 'GET', `/api/v1/instruments/${SCREENING}/versions/2/fhir`)).json();
    expect(screeningQ.item).toHaveLength(3);
  });

  it('the owner connection (the command line) follows the same rules', async () => {
    const actor = auditActor(t, null, 'cli-test');
    const refused = await t.db.owner
      .transaction()
      .execute((tx) => importDefinition(tx, actor, screening(), { via: 'cli' }));
    expect(refused).toEqual({
      ok: false,
      problems: [
        `version: the latest published version of '${SCREENING}' is 2, so a new version must be 3, not 1`,
      ],
    });
    const v3 = screening();
    v3.version = 3;
    const done = await t.db.owner
      .transaction()
      .execute((tx) => importDefinition(tx, actor, v3, { via: 'cli' }));
    expect(done).toMatchObject({ ok: true, code: SCREENING, version: 3 });
    const all = await versions(SCREENING);
    expect(all.map((v) => [v.version, v.superseded_at === null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});
