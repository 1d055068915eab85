import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/modules/diary-import/csv.js';
import { readDiary, ukToday } from '../../src/modules/diary-import/rows.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf, type Response } from '../support/http.js';

const HEADER = 'date,time,end date,approximate,behaviours,victim,description';

function future(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

describe('reading a diary CSV', () => {
  it('follows RFC 4180: quotes, doubled quotes, line breaks in quotes, CRLF and a byte order mark', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\n1,,3\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['1', '', '3'] },
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
    expect(() => parseCsv('a\n1\n2\n3', 3)).toThrow(/more than 3 rows/);
  });

  it('checks every row: dates, ranges, behaviours in friendly words, victims, descriptions', () => {
    const victims = [{ id: '6d4ae9f6-7f26-4b8a-9a55-0c1e4e1d2a11', name: 'Vic Victim' }];
    const parsed = readDiary(
      [
        HEADER,
        '14/03/2025,21:40,,no,following; Contacting or attempting to contact,Vic Victim,Waited outside work',
        '2025-04-01,,2025-04-07,,calls;texts,,About 40 calls',
        `${future(3)},,,,following,,In the future`,
        '10/04/2025,,02/04/2025,,watching,,Ends before it starts',
        '31/02/2025,,,,watching,,Not a date',
        '01/05/2025,25:00,,maybe,dancing; following,Someone Else,',
      ].join('\n'),
      victims,
    );
    if ('problem' in parsed) throw new Error(parsed.problem);
    const [a, b, c, d, e, f] = parsed.rows;
    expect(a!.errors).toEqual([]);
    expect(a!.input).toMatchObject({
      occurredFrom: '2025-03-14T21:40',
      behaviours: ['following', 'contacting'],
      caseVictimId: victims[0]!.id,
      reportedBy: 'victim_diary',
    });
    expect(b!.errors).toEqual([]);
    expect(b!.input).toMatchObject({
      occurredFrom: '2025-04-01',
      occurredTo: '2025-04-07T23:59',
      approximate: true,
    });
    expect(c!.errors).toContain('The date is in the future');
    expect(d!.errors).toContain('The end date is before the start date');
    expect(e!.errors.join(' ')).toMatch(/not a real date/);
    expect(f!.errors.join(' | ')).toMatch(/not a time/);
    expect(f!.errors.join(' | ')).toMatch(/Approximate must be yes or no/);
    expect(f!.errors.join(' | ')).toMatch(/Unknown behaviour: “dancing”/);
    expect(f!.errors.join(' | ')).toMatch(/not a victim on this case/);
    expect(f!.errors.join(' | ')).toMatch(/Enter a description/);
    expect(ukToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a file without the column names', () => {
    expect(readDiary('14/03/2025,following,x', [])).toMatchObject({
      problem: expect.stringMatching(/name the columns/),
    });
    expect(readDiary('', [])).toEqual({ problem: 'The file is empty' });
  });
});

