import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRows } from '../../src/demo/case-builder.js';
import { insertCaseRows } from '../../src/demo/insert-rows.js';
import { readDiary } from '../../src/modules/diary-import/rows.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { textOf, type Response } from '../support/http.js';

/** A diary's victim column names the victim in any script (issue 12, names in any script). */

const HEADER = 'date,behaviours,victim,description';
const ANNA = { id: 'a0000000-0000-4000-8000-000000000001', name: 'Анна Петрова' };
const OLGA = { id: 'a0000000-0000-4000-8000-000000000002', name: 'Ольга Иванова' };

describe('matching a diary row to a victim on the case', () => {
  const rows = (victims: { id: string; name: string }[], ...names: string[]) => {
    const parsed = readDiary(
      [HEADER, ...names.map((name, i) => `0${i + 1}/03/2025,following,${name},Row ${i + 1}`)].join('\n'),
      victims,
    );
    if ('problem' in parsed) throw new Error(parsed.problem);
    return parsed.rows;
  };

  it('matches Анна and Ольга to their own victims and refuses Мария Смирнова, who is not a victim', () => {
    const [anna, olga, maria] = rows([ANNA, OLGA], 'Анна', 'Ольга', 'Мария Смирнова');
    expect(anna).toMatchObject({ errors: [], victimName: 'Анна Петрова', input: { caseVictimId: ANNA.id } });
    expect(olga).toMatchObject({ errors: [], victimName: 'Ольга Иванова', input: { caseVictimId: OLGA.id } });
    expect(maria!.input).toBeNull();
    expect(maria!.errors).toEqual([
      '“Мария Смирнова” is not a victim on this case. The victims on this case are Анна Петрова and Ольга Иванова.',
    ]);
  });

  it('matches names in Greek, Arabic, Chinese, Polish, Welsh and Irish, as written or transliterated', () => {
    const victims = [
      { id: 'b0000000-0000-4000-8000-000000000001', name: 'Σοφία Παπαδοπούλου' },
      { id: 'b0000000-0000-4000-8000-000000000002', name: 'فاطمة الزهراء' },
      { id: 'b0000000-0000-4000-8000-000000000003', name: '芳 王' },
      { id: 'b0000000-0000-4000-8000-000000000004', name: 'Małgorzata Łukasiewicz' },
      { id: 'b0000000-0000-4000-8000-000000000005', name: 'Llŷr Ŵyn' },
      { id: 'b0000000-0000-4000-8000-000000000006', name: 'Siobhán Ní Mhaoláin' },
    ];
    const written = [
      ['ΣΟΦΊΑ', 'b0000000-0000-4000-8000-000000000001'],
      ['Sofia Papadopoulou', 'b0000000-0000-4000-8000-000000000001'],
      ['فاطمة', 'b0000000-0000-4000-8000-000000000002'],
      ['王芳', 'b0000000-0000-4000-8000-000000000003'],
      ['Malgorzata Lukasiewicz', 'b0000000-0000-4000-8000-000000000004'],
      ['llyr wyn', 'b0000000-0000-4000-8000-000000000005'],
      ['Siobhan Ni Mhaolain', 'b0000000-0000-4000-8000-000000000006'],
      ['Ní Mhaoláin', 'b0000000-0000-4000-8000-000000000006'],
    ] as const;
    const read = rows(victims, ...written.map(([w]) => w));
    written.forEach(([w, id], i) => {
      expect(read[i]!.errors, w).toEqual([]);
      expect(read[i]!.input?.caseVictimId, w).toBe(id);
    });
  });

  it('refuses a name that fits more than one victim, and says which', () => {
    const [row] = rows([ANNA, { id: 'b0000000-0000-4000-8000-000000000003', name: 'Анна Смирнова' }], 'Анна');
    expect(row!.input).toBeNull();
    expect(row!.errors).toEqual([
      '“Анна” could be more than one victim on this case (Анна Петрова and Анна Смирнова): give the victim’s full name',
    ]);
  });
});

describe.each(targets)('importing a diary that names victims in Cyrillic on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let caseId: string;
  let victims: { anna: string; olga: string };
  const clients = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const rows = caseRows({
      siteId: site.id,
      reference: `${site.code}-000901`,
      createdBy: advocate.id,
      subject: { given: 'Sam', family: 'Subject', dateOfBirth: '1980-05-17' },
      investigationStatus: 'charged',
      referral: {
        agencyId: site.agencies.police,
        referrerName: 'Test Referrer',
        reason: 'Repeated unwanted contact',
        consent: 'given',
      },
      offences: [{ code: 'pha_s2a', description: 'Stalking' }],
      victims: [
        { person: { given: 'Анна', family: 'Петрова' }, relationship: 'ex_intimate' },
        { person: { given: 'Ольга', family: 'Иванова' }, relationship: 'family' },
      ],
      statusEvents: [{ to: 'referred', reason: 'Referred' }],
      team: [advocate.id],
    });
    await t.db.owner.transaction().execute((tx) => insertCaseRows(tx, [rows]));
    caseId = rows.cases[0]!.id;
    victims = { anna: rows.case_victim[0]!.id, olga: rows.case_victim[1]!.id };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows whom each row was matched to, refuses Мария Смирнова, and saves each incident against its own victim', async () => {
    const s = await clients.sessionOf(advocate);
    const csv = [
      'date,time,end date,approximate,behaviours,victim,description',
      '01/03/2025,,,,following,Анна,Followed Anna home',
      '02/03/2025,,,,contacting,Ольга,Called Olga twelve times',
      '03/03/2025,,,,watching,Мария Смирнова,Watched Maria',
    ].join('\r\n');
    const up: Response = await clients.upload(
      advocate,
      `/cases/${caseId}/incidents/import`,
      { _csrf: s.csrfToken },
      { name: 'diary.csv', content: Buffer.from(csv, 'utf8') },
    );
    expect(up.statusCode, up.body).toBe(303);
    const preview = await clients.get(advocate, `/cases/${caseId}/incidents/import/preview`);
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('2 are ready to save and 1 has errors');
    expect(text).toContain('Matched to Анна Петрова');
    expect(text).toContain('Matched to Ольга Иванова');
    expect(text).toContain('“Мария Смирнова” is not a victim on this case');

    const saved = await clients.post(advocate, `/cases/${caseId}/incidents/import/preview`, {
      choice: 'valid',
      confirm: 'yes',
      action: 'save',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const incidents = await t.db.owner
      .selectFrom('incident')
      .select(['description', 'case_victim_id'])
      .where('case_id', '=', caseId)
      .orderBy('occurred_from')
      .execute();
    expect(incidents).toEqual([
      { description: 'Followed Anna home', case_victim_id: victims.anna },
      { description: 'Called Olga twelve times', case_victim_id: victims.olga },
    ]);
  });
});
