import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, textOfId, type Response } from '../support/http.js';

/**
 * Diaries as they really arrive (issue 12): Excel's encodings and separators, a NUL byte, and
 * times the clocks skipped or repeated, through the upload, the preview and the save; and the same
 * clock rule on the incident form and the API.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/diary/${name}`, import.meta.url));
const SAID = 'He waited – again – and said “I’ll be back”; the flowers cost €40';

describe.each(targets)('real-world diaries on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  const clients = clientsFor(() => t);
  const { sessionOf, get } = clients;

  async function upload(c: TestCase, content: Buffer | string, fields: Record<string, string> = {}) {
    const s = await sessionOf(advocate);
    return clients.upload(
      advocate,
      `/cases/${c.caseId}/incidents/import`,
      { _csrf: s.csrfToken, ...fields },
      { name: 'diary.csv', content },
    );
  }
  const preview = (c: TestCase) => get(advocate, `/cases/${c.caseId}/incidents/import/preview`);
  const save = (c: TestCase, form: Record<string, string>): Promise<Response> =>
    clients.post(advocate, `/cases/${c.caseId}/incidents/import/preview`, form);
  const incidents = (c: TestCase) =>
    t.db.owner
      .selectFrom('incident')
      .select(['description', 'occurred_from', 'occurred_to'])
      .where('case_id', '=', c.caseId)
      .orderBy('occurred_from')
      .execute();
  const newCase = () => t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a Windows-1252 file keeps – “ ” ’ €, says it was read as Windows-1252, and can be read again as another', async () => {
    const c = await newCase();
    const up = await upload(c, fixture('windows-1252.csv'));
    expect(up.statusCode, up.body).toBe(303);
    const page = await preview(c);
    const text = textOf(page.body);
    expect(text).toContain(SAID);
    expect(textOfId(page.body, 'read-as')).toMatch(
      /read as Windows-1252 .*detected from the file.*separated by commas/,
    );
    expect(page.body).toMatch(/<select[^>]*name="encoding"/);

    // the person chooses UTF-8 instead: the same file is read again, and the preview says so
    const again = await clients.post(advocate, `/cases/${c.caseId}/incidents/import/reread`, {
      encoding: 'utf-8',
      delimiter: 'comma',
    });
    expect(again.statusCode, again.body).toBe(303);
    const reread = await preview(c);
    expect(textOfId(reread.body, 'read-as')).toMatch(
      /read as UTF-8 \(as you chose; it looked like Windows-1252/,
    );
    expect(textOf(reread.body)).not.toContain(SAID);
    await clients.post(advocate, `/cases/${c.caseId}/incidents/import/reread`, { encoding: 'windows-1252' });
    expect(await save(c, { choice: 'all', action: 'save' })).toMatchObject({ statusCode: 303 });
    expect((await incidents(c)).map((r) => r.description)).toEqual([SAID]);
  });

  it.each([
    ['utf-16le.txt', /UTF-16 little-endian.*separated by tabs/],
    ['utf-16be.csv', /UTF-16 big-endian.*separated by commas/],
    ['utf-16le-no-bom.csv', /UTF-16 little-endian.*separated by commas/],
    ['utf-8-bom.csv', /UTF-8 .*byte order mark.*separated by commas/],
  ])('reads %s (not a server error) and says how', async (name, how) => {
    const c = await newCase();
    const up = await upload(c, fixture(name));
    expect(up.statusCode, up.body).toBe(303);
    const page = await preview(c);
    expect(textOfId(page.body, 'read-as')).toMatch(how);
    expect(textOf(page.body)).toContain('1 is ready to save');
    expect(textOf(page.body)).toContain(SAID);
  });

  it('the encoding can be chosen on the upload form', async () => {
    const c = await newCase();
    const up = await upload(c, fixture('windows-1252.csv'), { encoding: 'utf-16le' });
    // read as UTF-16 the bytes make no columns: a clear refusal, not a server error
    expect(up.statusCode).toBe(400);
    expect(errorSummaryOf(up.body)).toMatch(/could not be read/);
    // UTF-16 read as Windows-1252 is full of NUL bytes: shown as errors, never a server error
    const wrong = await upload(c, fixture('utf-16le.txt'), { encoding: 'windows-1252' });
    expect(wrong.statusCode).toBe(303);
    const misread = await preview(c);
    expect(misread.statusCode).toBe(200);
    expect(textOf(misread.body)).toMatch(/contains .*which cannot be saved/);
    const ok = await upload(c, fixture('utf-16be.csv'), { encoding: 'utf-16be' });
    expect(ok.statusCode).toBe(303);
    expect(textOfId((await preview(c)).body, 'read-as')).toMatch(/UTF-16 big-endian \(as you chose\)/);
  });

  it('a NUL byte in a row is a clear error on that row, not a server error', async () => {
    const c = await newCase();
    const up = await upload(c, fixture('nul-byte.csv'));
    expect(up.statusCode, up.body).toBe(303);
    const text = textOf((await preview(c)).body);
    expect(text).toContain('1 is ready to save and 1 has errors');
    expect(text).toMatch(/The description contains .*cannot be saved/);
  });

  it.each([
    [
      'semicolon.csv',
      /separated by semicolons \(detected from its first row\)/,
      'Waited outside work, then followed her',
    ],
    ['sep-semicolon.csv', /separated by semicolons \(named by its first line, sep=\)/, 'Waited, then left'],
    ['tab.tsv', /separated by tabs/, 'Waited, then left; came back'],
  ])('reads %s with its separator and says which', async (name, how, description) => {
    const c = await newCase();
    const up = await upload(c, fixture(name));
    expect(up.statusCode, up.body).toBe(303);
    const page = await preview(c);
    expect(textOfId(page.body, 'read-as')).toMatch(how);
    expect(textOf(page.body)).toContain('1 is ready to save');
    expect(await save(c, { choice: 'all', action: 'save' })).toMatchObject({ statusCode: 303 });
    expect((await incidents(c)).map((r) => r.description)).toEqual([description]);
  });

  it('a time the clocks skipped is refused and one they repeated waits for BST or GMT; nothing is moved silently', async () => {
    const c = await newCase();
    const up = await upload(c, fixture('clock-changes.csv'));
    expect(up.statusCode, up.body).toBe(303);
    const page = await preview(c);
    const text = textOf(page.body);
    expect(textOf(page.body.slice(page.body.indexOf('id="line-2"')))).toMatch(
      /01:30 on 29 March 2026 did not happen in the UK/,
    );
    expect(text).toContain('3 are ready to save and 1 has errors');
    expect(page.body).toContain('name="clock-3-from"');
    expect(page.body).toContain('name="clock-4-to"');
    expect(text).toContain('01:30 BST (the first time)');
    expect(text).toContain('01:30 GMT (the second time)');

    // saving without saying which: refused, each question named, nothing saved
    const unanswered = await save(c, { choice: 'valid', confirm: 'yes', action: 'save' });
    expect(unanswered.statusCode).toBe(422);
    expect(errorSummaryOf(unanswered.body)).toMatch(/Line 3: 01:30 on 25 October 2026 happened twice/);
    expect(errorSummaryOf(unanswered.body)).toMatch(/Line 4: 01:15 on 25 October 2026 happened twice/);
    expect(await incidents(c)).toEqual([]);

    const saved = await save(c, {
      choice: 'valid',
      confirm: 'yes',
      action: 'save',
      'clock-3-from': 'second',
      'clock-4-to': 'first',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const rows = await incidents(c);
    const byText = Object.fromEntries(rows.map((r) => [r.description, r]));
    expect(new Date(byText['Clocks went back']!.occurred_from).toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
    expect(new Date(byText['Calls through the night']!.occurred_to!).toISOString()).toBe(
      '2026-10-25T00:15:00.000Z',
    );
    expect(new Date(byText['After the change']!.occurred_from).toISOString()).toBe(
      '2026-10-25T03:00:00.000Z',
    );
    expect(rows).toHaveLength(3);
  });

  it('the incident form refuses a skipped time and asks BST or GMT for a repeated one', async () => {
    const c = await newCase();
    const form = (time: string, extra: Record<string, string> = {}) =>
      clients.post(advocate, `/cases/${c.caseId}/incidents`, {
        'occurredFrom-day': time === 'gap' ? '29' : '25',
        'occurredFrom-month': time === 'gap' ? '3' : '10',
        'occurredFrom-year': '2026',
        occurredTime: '01:30',
        timing: 'exact',
        behaviours: ['following'],
        reportedBy: 'advocate',
        description: `At 01:30 (${time})`,
        ...extra,
      });
    const gap = await form('gap');
    expect(gap.statusCode).toBe(400);
    expect(errorSummaryOf(gap.body)).toMatch(/01:30 on 29 March 2026 did not happen in the UK/);
    const twice = await form('twice');
    expect(twice.statusCode).toBe(400);
    expect(errorSummaryOf(twice.body)).toMatch(/happened twice/);
    expect(twice.body).toContain('name="occurredClock"');
    expect(textOf(twice.body)).toContain('01:30 BST (the first time, before the clocks went back)');
    expect(await incidents(c)).toEqual([]);
    const chosen = await form('twice', { occurredClock: 'first' });
    expect(chosen.statusCode, chosen.body).toBe(303);
    const [row] = await incidents(c);
    expect(new Date(row!.occurred_from).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const detail = await get(advocate, chosen.headers.location as string);
    expect(textOf(detail.body)).toContain('25 October 2026 at 1:30am BST');
  });

  it('the API refuses a skipped or repeated local time and takes one with an offset', async () => {
    const c = await newCase();
    const body = (occurredFrom: string) => ({
      occurredFrom,
      behaviours: ['following'],
      reportedBy: 'police',
      description: 'From the API',
    });
    const url = `/api/v1/cases/${c.caseId}/incidents`;
    const gap = await clients.api(advocate, 'POST', url, body('2026-03-29T01:30'));
    expect(gap.statusCode).toBe(400);
    expect(gap.body).toMatch(/did not happen in the UK/);
    const twice = await clients.api(advocate, 'POST', url, body('2026-10-25T01:30'));
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toMatch(/2026-10-25T01:30\+01:00 or 2026-10-25T01:30\+00:00/);
    const ok = await clients.api(advocate, 'POST', url, body('2026-10-25T01:30+00:00'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await incidents(c)).toHaveLength(1);
  });
});