describe.each(targets)('diary import on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let psychiatrist: TestUser;
  let outsider: TestUser;
  let c: TestCase;
  const clients = clientsFor(() => t);
  const { sessionOf, get } = clients;
  async function upload(user: TestUser, csv: string | Buffer, caseId = c.caseId): Promise<Response> {
    const s = await sessionOf(user);
    // the token in the form's action (checked before the body is read) and as a field, as the page sends it
    return clients.upload(
      user,
      `/cases/${caseId}/incidents/import`,
      { _csrf: s.csrfToken },
      {
        name: 'diary.csv',
        content: csv,
      },
    );
  }
  const save = (user: TestUser, form: Record<string, string>, caseId = c.caseId): Promise<Response> =>
    clients.post(user, `/cases/${caseId}/incidents/import/preview`, form);
  const incidents = (caseId = c.caseId) =>
    t.db.owner
      .selectFrom('incident')
      .select(['description', 'reported_by', 'import_batch', 'behaviours', 'case_victim_id', 'occurred_to'])
      .where('case_id', '=', caseId)
      .orderBy('occurred_from')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    const coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    psychiatrist = await t.createUser({ role: 'forensic_psychiatrist', sites: [site] });
    outsider = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    c = await t.seedCase({ site, createdBy: coordinator.id, team: [advocate.id, psychiatrist.id] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a valid diary: upload, preview every row, save all in one batch', async () => {
    const page = await get(advocate, `/cases/${c.caseId}/incidents/import`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/src="\/public\/js\/diary-upload\.js\?v=[0-9a-f]{12}"/);
    expect(textOf(page.body)).toContain('DD/MM/YYYY or YYYY-MM-DD');

    // the fixture's victim, named as the diary names them
    const v = await t.db.owner
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', c.victimId)
      .executeTakeFirstOrThrow();
    const named =
      '\ufeff' +
      [
        HEADER,
        `14/03/2025,21:40,,no,following; watching,${v.given_name} ${v.family_name},"Waited outside work, then ""followed"" her"`,
        '2025-04-01,,2025-04-07,yes,contacting,,About 40 calls and texts',
      ].join('\r\n') +
      '\r\n';
    const up = await upload(advocate, named);
    expect(up.statusCode, up.body).toBe(303);
    expect(up.headers.location).toBe(`/cases/${c.caseId}/incidents/import/preview`);
    expect(await incidents()).toEqual([]);

    const preview = await get(advocate, up.headers.location as string);
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('2 are ready to save');
    expect(text).toContain('Save all 2 rows');
    expect(text).toContain('Waited outside work, then "followed" her');
    // the rows are kept on the server, not in the page's form
    expect(preview.body).not.toMatch(/<input[^>]*name="rows?"/);

    const saved = await save(advocate, { choice: 'all', action: 'save' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/cases/${c.caseId}/incidents?imported=2`);
    const rows = await incidents();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.reported_by === 'victim_diary')).toBe(true);
    expect(rows[0]!.import_batch).toBeTruthy();
    expect(rows[1]!.import_batch).toBe(rows[0]!.import_batch);
    expect(rows[0]!.case_victim_id).toBe(c.caseVictimId);
    expect(rows[0]!.behaviours).toEqual(['following', 'watching']);
    expect(rows[1]!.occurred_to).not.toBeNull();

    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['details'])
      .where('action', '=', 'incident.imported')
      .where('case_id', '=', c.caseId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ count: 2, batch: rows[0]!.import_batch });

    // the pending import is gone from the session: saving again does nothing
    const again = await save(advocate, { choice: 'all', action: 'save' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/cases/${c.caseId}/incidents/import`);
    expect(await incidents()).toHaveLength(2);
  });

  it('a diary with invalid rows saves nothing until the user confirms the valid rows only', async () => {
    const c2 = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });
    const csv = [
      HEADER,
      '01/02/2025,09:15,,no,following,,Followed me to the station',
      `${future(5)},,,no,contacting,,Dated in the future`,
      '10/02/2025,,03/02/2025,yes,watching,,A range that ends before it starts',
      '11/02/2025,,,no,sky-writing,,Unknown behaviour',
      '12/02/2025,,,no,online,,',
      '13/02/2025,,,no,online,,Posted about me',
    ].join('\n');
    const up = await upload(advocate, csv, c2.caseId);
    expect(up.statusCode, up.body).toBe(303);
    const preview = await get(advocate, `/cases/${c2.caseId}/incidents/import/preview`);
    const text = textOf(preview.body);
    expect(text).toContain('2 are ready to save and 4 have errors');
    expect(text).toContain('The date is in the future');
    expect(text).toContain('The end date is before the start date');
    expect(text).toContain('Unknown behaviour: “sky-writing”');
    expect(text).toContain('Enter a description of what happened');
    expect(text).not.toContain('Save all');
    expect(text).toContain('Save only the 2 valid rows');
    expect(text).toContain('Upload a corrected file');

    // "save all" is refused while any row has an error
    const all = await save(advocate, { choice: 'all', action: 'save' }, c2.caseId);
    expect(all.statusCode).toBe(422);
    expect(await incidents(c2.caseId)).toEqual([]);
    // the valid rows only, without the confirmation: nothing saved, the reason shown
    const unconfirmed = await save(advocate, { choice: 'valid', action: 'save' }, c2.caseId);
    expect(unconfirmed.statusCode).toBe(400);
    expect(errorSummaryOf(unconfirmed.body)).toContain('Confirm that only the 2 valid rows should be saved');
    expect(await incidents(c2.caseId)).toEqual([]);

    const confirmed = await save(advocate, { choice: 'valid', confirm: 'yes', action: 'save' }, c2.caseId);
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    const rows = await incidents(c2.caseId);
    expect(rows.map((r) => r.description)).toEqual(['Followed me to the station', 'Posted about me']);
    expect(new Set(rows.map((r) => r.import_batch)).size).toBe(1);
  });

  it('a corrected file replaces the one before; cancelling saves nothing', async () => {
    const c3 = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });
    await upload(advocate, `${HEADER}\n${future(2)},,,,following,,Future`, c3.caseId);
    await upload(advocate, `${HEADER}\n03/03/2025,,,,following,,Corrected`, c3.caseId);
    const preview = textOf((await get(advocate, `/cases/${c3.caseId}/incidents/import/preview`)).body);
    expect(preview).toContain('Save all 1 row');
    const cancel = await save(advocate, { action: 'cancel' }, c3.caseId);
    expect(cancel.statusCode).toBe(303);
    expect(await incidents(c3.caseId)).toEqual([]);
  });

  it('refuses a file it cannot read, and one over the size limit, saving nothing', async () => {
    const noHeader = await upload(advocate, '14/03/2025,following,Something');
    expect(noHeader.statusCode).toBe(400);
    expect(errorSummaryOf(noHeader.body)).toMatch(/name the columns/);
    const empty = await upload(advocate, '');
    expect(empty.statusCode).toBe(400);
    expect(errorSummaryOf(empty.body)).toContain('Choose a CSV file');
    const big = await upload(advocate, Buffer.alloc(5 * 1024 * 1024 + 10, 'a'));
    expect(big.statusCode).toBe(400);
    expect(errorSummaryOf(big.body)).toContain('smaller than 5 MB');
  });

  it('an outsider gets 404 on every step; a post without the CSRF token is refused', async () => {
    for (const url of [
      `/cases/${c.caseId}/incidents/import`,
      `/cases/${c.caseId}/incidents/import/preview`,
    ]) {
      expect((await get(outsider, url)).statusCode).toBe(404);
    }
    const before = (await incidents()).length;
    expect((await upload(outsider, `${HEADER}\n03/03/2025,,,,following,,Outsider`)).statusCode).toBe(404);
    expect((await save(outsider, { choice: 'all', action: 'save' })).statusCode).toBe(404);
    expect((await incidents()).length).toBe(before);
    // the upload is a form like any other: without the session's CSRF token it is refused
    const noCsrf = await clients.upload(
      advocate,
      `/cases/${c.caseId}/incidents/import`,
      {},
      { name: 'd.csv', content: `${HEADER}\n03/03/2025,,,,following,,x` },
      { csrf: null },
    );
    expect(noCsrf.statusCode).toBe(403);
  });
});
