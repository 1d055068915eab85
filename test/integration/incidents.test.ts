import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { multipart, type MultipartFile } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf, type Response } from '../support/http.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

describe.each(targets)('incidents, evidence and the timeline on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let member: TestUser;
  let outsider: TestUser;
  let theCase: TestCase;
  let session: SignedIn;
  let browser: Browser;
  let api: string;
  let incidentId: string;

  const storedFiles = async () => {
    const dir = t.config.evidenceDir;
    const subs = await readdir(dir).catch(() => [] as string[]);
    const files: string[] = [];
    for (const s of subs) files.push(...(await readdir(path.join(dir, s))));
    return files;
  };
  const evidenceRows = () =>
    t.db.owner.selectFrom('evidence_file').select(['id', 'sha256', 'size_bytes']).execute();

  const upload = (
    file: MultipartFile,
    options: { via?: 'page' | 'api'; incident?: string } = {},
  ): Promise<Response> => {
    const incident = options.incident ?? incidentId;
    if (options.via === 'api') {
      const body = multipart({}, file);
      return t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incident}/evidence`,
        headers: { authorization: api, 'content-type': body.contentType },
        payload: body.payload,
      });
    }
    const body = multipart({}, file);
    return t.inject({
      method: 'POST',
      // as the form's action carries it: the token is checked before the body is read
      url: `/cases/${theCase.caseId}/incidents/${incident}/evidence?_csrf=${encodeURIComponent(session.csrfToken)}`,
      headers: { cookie: session.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    member = await t.createUser({ role: 'stalking_advocate', sites: [site], displayName: 'Ada Advocate' });
    outsider = await t.createUser({
      role: 'probation_practitioner',
      sites: [site],
      displayName: 'Otto Outsider',
    });
    theCase = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
    session = await t.signIn(member.id);
    browser = Browser.signedIn(t, session);
    api = (await t.apiToken(member.id)).authorization;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('recording incidents', () => {
    it('records an approximate incident with a range through the form', async () => {
      const from = new Date(Date.now() - 10 * DAY);
      const to = new Date(Date.now() - 8 * DAY);
      const response = await browser.post(`/cases/${theCase.caseId}/incidents`, {
        'occurredFrom-day': from.getUTCDate(),
        'occurredFrom-month': from.getUTCMonth() + 1,
        'occurredFrom-year': from.getUTCFullYear(),
        timing: 'approximate',
        'occurredTo-day': to.getUTCDate(),
        'occurredTo-month': to.getUTCMonth() + 1,
        'occurredTo-year': to.getUTCFullYear(),
        behaviours: ['following', 'loitering'],
        reportedBy: 'victim_diary',
        caseVictimId: theCase.caseVictimId,
        description: 'Seen outside the house on several evenings',
      });
      expect(response.statusCode).toBe(303);
      const row = await t.db.owner
        .selectFrom('incident')
        .selectAll()
        .where('case_id', '=', theCase.caseId)
        .executeTakeFirstOrThrow();
      incidentId = row.id;
      expect(response.headers.location).toBe(`/cases/${theCase.caseId}/incidents/${row.id}?added=1`);
      expect(row.approximate).toBe(true);
      expect(row.occurred_to).not.toBeNull();
      expect(row.behaviours).toEqual(['following', 'loitering']);
      const page = await browser.get(`/cases/${theCase.caseId}/incidents/${row.id}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toMatch(/Between \d{1,2} \w+ \d{4} and \d{1,2} \w+ \d{4} \(approximate\)/);
      expect(textOf(page.body)).toContain('Following; Loitering');
      const list = await browser.get(`/cases/${theCase.caseId}/incidents`);
      expect(list.statusCode).toBe(200);
      expect(textOf(list.body)).toContain('Victim diary');
    });

    it('refuses a date in the future', async () => {
      const future = new Date(Date.now() + 3 * DAY);
      const response = await browser.post(`/cases/${theCase.caseId}/incidents`, {
        'occurredFrom-day': future.getUTCDate(),
        'occurredFrom-month': future.getUTCMonth() + 1,
        'occurredFrom-year': future.getUTCFullYear(),
        timing: 'exact',
        behaviours: 'threats',
        reportedBy: 'police',
        description: 'Not yet',
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummaryOf(response.body)).toContain('When it happened must be today or in the past');
      const api400 = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: {
          occurredFrom: isoDate(future),
          behaviours: ['threats'],
          reportedBy: 'police',
          description: 'x',
        },
      });
      expect(api400.statusCode).toBe(400);
    });

    it('refuses a range that ends before it starts', async () => {
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: {
          occurredFrom: isoDate(new Date(Date.now() - 2 * DAY)),
          occurredTo: isoDate(new Date(Date.now() - 5 * DAY)),
          approximate: true,
          behaviours: ['contacting'],
          reportedBy: 'advocate',
          description: 'Backwards',
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toContainEqual({
        field: 'occurredTo',
        message: 'The end of the range must be the same as or after its start',
      });
    });

    it('records, lists and reads incidents through the API', async () => {
      const created = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: {
          occurredFrom: new Date(Date.now() - 1 * DAY).toISOString(),
          behaviours: ['online', 'threats'],
          reportedBy: 'police',
          caseVictimId: theCase.caseVictimId,
          description: 'Threatening messages on social media',
        },
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as { id: string };
      const list = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api },
      });
      expect(list.statusCode).toBe(200);
      expect((list.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([id, incidentId]);
      const one = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/incidents/${id}`,
        headers: { authorization: api },
      });
      expect(one.json()).toMatchObject({
        id,
        behaviours: ['online', 'threats'],
        approximate: false,
        evidence: [],
      });
    });

    it('refuses a victim from another case', async () => {
      const other = await t.seedCase({ site, createdBy: member.id, team: [member.id] });
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': 'application/json' },
        payload: {
          occurredFrom: isoDate(new Date(Date.now() - DAY)),
          behaviours: ['other'],
          reportedBy: 'health',
          caseVictimId: other.caseVictimId,
          description: 'Wrong victim',
        },
      });
      expect(response.statusCode).toBe(422);
    });
  });

  describe('evidence files', () => {
    let fileId: string;

    it('stores a PNG with its SHA-256, size and type', async () => {
      const response = await upload({ name: '../../photo of car.png', type: 'image/png', content: PNG });
      expect(response.statusCode).toBe(303);
      const rows = await t.db.owner.selectFrom('evidence_file').selectAll().execute();
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      fileId = row.id;
      expect(row.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
      expect(row.size_bytes).toBe(PNG.length);
      expect(row.content_type).toBe('image/png');
      expect(row.file_name).toBe('photo of car.png');
      expect(row.uploaded_by).toBe(member.id);
      expect(await storedFiles()).toEqual([row.storage_key]);
      const page = await browser.get(`/cases/${theCase.caseId}/incidents/${incidentId}`);
      expect(page.body).toContain(row.sha256);
    });

    it('refuses a .png whose content is text, storing nothing', async () => {
      const before = await storedFiles();
      const response = await upload({
        name: 'photo.png',
        type: 'image/png',
        content: Buffer.from('just some text'),
      });
      expect(response.statusCode).toBe(422);
      expect(errorSummaryOf(response.body)).toContain('does not match its type: it is not a PNG image');
      expect(await evidenceRows()).toHaveLength(1);
      expect(await storedFiles()).toEqual(before);
      const viaApi = await upload(
        { name: 'photo.png', type: 'image/png', content: Buffer.from('text') },
        { via: 'api' },
      );
      expect(viaApi.statusCode).toBe(422);
      expect(viaApi.json().detail).toMatch(/not a PNG image/);
      expect(await evidenceRows()).toHaveLength(1);
      expect(await storedFiles()).toEqual(before);
    });

    it('refuses a file over the size limit, and a refused type', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(t.config.evidenceMaxBytes)]);
      const response = await upload({ name: 'big.png', type: 'image/png', content: big }, { via: 'api' });
      expect(response.statusCode).toBe(413);
      expect(response.json().detail).toMatch(/must be smaller than 10 MB/);
      const html = await upload({ name: 'page.html', type: 'text/html', content: Buffer.from('<script>') });
      expect(html.statusCode).toBe(415);
      expect(errorSummaryOf(html.body)).toContain('must be a PDF, JPEG, PNG');
      expect(await evidenceRows()).toHaveLength(1);
      expect(await storedFiles()).toHaveLength(1);
    });

    it('accepts an upload through the API with a token', async () => {
      const response = await upload(
        { name: 'notes.txt', type: 'text/plain', content: Buffer.from('diary notes') },
        { via: 'api' },
      );
      expect(response.statusCode).toBe(201);
      const detail = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}`,
        headers: { authorization: api },
      });
      expect((detail.json() as { evidence: unknown[] }).evidence).toHaveLength(2);
    });

    it('refuses an upload without the CSRF token', async () => {
      const body = multipart({}, { name: 'photo.png', type: 'image/png', content: PNG });
      const response = await t.inject({
        method: 'POST',
        url: `/cases/${theCase.caseId}/incidents/${incidentId}/evidence`,
        headers: { cookie: session.cookie, 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(403);
      expect(await evidenceRows()).toHaveLength(2);
    });

    it('downloads only as an audited attachment', async () => {
      const response = await browser.get(
        `/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${fileId}`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/octet-stream');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="photo of car.png"; filename*=UTF-8''photo%20of%20car.png`,
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(response.rawPayload.equals(PNG)).toBe(true);
      const audited = await t.db.owner
        .selectFrom('audit.event')
        .select(['user_id', 'record_id', 'case_id'])
        .where('action', '=', 'evidence.download')
        .execute();
      expect(audited).toEqual([{ user_id: member.id, record_id: fileId, case_id: theCase.caseId }]);
    });

    it('is listed but never named or served under break-glass', async () => {
      const now = Date.now();
      await t.db.owner
        .insertInto('break_glass_grant')
        .values({
          case_id: theCase.caseId,
          user_id: outsider.id,
          reason_code: 'urgent_safeguarding',
          reason_text: 'call from the victim out of hours',
          granted_at: new Date(now - 60_000),
          expires_at: new Date(now + 3_600_000),
        })
        .execute();
      try {
        const glass = await t.signIn(outsider.id);
        const page = await t.inject({
          url: `/cases/${theCase.caseId}/incidents/${incidentId}`,
          headers: { cookie: glass.cookie },
        });
        expect(page.statusCode).toBe(200);
        expect(textOf(page.body)).toContain('Withheld under break-glass');
        expect(page.body).not.toContain('photo.png');
        expect(page.body).not.toContain(`/evidence/${fileId}`);
        const download = await t.inject({
          url: `/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${fileId}`,
          headers: { cookie: glass.cookie },
        });
        expect(download.statusCode).toBe(403);
        expect(download.headers['content-disposition']).toBeUndefined();
        const token = (await t.apiToken(outsider.id)).authorization;
        const detail = await t.inject({
          url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}`,
          headers: { authorization: token },
        });
        const evidence = (
          detail.json() as {
            evidence: { fileName: string | null; contentWithheld: boolean; sha256: string }[];
          }
        ).evidence;
        expect(evidence.length).toBeGreaterThan(0);
        for (const e of evidence) {
          expect(e).toMatchObject({ fileName: null, contentWithheld: true });
          expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
        }
        const viaApi = await t.inject({
          url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${fileId}`,
          headers: { authorization: token },
        });
        expect(viaApi.statusCode).toBe(403);
      } finally {
        await t.db.owner.deleteFrom('break_glass_grant').where('user_id', '=', outsider.id).execute();
      }
    });

    it('is not there at all for someone outside the case', async () => {
      const outsiderSession = await t.signIn(outsider.id);
      for (const url of [
        `/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${fileId}`,
        `/cases/${theCase.caseId}/incidents/${incidentId}`,
        `/cases/${theCase.caseId}/incidents`,
        `/cases/${theCase.caseId}/timeline`,
      ]) {
        const response = await t.inject({ url, headers: { cookie: outsiderSession.cookie } });
        expect(response.statusCode, url).toBe(404);
        expect(response.headers['content-disposition']).toBeUndefined();
      }
      const token = (await t.apiToken(outsider.id)).authorization;
      const viaApi = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}/evidence/${fileId}`,
        headers: { authorization: token },
      });
      expect(viaApi.statusCode).toBe(404);
      const before = await storedFiles();
      const body = multipart({}, { name: 'photo.png', type: 'image/png', content: PNG });
      const outsiderUpload = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents/${incidentId}/evidence`,
        headers: { authorization: token, 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(outsiderUpload.statusCode).toBe(404);
      expect(await storedFiles()).toEqual(before);
    });

    it('multipart is refused on other API routes', async () => {
      const body = multipart({ description: 'x' });
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/cases/${theCase.caseId}/incidents`,
        headers: { authorization: api, 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(415);
    });
  });

  describe('the timeline', () => {
    it('merges incidents and status changes, most recent first', async () => {
      const response = await browser.get(`/cases/${theCase.caseId}/timeline`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('moj-timeline');
      const types = [...response.body.matchAll(/data-event-type="(\w+)"/g)].map((m) => m[1]);
      // the case was referred now; the incidents happened 1 day and 8–10 days ago
      expect(types).toEqual(['status', 'incident', 'incident']);
      const text = textOf(response.body);
      expect(text.indexOf('Case opened as Referred')).toBeLessThan(
        text.indexOf('Incident: Online or cyber; Threats'),
      );
      expect(text.indexOf('Incident: Online or cyber; Threats')).toBeLessThan(
        text.indexOf('Incident: Following; Loitering'),
      );
      expect(text).toContain('Multi-agency meetings will appear here when they are recorded');
    });

    it('filters by type and by date', async () => {
      const onlyIncidents = await browser.get(`/cases/${theCase.caseId}/timeline?type=incident`);
      expect([...onlyIncidents.body.matchAll(/data-event-type="(\w+)"/g)].map((m) => m[1])).toEqual([
        'incident',
        'incident',
      ]);
      const old = new Date(Date.now() - 20 * DAY);
      const recent = new Date(Date.now() - 3 * DAY);
      const q = `from-day=${old.getUTCDate()}&from-month=${old.getUTCMonth() + 1}&from-year=${old.getUTCFullYear()}&to-day=${recent.getUTCDate()}&to-month=${recent.getUTCMonth() + 1}&to-year=${recent.getUTCFullYear()}`;
      const ranged = await browser.get(`/cases/${theCase.caseId}/timeline?${q}`);
      expect([...ranged.body.matchAll(/data-event-type="(\w+)"/g)].map((m) => m[1])).toEqual(['incident']);
      expect(textOf(ranged.body)).toContain('Incident: Following; Loitering');

      const viaApi = await t.inject({
        url: `/api/v1/cases/${theCase.caseId}/timeline?type=status&type=incident&from=${isoDate(new Date(Date.now() - 2 * DAY))}`,
        headers: { authorization: api },
      });
      expect(viaApi.statusCode).toBe(200);
      expect((viaApi.json() as { items: { type: string }[] }).items.map((i) => i.type)).toEqual([
        'status',
        'incident',
      ]);

      const bad = await browser.get(
        `/cases/${theCase.caseId}/timeline?from-day=40&from-month=1&from-year=2026`,
      );
      expect(bad.statusCode).toBe(400);
      expect(errorSummaryOf(bad.body)).toContain('The from date must be a real date');
    });

    it('is audited', async () => {
      const rows = await t.db.owner
        .selectFrom('audit.event')
        .select('action')
        .where('case_id', '=', theCase.caseId)
        .where('action', 'in', ['timeline.view', 'incident.created', 'evidence.uploaded', 'incident.view'])
        .execute();
      const actions = new Set(rows.map((r) => r.action));
      expect(actions).toEqual(
        new Set(['timeline.view', 'incident.created', 'evidence.uploaded', 'incident.view']),
      );
    });
  });
});
