import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { multipart, type MultipartFile } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, type Response } from '../support/http.js';

// what an iPhone saves by default: photos as HEIC, videos as QuickTime (.mov)
const fixture = (name: string) => readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url));
const HEIC = fixture('iphone-photo.heic');
const HEIF = fixture('still.heif');
const MOV = fixture('iphone-video.mov');
const BROKEN = fixture('broken-ftyp.heic');
const MP4 = fixture('clip.mp4');

describe.each(targets)('evidence from phones (HEIC, HEIF, QuickTime) on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let member: TestUser;
  let theCase: TestCase;
  let session: SignedIn;
  let api: string;
  let incidentId: string;

  const upload = (file: MultipartFile, via: 'page' | 'api'): Promise<Response> => {
    const body = multipart({}, file);
    return via === 'api'
      ? t.inject({
          method: 'POST',
          url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}/evidence`,
          headers: { authorization: api, 'content-type': body.contentType },
          payload: body.payload,
        })
      : t.inject({
          method: 'POST',
          url: `/cases/${theCase.caseId}/incidents/${incidentId}/evidence?_csrf=${encodeURIComponent(session.csrfToken)}`,
          headers: { cookie: session.cookie, 'content-type': body.contentType },
          payload: body.payload,
        });
  };
  const rowsFor = (sha256: string) =>
    t.db.owner
      .selectFrom('evidence_file')
      .select(['id', 'content_type', 'file_name', 'size_bytes'])
      .where('sha256', '=', sha256)
      .execute();
  const count = async () =>
    Number(
      (
        await t.db.owner
          .selectFrom('evidence_file')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    member = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
    session = await t.signIn(member.id);
    api = (await t.apiToken(member.id)).authorization;
    const created = await t.inject({
      method: 'POST',
      url: `/api/v1/cases/${theCase.caseId}/incidents`,
      headers: { authorization: api, 'content-type': 'application/json' },
      payload: {
        occurredFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        behaviours: ['other'],
        reportedBy: 'victim_diary',
        caseVictimId: theCase.caseVictimId,
        description: 'Photographed his car outside the house',
      },
    });
    expect(created.statusCode).toBe(201);
    incidentId = (created.json() as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['an iPhone photo (.HEIC) through the page', 'IMG_4021.HEIC', 'image/heic', HEIC, 'page', 'image/heic'],
    ['a HEIF photo through the API', 'still.heif', 'image/heif', HEIF, 'api', 'image/heif'],
    [
      'an iPhone video (.MOV) through the page',
      'IMG_4022.MOV',
      'video/quicktime',
      MOV,
      'page',
      'video/quicktime',
    ],
  ] as const)(
    'accepts %s, stores it, and serves it back only as a download',
    async (_w, name, type, data, via, stored) => {
      const response = await upload({ name, type, content: data }, via);
      expect(response.statusCode).toBe(via === 'page' ? 303 : 201);
      const rows = await rowsFor(sha(data));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ content_type: stored, file_name: name, size_bytes: data.length });
      const page = await t.inject({
        url: `/cases/${theCase.caseId}/incidents/${incidentId}`,
        headers: { cookie: session.cookie },
      });
      expect(page.body).toContain(name);
      const download = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${rows[0]!.id}`,
        headers: { authorization: api },
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.rawPayload.equals(data)).toBe(true);
    },
  );

  it('the upload page says HEIC and QuickTime are accepted', async () => {
    const page = await t.inject({
      url: `/cases/${theCase.caseId}/incidents/${incidentId}`,
      headers: { cookie: session.cookie },
    });
    expect(page.body).toContain('HEIC');
    expect(page.body).toContain('QuickTime (.mov)');
    expect(page.body).toMatch(/accept="[^"]*\.heic[^"]*\.mov/);
  });

  it.each([
    ['a .heic whose ftyp box is malformed', 'photo.heic', 'image/heic', BROKEN, /it is not a HEIC image/],
    ['a .heic that is an MP4 video', 'photo.heic', 'image/heic', MP4, /it is not a HEIC image/],
    ['a .mov that is a HEIC photo', 'clip.mov', 'video/quicktime', HEIC, /it is not a QuickTime video/],
    [
      'a .mov that is text',
      'clip.mov',
      'video/quicktime',
      Buffer.from('not a video'),
      /not a QuickTime video/,
    ],
  ])('refuses %s on the page and in the API, storing nothing', async (_w, name, type, data, message) => {
    const before = await count();
    const page = await upload({ name, type, content: data }, 'page');
    expect(page.statusCode).toBe(422);
    expect(errorSummaryOf(page.body)).toMatch(message);
    const viaApi = await upload({ name, type, content: data }, 'api');
    expect(viaApi.statusCode).toBe(422);
    expect(viaApi.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((viaApi.json() as { detail: string }).detail).toMatch(message);
    expect(await count()).toBe(before);
  });
});
