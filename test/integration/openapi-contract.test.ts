import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { readClinicalTemplate } from '../../src/modules/treatment/templates.js';
import { validateDefinition } from '../../src/modules/instruments/validate.js';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { multipart } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import type { Response } from '../support/http.js';
import { badNullables, contractOf, fillPath as fill, type OpenApiDocument } from '../support/openapi.js';

const ISO_DAY = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * THE API AGAINST ITS DESCRIPTION: the OpenAPI document is valid (a maintained validator), and
 * every operation's real answers (a success and problems) are described by it: the status is
 * documented, the media type is the documented one, and the body fits the documented schema.
 */
describe.each(targets)('the OpenAPI document against real responses on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let theCase: TestCase;
  let otherCase: TestCase;
  const users: Record<string, TestUser> = {};
  const tokens: Record<string, string> = {};
  let doc: OpenApiDocument;
  let contract: ReturnType<typeof contractOf>;
  const check: ReturnType<typeof contractOf>['check'] = (...args) => contract.check(...args);

  const expectStatus = (response: Response, status: number) =>
    expect(response.statusCode, response.body.slice(0, 400)).toBe(status);

  /** A JSON API call as `who` (a token), checked against the document. */
  async function call(
    who: string | null,
    method: string,
    template: string,
    params: Record<string, string> = {},
    body?: unknown,
    query = '',
  ): Promise<Response> {
    const options: InjectOptions = {
      method: method as InjectOptions['method'],
      url: fill(template, params) + query,
      headers: {
        ...(who ? { authorization: tokens[who]! } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    };
    return check(method, template, (await t.inject(options)) as Response);
  }

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    const roles = {
      psychiatrist: 'forensic_psychiatrist',
      officer: 'investigating_officer',
      advocate: 'stalking_advocate',
      probation: 'probation_practitioner',
      coordinator: 'site_coordinator',
      admin: 'administrator',
      evaluator: 'evaluator',
    } as const;
    for (const [name, role] of Object.entries(roles)) {
      users[name] = await t.createUser({
        role,
        sites: role === 'administrator' || role === 'evaluator' ? [] : [site],
        displayName: `Contract ${name}`,
      });
      tokens[name] = (await t.apiToken(users[name]!.id)).authorization;
    }
    // an officer of another site, for break-glass
    users.visitor = await t.createUser({ role: 'investigating_officer', sites: [otherSite] });
    tokens.visitor = (await t.apiToken(users.visitor.id)).authorization;
    theCase = await t.seedCase({
      site,
      createdBy: users.officer!.id,
      team: [users.psychiatrist!.id, users.officer!.id, users.advocate!.id],
      // clear of the references the application gives the referral made below
      reference: `${site.code}-900001`,
    });
    otherCase = await t.seedCase({
      site: otherSite,
      createdBy: users.visitor.id,
      team: [users.visitor.id],
      reference: `${otherSite.code}-900002`,
    });
    const response = await t.inject({
      method: 'GET',
      url: '/api/docs/json',
      headers: { authorization: tokens.officer! },
    });
    expect(response.statusCode).toBe(200);
    doc = response.json() as OpenApiDocument;
    contract = contractOf(doc);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is a valid OpenAPI 3.0 document (@seriousme/openapi-schema-validator), with ids, servers and shared schemas', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'FieldError']));
  });

  it('documents the problems that come back, as application/problem+json with the shared schema', () => {
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const problems = Object.entries(operation.responses).filter(([s]) => /^4\d\d$/.test(s));
        expect(
          problems.map(([s]) => s),
          `${method} ${path}`,
        ).toContain('401');
        for (const [status, r] of problems)
          expect(Object.keys(r.content ?? {}), `${method} ${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
      }
    // the possible-duplicates answer of a referral, once documented as application/json
    expect(Object.keys(doc.paths['/api/v1/referrals']!.post!.responses['409']!.content!)).toEqual([
      'application/problem+json',
    ]);
    // FHIR resources
    for (const path of [
      '/api/v1/cases/{id}/assessments/{aid}/fhir',
      '/api/v1/instruments/{code}/versions/{version}/fhir',
    ])
      expect(Object.keys(doc.paths[path]!.get!.responses['200']!.content!)).toEqual([
        'application/fhir+json',
      ]);
  });

  it('has no nullable enum without null, and no nullable schema without a type', () => {
    expect(badNullables(doc)).toEqual([]);
    const acceptedMode = (
      doc.paths['/api/v1/cases']!.get!.responses['200']!.content!['application/json']!.schema as {
        properties: { items: { items: { properties: { acceptedMode: { enum: unknown[] } } } } };
      }
    ).properties.items.items.properties.acceptedMode;
    expect(acceptedMode.enum).toContain(null);
  });

  it('every operation answers as documented: a success and problems', async () => {
    const c = { id: theCase.caseId };
    // instruments: published by the administrator through the API
    const spj = validateDefinition(readTemplate('spj-template.json'));
    if (!spj.ok) throw new Error(spj.problems.join());
    expectStatus(await call('admin', 'POST', '/api/v1/instruments', {}, spj.definition), 201);
    expectStatus(await call('admin', 'GET', '/api/v1/instruments'), 200);
    const v = { code: spj.definition.code, version: '1' };
    const version = await call('admin', 'GET', '/api/v1/instruments/{code}/versions/{version}', v);
    expect(version.statusCode).toBe(200);
    expect(
      (await call('psychiatrist', 'GET', '/api/v1/instruments/{code}/versions/{version}/fhir', v)).statusCode,
    ).toBe(200);

    // administration
    expectStatus(await call('admin', 'GET', '/api/v1/admin/policy'), 200);
    expect(
      (await call('admin', 'GET', '/api/v1/admin/users', {}, undefined, `?site=${site.id}`)).statusCode,
    ).toBe(200);
    const newUser = {
      email: 'contract.user@example.org',
      name: 'Contract User',
      role: 'probation_practitioner',
      agencyId: site.agencies.probation,
      siteIds: [site.id],
      temporaryPassword: 'a long temporary passphrase 81',
    };
    expectStatus(await call('admin', 'POST', '/api/v1/admin/users', {}, newUser), 201);
    // the same email again: refused with the field named
    expectStatus(await call('admin', 'POST', '/api/v1/admin/users', {}, newUser), 422);
    const policy = await call(
      'admin',
      'PUT',
      '/api/v1/admin/sites/{siteId}/policy',
      { siteId: site.id },
      {
        role: 'probation_practitioner',
        compartment: 'victim_voice',
        access: 'none',
        reason: 'Contract test: narrower at this site',
      },
    );
    expect(policy.statusCode, policy.body).toBe(200);

    // cases, people, reviews, notifications, figures, access review
    expectStatus(await call('officer', 'GET', '/api/v1/cases'), 200);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}', c), 200);
    expectStatus(await call('officer', 'GET', '/api/v1/people', {}, undefined, '?q=Contractperson'), 200);
    expectStatus(await call('officer', 'GET', '/api/v1/reviews'), 200);
    expectStatus(await call('officer', 'GET', '/api/v1/notifications'), 200);
    // notification settings (issue 15): read, saved, a stale save refused, an unknown kind refused
    const settings = await call('officer', 'GET', '/api/v1/notifications/settings');
    expectStatus(settings, 200);
    const mine = settings.json() as { version: number };
    const saved = await call(
      'officer',
      'PUT',
      '/api/v1/notifications/settings',
      {},
      {
        emailKinds: ['action_assigned'],
        dailyDigest: true,
        version: mine.version,
      },
    );
    expectStatus(saved, 200);
    expectStatus(
      await call(
        'officer',
        'PUT',
        '/api/v1/notifications/settings',
        {},
        {
          emailKinds: [],
          dailyDigest: false,
          version: mine.version,
        },
      ),
      409,
    );
    expectStatus(
      await call(
        'officer',
        'PUT',
        '/api/v1/notifications/settings',
        {},
        {
          emailKinds: ['no_such_kind'],
          dailyDigest: false,
          version: (saved.json() as { version: number }).version,
        },
      ),
      422,
    );
    expectStatus(await call('evaluator', 'GET', '/api/v1/figures'), 200);
    expectStatus(
      await call('evaluator', 'GET', '/api/v1/evaluation', {}, undefined, '?cohort=referred'),
      200,
    );
    expect(
      (await call('coordinator', 'GET', '/api/v1/sites/{siteId}/access-review', { siteId: site.id }))
        .statusCode,
    ).toBe(200);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/timeline', c), 200);

    // a referral, and one like it: 409 with possible matches
    const referral = (given: string) => ({
      person: { givenName: given, familyName: 'Contractperson', dateOfBirth: '1970-05-06' },
      siteId: site.id,
      referringAgencyId: site.agencies.probation,
      referrerName: 'Pat Probation',
      reason: 'Repeated unwanted contact at the victim’s workplace',
      offences: [{ code: 'pha_s4a', description: '' }],
      investigationStatus: 'convicted',
      victims: [{ givenName: 'Vera', familyName: 'Contractvictim', relationship: 'work' }],
      consent: 'given',
      consentNotes: '',
      isAdult: true,
      livesInArea: true,
    });
    const referred = await call('probation', 'POST', '/api/v1/referrals', {}, referral('Quentin'));
    expect(referred.statusCode, referred.body).toBe(201);
    expect((await call('probation', 'POST', '/api/v1/referrals', {}, referral('Quentyn'))).statusCode).toBe(
      409,
    );

    // victims, contact, voice, safety plans, contact log
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/victims', c), 200);
    const victim = await call('officer', 'POST', '/api/v1/cases/{id}/victims', c, {
      givenName: 'Wanda',
      familyName: 'Witness',
      kind: 'third_party',
      relationship: 'acquaintance',
    });
    expect(victim.statusCode, victim.body).toBe(201);
    const contact = await call(
      'advocate',
      'PUT',
      '/api/v1/cases/{id}/victims/{victimId}/contact',
      { ...c, victimId: theCase.caseVictimId },
      { phone: '07700 900123', safeMethods: ['phone'], version: 0 },
    );
    expect(contact.statusCode, contact.body).toBe(204);
    const stale = await call(
      'advocate',
      'PUT',
      '/api/v1/cases/{id}/victims/{victimId}/contact',
      { ...c, victimId: theCase.caseVictimId },
      { phone: '07700 900124', version: 0 },
    );
    expect(stale.statusCode).toBe(409);
    // corrections to contact details (issue 11), on the third party's, then withdrawn as entered in error
    const wanda = { ...c, victimId: (victim.json() as { id: string }).id };
    const wandaContact = '/api/v1/cases/{id}/victims/{victimId}/contact';
    expectStatus(
      await call('advocate', 'PUT', wandaContact, wanda, { phone: '07700 900125', version: 0 }),
      204,
    );
    const contactHistory = await call('advocate', 'GET', `${wandaContact}/amendments`, wanda);
    expectStatus(contactHistory, 200);
    const contactCorrection = {
      version: (contactHistory.json() as { version: number }).version,
      reason: 'She gave a new number',
      details: { phone: '07700 900126' },
    };
    expectStatus(await call('advocate', 'POST', `${wandaContact}/amendments`, wanda, contactCorrection), 201);
    expectStatus(await call('advocate', 'POST', `${wandaContact}/amendments`, wanda, contactCorrection), 409);
    expectStatus(
      await call('advocate', 'POST', `${wandaContact}/withdrawal`, wanda, { reason: 'Wrong person' }),
      204,
    );
    const voice = await call('advocate', 'POST', '/api/v1/cases/{id}/voice', c, {
      caseVictimId: theCase.caseVictimId,
      body: 'She wants him to stop coming to the school gate.',
      sharing: 'verbatim',
      recordedOn: ISO_DAY(-1),
    });
    expect(voice.statusCode, voice.body).toBe(201);
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/voice', c), 200);
    const plan = await call(
      'advocate',
      'POST',
      '/api/v1/cases/{id}/safety-plans/{caseVictimId}',
      { ...c, caseVictimId: theCase.caseVictimId },
      {
        summary: 'Change the route to work',
        actions: [{ action: 'Personal alarm', owner: 'Advocate', reviewOn: ISO_DAY(14) }],
        reviewDate: ISO_DAY(28),
        expectedVersion: 0,
      },
    );
    expect(plan.statusCode, plan.body).toBe(201);
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/safety-plans', c), 200);
    const stalePlan = await call(
      'advocate',
      'POST',
      '/api/v1/cases/{id}/safety-plans/{caseVictimId}',
      { ...c, caseVictimId: theCase.caseVictimId },
      {
        summary: 'Someone else’s older copy',
        actions: [{ action: 'Personal alarm', owner: 'Advocate', reviewOn: ISO_DAY(14) }],
        reviewDate: ISO_DAY(28),
        expectedVersion: 0,
      },
    );
    expectStatus(stalePlan, 409);
    const logged = await call('advocate', 'POST', '/api/v1/cases/{id}/contact-log', c, {
      caseVictimId: theCase.caseVictimId,
      contactedOn: ISO_DAY(-1),
      method: 'phone',
      contactWith: 'The victim',
      summary: 'Checked in after the hearing.',
      victimUpdated: true,
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/contact-log', c), 200);

    // corrections to the victim's records (issue 11): a voice entry (one of its own, so the case's
    // voice stays up to date) and a contact log entry corrected, then again on a stale version;
    // each withdrawn, then again
    const voiceInError = await call('advocate', 'POST', '/api/v1/cases/{id}/voice', c, {
      caseVictimId: theCase.caseVictimId,
      body: 'Recorded on the wrong case.',
      sharing: 'summarised',
      recordedOn: ISO_DAY(-1),
    });
    expect(voiceInError.statusCode, voiceInError.body).toBe(201);
    for (const [path, id, entry] of [
      [
        '/api/v1/cases/{id}/voice/{entryId}',
        (voiceInError.json() as { id: string }).id,
        {
          caseVictimId: theCase.caseVictimId,
          body: 'She wants him to stop coming to the school gate and her work.',
          sharing: 'verbatim',
          recordedOn: ISO_DAY(-1),
        },
      ],
      [
        '/api/v1/cases/{id}/contact-log/{entryId}',
        (logged.json() as { id: string }).id,
        {
          caseVictimId: theCase.caseVictimId,
          contactedOn: ISO_DAY(-1),
          method: 'video_call',
          contactWith: 'The victim',
          summary: 'Checked in after the hearing.',
          victimUpdated: true,
        },
      ],
    ] as const) {
      const e = { ...c, entryId: id };
      const history = await call('advocate', 'GET', `${path}/amendments`, e);
      expectStatus(history, 200);
      const correction = {
        version: (history.json() as { version: number }).version,
        reason: 'Read back to the victim',
        entry,
      };
      expectStatus(await call('advocate', 'POST', `${path}/amendments`, e, correction), 201);
      expectStatus(await call('advocate', 'POST', `${path}/amendments`, e, correction), 409);
      expectStatus(await call('advocate', 'POST', `${path}/withdrawal`, e, { reason: 'Wrong case' }), 204);
      expectStatus(await call('advocate', 'POST', `${path}/withdrawal`, e, { reason: 'Again' }), 409);
    }

    // consultation and sessions (issue 14): the health team writes, the team reads
    const advice = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/consultations', c, {
      requestedBy: 'DC Contract, investigating officer',
      requestingAgency: 'Police',
      requestedOn: ISO_DAY(-1),
      question: 'How to approach the interview?',
      advice: 'Open questions.',
      recommendedActions: '',
      followUpOn: null,
    });
    expect(advice.statusCode, advice.body).toBe(201);
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/consultations', c), 200);
    const booked = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/sessions', c, {
      date: ISO_DAY(-1),
      time: '10:00',
      plannedMinutes: 60,
      mode: 'clinic',
      clinicianIds: [users.psychiatrist!.id],
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const s = { ...c, sessionId: (JSON.parse(booked.body) as { id: string }).id };
    const attendance = {
      attendance: 'attended',
      durationMinutes: 50,
      note: 'Seen for 50 minutes in clinic.',
      staffTime: [{ userId: users.psychiatrist!.id, faceToFaceMinutes: 50, adminMinutes: 10 }],
      expectedVersion: 1,
    };
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/sessions/{sessionId}/attendance', s, attendance),
      200,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/sessions/{sessionId}/attendance', s, attendance),
      409,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/sessions/{sessionId}/attendance', s, {
        ...attendance,
        durationMinutes: null,
        expectedVersion: 2,
      }),
      422,
    );
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/sessions', c), 200);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/diary'), 200);
    // the session's note corrected and withdrawn (issue 11)
    const sessionNote = await t.db.owner
      .selectFrom('intervention_session_note')
      .select('id')
      .where('session_id', '=', s.sessionId)
      .executeTakeFirstOrThrow();
    const sn = { ...c, noteId: sessionNote.id };
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/session-notes/{noteId}', sn), 200);
    expectStatus(
      await call('psychiatrist', 'GET', '/api/v1/cases/{id}/session-notes/{noteId}/amendments', sn),
      200,
    );
    const snFix = { body: 'Seen for 45 minutes in clinic.', reason: 'It ended early', version: 1 };
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/session-notes/{noteId}/amendments', sn, snFix),
      201,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/session-notes/{noteId}/amendments', sn, snFix),
      409,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/session-notes/{noteId}/withdrawal', sn, {
        reason: 'Written for another session',
      }),
      204,
    );
    // the session itself withdrawn as entered in error (issue 11), then again
    for (const status of [204, 409])
      expectStatus(
        await call('psychiatrist', 'POST', '/api/v1/cases/{id}/sessions/{sessionId}/withdrawal', s, {
          reason: 'Booked on the wrong case',
        }),
        status,
      );

    // risk, clinical, intelligence
    const riskPlan = await call('officer', 'POST', '/api/v1/cases/{id}/risk-plans', c, {
      riskLevel: 'high',
      summary: 'Weekly joint review',
      nextReviewDate: ISO_DAY(7),
    });
    expect(riskPlan.statusCode, riskPlan.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/risk-plans', c), 200);
    const planId = { ...c, recordId: (riskPlan.json() as { id: string }).id };
    const planWithdrawal = '/api/v1/cases/{id}/risk-plans/{recordId}/withdrawal';
    expectStatus(await call('officer', 'POST', planWithdrawal, planId, { reason: 'Wrong case' }), 204);
    expectStatus(await call('officer', 'POST', planWithdrawal, planId, { reason: 'Again' }), 409);
    // the advocate reads the risk compartment but may not change it
    expectStatus(
      await call('advocate', 'POST', '/api/v1/cases/{id}/risk-plans', c, {
        riskLevel: 'low',
        summary: 'Not theirs to change',
        nextReviewDate: ISO_DAY(7),
      }),
      403,
    );
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/risk', c), 200);
    const clinical = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/clinical', c, {
      body: 'Seen in clinic.',
    });
    expect(clinical.statusCode, clinical.body).toBe(201);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/clinical', c), 200);
    const intel = await call('officer', 'POST', '/api/v1/cases/{id}/intelligence', c, {
      body: 'Vehicle seen near the address.',
      handling: 'police_only',
    });
    expect(intel.statusCode, intel.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/intelligence', c), 200);

    // corrections to a clinical note and an intelligence entry (issue 11): one, the same again on
    // a stale version (409), nothing changed (422), another clinician's note (403); withdrawn, then again
    const note = { ...c, noteId: (clinical.json() as { id: string }).id };
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/clinical/{noteId}', note), 200);
    expectStatus(
      await call('psychiatrist', 'GET', '/api/v1/cases/{id}/clinical/{noteId}/amendments', note),
      200,
    );
    const noteFix = { body: 'Seen in clinic with his sister.', reason: 'She came too', version: 1 };
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/clinical/{noteId}/amendments', note, noteFix),
      201,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/clinical/{noteId}/amendments', note, noteFix),
      409,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/clinical/{noteId}/amendments', note, {
        ...noteFix,
        version: 2,
      }),
      422,
    );
    const noteWithdrawal = () =>
      call('psychiatrist', 'POST', '/api/v1/cases/{id}/clinical/{noteId}/withdrawal', note, {
        reason: 'On the wrong case',
      });
    expectStatus(await noteWithdrawal(), 204);
    expectStatus(await noteWithdrawal(), 409);
    const entry = { ...c, entryId: (intel.json() as { id: string }).id };
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/intelligence/{entryId}', entry), 200);
    expectStatus(
      await call('officer', 'GET', '/api/v1/cases/{id}/intelligence/{entryId}/amendments', entry),
      200,
    );
    const entryFix = {
      body: 'Vehicle seen twice near the address.',
      handling: 'police_only',
      reason: 'Twice',
      version: 1,
    };
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/intelligence/{entryId}/amendments', entry, entryFix),
      201,
    );
    // the health team may not: not theirs to read
    expectStatus(
      await call(
        'psychiatrist',
        'POST',
        '/api/v1/cases/{id}/intelligence/{entryId}/amendments',
        entry,
        entryFix,
      ),
      404,
    );
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/intelligence/{entryId}/withdrawal', entry, {
        reason: 'Another investigation',
      }),
      204,
    );

    // corrections to the person referred (issue 11): one, then the same on a stale version
    const read = await call('officer', 'GET', '/api/v1/cases/{id}/person/amendments', c);
    expectStatus(read, 200);
    const correction = {
      givenName: 'Corrected',
      familyName: 'Name',
      reason: 'Spelt wrongly at referral',
      version: (JSON.parse(read.body) as { version: number }).version,
    };
    const corrected = await call('officer', 'POST', '/api/v1/cases/{id}/person/amendments', c, correction);
    expect(corrected.statusCode, corrected.body).toBe(201);
    expectStatus(await call('officer', 'POST', '/api/v1/cases/{id}/person/amendments', c, correction), 409);
    // ...and to a victim on the case, as a person
    const victimPerson = { ...c, victimId: theCase.caseVictimId };
    const victimPath = '/api/v1/cases/{id}/victims/{victimId}/person/amendments';
    const victimRead = await call('officer', 'GET', victimPath, victimPerson);
    expectStatus(victimRead, 200);
    const victimPersonCorrection = {
      givenName: 'Corrected',
      familyName: 'Victim',
      reason: 'Misspelt at referral',
      version: (JSON.parse(victimRead.body) as { version: number }).version,
    };
    expectStatus(await call('officer', 'POST', victimPath, victimPerson, victimPersonCorrection), 201);
    expectStatus(await call('officer', 'POST', victimPath, victimPerson, victimPersonCorrection), 409);

    // corrections to what was recorded at referral (issue 11): the referral, an offence and a
    // victim corrected, then the same on a stale version; an offence and a victim withdrawn, then again
    const referralHistory = await call('officer', 'GET', '/api/v1/cases/{id}/referral/amendments', c);
    expectStatus(referralHistory, 200);
    const referralCorrection = {
      version: (referralHistory.json() as { version: number }).version,
      reason: 'The consent notes were left out',
      referral: {
        referringAgencyId: site.agencies.police,
        referrerName: 'Test Referrer',
        reason: 'Repeated unwanted contact after the end of a relationship',
        consent: 'given',
        consentNotes: 'Given by phone',
        isAdult: true,
        livesInArea: true,
      },
    };
    const referralCorrected = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/referral/amendments',
      c,
      referralCorrection,
    );
    expect(referralCorrected.statusCode, referralCorrected.body).toBe(201);
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/referral/amendments', c, referralCorrection),
      409,
    );
    const extraOffence = await t.db.owner
      .insertInto('case_offence')
      .values({ case_id: theCase.caseId, code: 'pha_s2', description: 'Recorded twice' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/offences', c), 200);
    const offenceParams = { ...c, offenceId: theCase.offenceId };
    expectStatus(
      await call('officer', 'GET', '/api/v1/cases/{id}/offences/{offenceId}/amendments', offenceParams),
      200,
    );
    const offenceCorrection = {
      version: 1,
      reason: 'Charged under 4A',
      offence: { code: 'pha_s4a', description: '' },
    };
    const offenceCorrected = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/offences/{offenceId}/amendments',
      offenceParams,
      offenceCorrection,
    );
    expect(offenceCorrected.statusCode, offenceCorrected.body).toBe(201);
    expectStatus(
      await call(
        'officer',
        'POST',
        '/api/v1/cases/{id}/offences/{offenceId}/amendments',
        offenceParams,
        offenceCorrection,
      ),
      409,
    );
    const withdrawOffence = () =>
      call(
        'officer',
        'POST',
        '/api/v1/cases/{id}/offences/{offenceId}/withdrawal',
        { ...c, offenceId: extraOffence.id },
        {
          reason: 'Recorded twice',
        },
      );
    expectStatus(await withdrawOffence(), 204);
    expectStatus(await withdrawOffence(), 409);
    const victimParams = { ...c, victimId: theCase.caseVictimId };
    expectStatus(
      await call('officer', 'GET', '/api/v1/cases/{id}/victims/{victimId}/amendments', victimParams),
      200,
    );
    const victimCorrection = {
      version: 1,
      reason: 'A former colleague',
      victim: { relationship: 'work', kind: 'victim' },
    };
    const victimCorrected = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/victims/{victimId}/amendments',
      victimParams,
      victimCorrection,
    );
    expect(victimCorrected.statusCode, victimCorrected.body).toBe(201);
    expectStatus(
      await call(
        'officer',
        'POST',
        '/api/v1/cases/{id}/victims/{victimId}/amendments',
        victimParams,
        victimCorrection,
      ),
      409,
    );
    const wrongPerson = await t.db.owner
      .insertInto('person')
      .values({
        id: randomUUID(),
        given_name: 'Wrongly',
        family_name: 'Added',
        search_name: 'wrongly added',
        created_by: users.officer!.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wrongVictim = await t.db.owner
      .insertInto('case_victim')
      .values({ case_id: theCase.caseId, victim_id: wrongPerson.id, relationship: 'stranger' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const withdrawVictim = () =>
      call(
        'officer',
        'POST',
        '/api/v1/cases/{id}/victims/{victimId}/withdrawal',
        { ...c, victimId: wrongVictim.id },
        {
          reason: 'Added to the wrong case',
        },
      );
    expectStatus(await withdrawVictim(), 204);
    expectStatus(await withdrawVictim(), 409);

    // the police investigation's course (issue 11): a change, then the same change on a stale version
    const before = await t.db.owner
      .selectFrom('cases')
      .select(['investigation_status', 'version'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const investigationChange = {
      to: before.investigation_status === 'convicted' ? 'no_further_action' : 'convicted',
      effectiveOn: todayInLondon(),
      reason: 'Convicted at the Crown Court',
      version: before.version,
    };
    const investigation = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/investigation',
      c,
      investigationChange,
    );
    expect(investigation.statusCode, investigation.body).toBe(201);
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/investigation', c, investigationChange),
      409,
    );
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/investigation', c), 200);
    // withdrawn as entered in error (the status goes back), then again; then recorded once more
    const changeId = { ...c, recordId: (investigation.json() as { id: string }).id };
    const investigationWithdrawal = '/api/v1/cases/{id}/investigation/{recordId}/withdrawal';
    expectStatus(
      await call('officer', 'POST', investigationWithdrawal, changeId, { reason: 'Wrong case' }),
      204,
    );
    expectStatus(await call('officer', 'POST', investigationWithdrawal, changeId, { reason: 'Again' }), 409);
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/investigation', c, {
        ...investigationChange,
        version: before.version + 2,
      }),
      201,
    );

    // court and offending, MAPPA and MARAC (core)
    const today = todayInLondon();
    const charge = await call('officer', 'POST', '/api/v1/cases/{id}/charges', c, {
      classification: 'pha_s2a',
      wording: 'Stalking',
      chargedOn: today,
    });
    expect(charge.statusCode, charge.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/charges', c), 200);
    const courtOutcome = await call('officer', 'POST', '/api/v1/cases/{id}/court-outcomes', c, {
      chargeId: (charge.json() as { id: string }).id,
      outcome: 'convicted',
      outcomeOn: today,
      sentenceKind: 'community_order',
      sentenceMonths: 12,
    });
    expect(courtOutcome.statusCode, courtOutcome.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/court-outcomes', c), 200);
    const offence = await call('officer', 'POST', '/api/v1/cases/{id}/new-offending', c, {
      eventKind: 'arrest',
      classification: 'pha_s2a',
      offenceOn: today,
      knownOn: today,
      sourceAgency: 'police',
    });
    expect(offence.statusCode, offence.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/new-offending', c), 200);
    for (const [path, made] of [
      ['/api/v1/cases/{id}/new-offending/{recordId}/withdrawal', offence],
      ['/api/v1/cases/{id}/court-outcomes/{recordId}/withdrawal', courtOutcome],
      ['/api/v1/cases/{id}/charges/{recordId}/withdrawal', charge],
    ] as const) {
      const r = { ...c, recordId: (made.json() as { id: string }).id };
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Recorded in error' }), 204);
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Again' }), 409);
    }
    const mappa = await call('officer', 'POST', '/api/v1/cases/{id}/mappa', c, {
      category: 2,
      level: 2,
      startsOn: today,
      leadAgency: 'police',
      nextReviewOn: ISO_DAY(30),
    });
    expect(mappa.statusCode, mappa.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/mappa', c), 200);
    const marac = await call('officer', 'POST', '/api/v1/cases/{id}/marac', c, {
      referredOn: today,
      referringAgency: 'police',
      reason: 'High risk',
    });
    expect(marac.statusCode, marac.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/marac', c), 200);
    const maracMeeting = await call('officer', 'POST', '/api/v1/cases/{id}/marac-meetings', c, {
      referralId: (marac.json() as { id: string }).id,
      meetingOn: today,
      outcome: 'Safety plan agreed',
    });
    expect(maracMeeting.statusCode, maracMeeting.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/marac-meetings', c), 200);
    // each withdrawn as entered in error, then again (the referral after the meeting that heard it)
    for (const [path, made] of [
      ['/api/v1/cases/{id}/mappa/{recordId}/withdrawal', mappa],
      ['/api/v1/cases/{id}/marac-meetings/{recordId}/withdrawal', maracMeeting],
      ['/api/v1/cases/{id}/marac/{recordId}/withdrawal', marac],
    ] as const) {
      const r = { ...c, recordId: (made.json() as { id: string }).id };
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Recorded in error' }), 204);
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Again' }), 409);
    }

    // an assessment: start, answer, a stale answer (409), complete, read, FHIR, addendum
    const versionId = (version.json() as { id: string }).id;
    const started = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/assessments', c, {
      instrumentVersionId: versionId,
    });
    expect(started.statusCode, started.body).toBe(201);
    const a = { ...c, aid: (started.json() as { id: string }).id };
    const answers = await call('psychiatrist', 'PUT', '/api/v1/cases/{id}/assessments/{aid}/answers', a, {
      answers: {
        threats_made: true,
        violence_history: false,
        conduct_began: '2025-11-03',
        contact_frequency: 3,
        previous_episodes: false,
        life_impact: 'some',
        self_harm_concern: false,
      },
      ratings: Object.fromEntries(
        ['violence', 'persistence', 'recurrence', 'psychosocial_damage'].map((d) => [
          d,
          { rating: 'moderate', rationale: `Rated on ${d}` },
        ]),
      ),
      version: 1,
    });
    expect(answers.statusCode, answers.body).toBe(200);
    expect(
      (
        await call('psychiatrist', 'PUT', '/api/v1/cases/{id}/assessments/{aid}/answers', a, {
          answers: {},
          version: 1,
        })
      ).statusCode,
    ).toBe(409);
    const refused = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/assessments/{aid}/complete', a, {
      planActions: [],
      nextReviewDate: ISO_DAY(-3),
      version: 2,
    });
    expect(refused.statusCode).toBe(422);
    const completed = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/assessments/{aid}/complete', a, {
      typology: 'rejected',
      planActions: [{ action: 'Joint visit', owner: 'Police' }],
      nextReviewDate: ISO_DAY(30),
      version: 2,
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/assessments', c), 200);
    expect((await call('psychiatrist', 'GET', '/api/v1/cases/{id}/assessments/{aid}', a)).statusCode).toBe(
      200,
    );
    expect(
      (await call('psychiatrist', 'GET', '/api/v1/cases/{id}/assessments/{aid}/fhir', a)).statusCode,
    ).toBe(200);
    const addendum = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/assessments/{aid}/addenda', a, {
      body: 'The first contact was in October.',
    });
    expect(addendum.statusCode, addendum.body).toBe(201);

    // the intervention: templates, formulation, plan (after the completed assessment above),
    // outcome measures and discharge
    expectStatus(
      await call(
        'admin',
        'POST',
        '/api/v1/clinical-templates',
        {},
        readClinicalTemplate('formulation-template.json'),
      ),
      201,
    );
    const measure = await call(
      'admin',
      'POST',
      '/api/v1/clinical-templates',
      {},
      readClinicalTemplate('outcome-wellbeing-template.json'),
    );
    expectStatus(measure, 201);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/clinical-templates'), 200);
    const sections = [
      'presenting',
      'predisposing',
      'precipitating',
      'perpetuating',
      'protective',
      'function',
      'implications',
    ];
    const draft = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/formulation', c, {
      answers: Object.fromEntries(sections.map((s) => [s, `The ${s} section`])),
      expectedVersion: 0,
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/formulation/sign-off', c, {
        expectedVersion: 1,
        expectedRowVersion: 1,
      }),
      204,
    );
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/formulation/summary', c, {
        summary: 'Clear boundaries help',
      }),
      204,
    );
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/formulation', c), 200);
    const interventionPlan = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/intervention-plan', c, {
      goals: [{ area: 'wellbeing', goal: 'Better mood', measure: 'Wellbeing score' }],
      components: [
        {
          component: 'psychoeducation',
          leadId: users.psychiatrist!.id,
          frequency: 'Weekly',
          plannedSessions: 6,
        },
      ],
      reviewDate: ISO_DAY(30),
      rationale: 'Low mood maintains the rumination',
      expectedVersion: 0,
    });
    expect(interventionPlan.statusCode, interventionPlan.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/intervention-plan', c), 200);
    const score = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/outcome-measures', c, {
      templateId: (measure.json() as { id: string }).id,
      stage: 'pre',
      administeredOn: ISO_DAY(-1),
      answers: Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`q${n + 1}`, 2])),
    });
    expect(score.statusCode, score.body).toBe(201);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/outcome-measures', c), 200);
    // the score withdrawn as entered in error (issue 11), then again
    const withdrawnScore = { ...c, scoreId: (score.json() as { id: string }).id };
    for (const status of [204, 409])
      expectStatus(
        await call(
          'psychiatrist',
          'POST',
          '/api/v1/cases/{id}/outcome-measures/{scoreId}/withdrawal',
          withdrawnScore,
          { reason: 'Scored for another person' },
        ),
        status,
      );
    const discharge = await call('psychiatrist', 'POST', '/api/v1/cases/{id}/discharge', c, {
      kind: 'planned',
      reason: 'Completed the intervention',
      dischargedOn: ISO_DAY(0),
      letterTo: 'The referring officer',
      letter: 'He has completed the intervention.',
      summary: 'Insight improved',
    });
    expect(discharge.statusCode, discharge.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/discharge', c), 200);
    expectStatus(await call('officer', 'POST', '/api/v1/cases/{id}/discharge/agreements', c, {}), 204);
    // withdrawn as entered in error (the GET then lists it as withdrawn), then again; then the
    // right one recorded
    const dischargeWithdrawal = '/api/v1/cases/{id}/discharge/withdrawal';
    expectStatus(await call('psychiatrist', 'POST', dischargeWithdrawal, c, { reason: 'Wrong case' }), 204);
    expectStatus(await call('psychiatrist', 'POST', dischargeWithdrawal, c, { reason: 'Again' }), 409);
    expectStatus(await call('psychiatrist', 'GET', '/api/v1/cases/{id}/discharge', c), 200);
    expectStatus(
      await call('psychiatrist', 'POST', '/api/v1/cases/{id}/discharge', c, {
        kind: 'unplanned',
        unplannedReason: 'disengaged',
        reason: 'Stopped attending',
        dischargedOn: ISO_DAY(0),
        letterTo: 'The referring officer',
        letter: 'He has been discharged from the intervention.',
        summary: 'Disengaged',
      }),
      201,
    );

    // incidents and evidence (multipart upload, octet-stream download)
    const incident = await call('officer', 'POST', '/api/v1/cases/{id}/incidents', c, {
      occurredFrom: ISO_DAY(-2),
      behaviours: ['loitering'],
      reportedBy: 'police',
      caseVictimId: theCase.caseVictimId,
      description: 'Waiting outside the house',
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const i = { ...c, incidentId: (incident.json() as { id: string }).id };
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/incidents', c), 200);
    expect((await call('officer', 'GET', '/api/v1/cases/{id}/incidents/{incidentId}', i)).statusCode).toBe(
      200,
    );
    const upload = async (name: string, content: Buffer, type: string) => {
      const body = multipart({}, { name, content, type });
      const template = '/api/v1/cases/{id}/incidents/{incidentId}/evidence';
      return check(
        'POST',
        template,
        (await t.inject({
          method: 'POST',
          url: fill(template, i),
          headers: { authorization: tokens.officer!, 'content-type': body.contentType },
          payload: body.payload,
        })) as Response,
      );
    };
    const uploaded = await upload('notes.txt', Buffer.from('He was outside again'), 'text/plain');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect((await upload('photo.png', Buffer.from('not a picture'), 'image/png')).statusCode).toBe(422);
    const file = { ...i, fileId: (uploaded.json() as { id: string }).id };
    expect(
      (await call('officer', 'GET', '/api/v1/cases/{id}/incidents/{incidentId}/evidence/{fileId}', file))
        .statusCode,
    ).toBe(200);

    // corrections (issue 11): one, then the same on a stale version; the file withdrawn, then again;
    // another incident withdrawn
    const amendments = await call(
      'officer',
      'GET',
      '/api/v1/cases/{id}/incidents/{incidentId}/amendments',
      i,
    );
    expectStatus(amendments, 200);
    const amendment = {
      version: (amendments.json() as { version: number }).version,
      reason: 'The victim gave the date again',
      incident: {
        occurredFrom: ISO_DAY(-3),
        behaviours: ['loitering'],
        reportedBy: 'police',
        caseVictimId: theCase.caseVictimId,
        description: 'Waiting outside the house',
      },
    };
    const amended = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/incidents/{incidentId}/amendments',
      i,
      amendment,
    );
    expect(amended.statusCode, amended.body).toBe(201);
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/incidents/{incidentId}/amendments', i, amendment),
      409,
    );
    const withdrawFile = () =>
      call(
        'officer',
        'POST',
        '/api/v1/cases/{id}/incidents/{incidentId}/evidence/{fileId}/withdrawal',
        file,
        {
          reason: 'Uploaded to the wrong incident',
        },
      );
    expectStatus(await withdrawFile(), 204);
    expectStatus(await withdrawFile(), 409);
    const twice = await call('officer', 'POST', '/api/v1/cases/{id}/incidents', c, {
      occurredFrom: ISO_DAY(-2),
      behaviours: ['loitering'],
      reportedBy: 'police',
      description: 'Waiting outside the house (recorded twice)',
    });
    expect(twice.statusCode, twice.body).toBe(201);
    const t2 = { ...c, incidentId: (twice.json() as { id: string }).id };
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/incidents/{incidentId}/withdrawal', t2, {
        reason: 'Recorded twice',
      }),
      204,
    );
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/incidents/{incidentId}/withdrawal', t2, {
        reason: 'Again',
      }),
      409,
    );

    // orders (issue 13): another protected person, an SPO, a variation, a breach, notifications
    const person = await call('advocate', 'POST', '/api/v1/cases/{id}/protected-people', c, {
      name: 'Tom Ellery',
      relationship: 'her colleague',
    });
    expect(person.statusCode, person.body).toBe(201);
    expectStatus(await call('advocate', 'GET', '/api/v1/cases/{id}/protected-people', c), 200);
    const order = await call('officer', 'POST', '/api/v1/cases/{id}/orders', c, {
      kind: 'spo',
      issuingBody: 'Portsmouth Magistrates’ Court',
      madeOn: ISO_DAY(-20),
      startsOn: ISO_DAY(-20),
      untilFurtherOrder: true,
      protectedCaseVictimIds: [theCase.caseVictimId],
      protectedContactIds: [(person.json() as { id: string }).id],
      conditions: [
        { kind: 'prohibition', text: 'No contact with the victim' },
        {
          kind: 'positive_requirement',
          text: 'Attend an assessment',
          interventionRef: 'Programme assessment',
        },
      ],
    });
    expect(order.statusCode, order.body).toBe(201);
    const o = { ...c, orderId: (order.json() as { id: string }).id };
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/orders', c), 200);
    const shown = await call('officer', 'GET', '/api/v1/cases/{id}/orders/{orderId}', o);
    expect(shown.statusCode, shown.body).toBe(200);
    const detail = shown.json() as { conditions: { id: string }[]; notifications: { id: string }[] };
    const varied = await call('officer', 'POST', '/api/v1/cases/{id}/orders/{orderId}/events', o, {
      kind: 'varied',
      occurredOn: ISO_DAY(-10),
      addConditions: [{ kind: 'prohibition', text: 'Not to enter the street' }],
      victimView: 'She supports the change',
    });
    expect(varied.statusCode, varied.body).toBe(201);
    const breach = await call('officer', 'POST', '/api/v1/cases/{id}/orders/{orderId}/breaches', o, {
      conditionId: detail.conditions[0]!.id,
      occurredOn: ISO_DAY(-2),
      cameToLight: 'victim',
      incidentIds: [i.incidentId],
      action: 'arrest',
      description: 'Sent her a message',
    });
    expect(breach.statusCode, breach.body).toBe(201);
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/breaches', c), 200);
    const withdrawn = { ...o, recordId: (breach.json() as { id: string }).id };
    const breachWithdrawal = '/api/v1/cases/{id}/orders/{orderId}/breaches/{recordId}/withdrawal';
    expectStatus(await call('officer', 'POST', breachWithdrawal, withdrawn, { reason: 'Wrong order' }), 204);
    expectStatus(await call('officer', 'POST', breachWithdrawal, withdrawn, { reason: 'Again' }), 409);
    const change = await call('officer', 'POST', '/api/v1/cases/{id}/orders/{orderId}/notifications', o, {
      trigger: 'change_of_address',
      triggerOn: ISO_DAY(-1),
    });
    expect(change.statusCode, change.body).toBe(201);
    const notified = await call(
      'officer',
      'POST',
      '/api/v1/cases/{id}/orders/{orderId}/notifications/{notificationId}/notified',
      { ...o, notificationId: detail.notifications[0]!.id },
      { notifiedOn: ISO_DAY(-19) },
    );
    expect(notified.statusCode, notified.body).toBe(204);
    // a condition and a change withdrawn as entered in error, then the order itself; each again
    for (const [path, r] of [
      [
        '/api/v1/cases/{id}/orders/{orderId}/conditions/{recordId}/withdrawal',
        { ...o, recordId: detail.conditions[1]!.id },
      ],
      [
        '/api/v1/cases/{id}/orders/{orderId}/events/{recordId}/withdrawal',
        { ...o, recordId: (varied.json() as { id: string }).id },
      ],
      ['/api/v1/cases/{id}/orders/{orderId}/withdrawal', o],
    ] as const) {
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Recorded in error' }), 204);
      expectStatus(await call('officer', 'POST', path, r, { reason: 'Again' }), 409);
    }

    // the multi-agency meeting and actions (issue 15)
    expectStatus(
      await call(
        'coordinator',
        'POST',
        '/api/v1/meetings/quorum',
        {},
        { siteId: site.id, quorumKinds: ['police'] },
      ),
      204,
    );
    const scheduled = await call(
      'coordinator',
      'POST',
      '/api/v1/meetings',
      {},
      {
        siteId: site.id,
        date: ISO_DAY(3),
        time: '10:00',
        recurrence: 'none',
        minuteTakerId: users.officer!.id,
        invitedUserIds: [users.psychiatrist!.id],
      },
    );
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const mt = { meetingId: (scheduled.json() as { id: string }).id };
    expectStatus(await call('coordinator', 'GET', '/api/v1/meetings', {}), 200);
    const onAgenda = await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/agenda', mt, {
      reference: theCase.reference,
    });
    expect(onAgenda.statusCode, onAgenda.body).toBe(201);
    const it2 = { ...mt, itemId: (onAgenda.json() as { id: string }).id };
    const second = await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/agenda', mt, {
      caseId: otherCase.caseId,
    });
    expect(second.statusCode).toBe(422);
    const extraCase = await t.seedCase({ site, createdBy: users.officer!.id, team: [users.officer!.id] });
    const extra = await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/agenda', mt, {
      caseId: extraCase.caseId,
    });
    expect(extra.statusCode, extra.body).toBe(201);
    const extraItem = { ...mt, itemId: (extra.json() as { id: string }).id };
    expectStatus(
      await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/agenda/{itemId}/move', extraItem, {
        direction: 'up',
      }),
      204,
    );
    expectStatus(
      await call('coordinator', 'DELETE', '/api/v1/meetings/{meetingId}/agenda/{itemId}', extraItem),
      204,
    );
    const shownMeeting = await call('coordinator', 'GET', '/api/v1/meetings/{meetingId}', mt);
    expect(shownMeeting.statusCode, shownMeeting.body).toBe(200);
    const pack = await call('coordinator', 'GET', '/api/v1/meetings/{meetingId}/pack', mt);
    expect(pack.statusCode).toBe(200);
    expect(pack.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const mv = (shownMeeting.json() as { version: number }).version;
    expectStatus(
      await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/attendance', mt, {
        version: mv,
        entries: [
          { userId: users.coordinator!.id, attendance: 'present' },
          { userId: users.officer!.id, attendance: 'present' },
          { userId: users.psychiatrist!.id, attendance: 'apologies' },
        ],
      }),
      204,
    );
    const minutes = await call('officer', 'PUT', '/api/v1/meetings/{meetingId}/items/{itemId}', it2, {
      version: 1,
      discussion: 'Discussed',
      voiceReason: 'Not reached this week',
      agreedRisk: 'moderate',
      riskRationale: 'Stable',
      decision: 'accept',
    });
    expect(minutes.statusCode, minutes.body).toBe(204);
    expectStatus(
      await call('officer', 'PUT', '/api/v1/meetings/{meetingId}/items/{itemId}', it2, {
        version: 1,
        voiceReason: 'Not reached',
      }),
      409,
    );
    const meetingAction = await call(
      'coordinator',
      'POST',
      '/api/v1/meetings/{meetingId}/items/{itemId}/actions',
      it2,
      {
        description: 'Review the bail conditions',
        ownerUserId: users.officer!.id,
        dueOn: ISO_DAY(10),
      },
    );
    expect(meetingAction.statusCode, meetingAction.body).toBe(201);
    const approved = await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/approve', mt, {
      version: mv + 1,
    });
    expect(approved.statusCode, approved.body).toBe(204);
    expectStatus(
      await call('coordinator', 'POST', '/api/v1/meetings/{meetingId}/approve', mt, { version: mv + 2 }),
      409,
    );
    expectStatus(
      await call('officer', 'POST', '/api/v1/meetings/{meetingId}/items/{itemId}/addenda', it2, {
        body: 'Later news',
      }),
      201,
    );
    const caseAction = await call('officer', 'POST', '/api/v1/cases/{id}/actions', c, {
      description: 'Obtain the phone download',
      ownerAgencyId: site.agencies.police,
      dueOn: ISO_DAY(5),
    });
    expect(caseAction.statusCode, caseAction.body).toBe(201);
    const ca = { ...c, actionId: (caseAction.json() as { id: string }).id };
    expectStatus(await call('officer', 'GET', '/api/v1/cases/{id}/actions', c), 200);
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/actions/{actionId}/status', ca, {
        status: 'done',
        version: 1,
      }),
      204,
    );
    expectStatus(
      await call('officer', 'POST', '/api/v1/cases/{id}/actions/{actionId}/status', ca, {
        status: 'open',
        version: 1,
      }),
      409,
    );
    expectStatus(await call('officer', 'GET', '/api/v1/actions', {}), 200);
    expectStatus(await call('coordinator', 'GET', '/api/v1/actions/overdue', {}), 200);
    // an action and a meeting item (with its actions) withdrawn as entered in error, then again
    for (const [path, params] of [
      ['/api/v1/cases/{id}/actions/{actionId}/withdrawal', ca],
      ['/api/v1/cases/{id}/meetings/{meetingId}/items/{itemId}/withdrawal', { ...c, ...it2 }],
    ] as const) {
      expectStatus(await call('officer', 'POST', path, params, { reason: 'Recorded in error' }), 204);
      expectStatus(await call('officer', 'POST', path, params, { reason: 'Again' }), 409);
    }

    // break-glass by probation at the site, not on the case's team (the other site's case is not theirs)
    const glass = await call(
      'probation',
      'POST',
      '/api/v1/break-glass',
      {},
      {
        reference: theCase.reference,
        reasonCode: 'risk_to_life',
        reasonText: 'Call from the victim out of hours about a threat',
      },
    );
    expect(glass.statusCode, glass.body).toBe(201);
    expect(otherCase.caseId).not.toBe(theCase.caseId);

    // problems for every operation: no token (401); nothing there (404 or 400); not JSON (415);
    // a body that is not what the operation takes (400 or 422); a session cookie, not a token (401)
    for (const [template, operations] of Object.entries(doc.paths))
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
        expect(
          (
            await call(
              null,
              method,
              template,
              { ...c, ...i, ...file, ...a, ...v, siteId: site.id },
              hasBody ? {} : undefined,
            )
          ).statusCode,
        ).toBe(401);
        if (template.includes('{')) {
          const who =
            template.startsWith('/api/v1/admin') || template === '/api/v1/instruments' ? 'admin' : 'officer';
          const missing = await call(
            who,
            method,
            template,
            { code: 'no-such-tool', version: '9' },
            hasBody ? {} : undefined,
          );
          expect(missing.statusCode, `${method} ${template}`).toBeGreaterThanOrEqual(400);
          expect(missing.statusCode).toBeLessThan(500);
        }
        if (hasBody) {
          const params = {
            ...c,
            ...i,
            ...a,
            ...v,
            siteId: site.id,
            victimId: theCase.caseVictimId,
            caseVictimId: theCase.caseVictimId,
          };
          const notJson = check(
            method,
            template,
            (await t.inject({
              method: method as InjectOptions['method'],
              url: fill(template, params),
              headers: { authorization: tokens.officer!, 'content-type': 'text/plain' },
              payload: 'hello',
            })) as Response,
          );
          expect(notJson.statusCode, `${method} ${template}`).toBe(415);
          const wrong = await call('admin', method, template, params, { unexpected: [1, 2, 3] });
          expect(wrong.statusCode, `${method} ${template}`).toBeGreaterThanOrEqual(400);
          // a browser's session cookie: the API takes tokens only
          const session = await t.signIn(users.officer!.id);
          const cookie = check(
            method,
            template,
            (await t.inject({
              method: method as InjectOptions['method'],
              url: fill(template, params),
              headers: { cookie: session.cookie, 'content-type': 'application/json' },
              payload: '{}',
            })) as Response,
          );
          expect(cookie.statusCode, `${method} ${template}`).toBe(401);
        }
      }

    expect(contract.mismatches).toEqual([]);
    expect(contract.uncovered()).toEqual([]);
  });
});
