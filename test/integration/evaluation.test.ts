import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvaluationCohort } from '../../src/modules/evaluation/cohort-builder.js';
import * as evaluationRepo from '../../src/modules/evaluation/repository.js';
import { readCsvRows, reproduceReoffending } from '../../src/modules/evaluation/reproduce.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { readPdf } from '../support/pdf-text.js';
import { clientsFor } from '../support/client.js';
import { asUser, targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';

/**
 * Issue 16: the evaluation. Evaluators and national coordinators see every site's aggregates and
 * no identity; a site coordinator only their own sites; a research extract holds no names or
 * identifiers, satisfies k-anonymity, is recorded and audited as a disclosure, and reproduces the
 * published re-offending table exactly.
 */
const tokenOf = (html: string): string => /name="_once" value="([0-9a-f-]{36})"/.exec(html)![1]!;

describe.each(targets)('the evaluation on %s', (target) => {
  let t: TestApp;
  let north: TestSite;
  let south: TestSite;
  let evaluator: TestUser;
  let national: TestUser;
  let coordinator: TestUser;
  let clinician: TestUser;
  const clients = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    north = await t.seedSite({ name: 'Northshire' });
    south = await t.seedSite({ name: 'Southshire' });
    evaluator = await t.createUser({ role: 'evaluator', sites: [] });
    national = await t.createUser({ role: 'national_coordinator', sites: [] });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [north] });
    clinician = await t.createUser({ role: 'clinical_psychologist', sites: [north, south] });
    const advocate = await t.createUser({ role: 'stalking_advocate', sites: [north, south] });
    const instrument = await t.db.owner
      .insertInto('instrument')
      .values({ code: 'EVAL-SPJ', name: 'Test SPJ', tier: 'spj' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await t.db.owner
      .insertInto('instrument_version')
      .values({ instrument_id: instrument.id, version: 1, definition: JSON.stringify({}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const measure = await t.db.owner
      .insertInto('clinical_template')
      .values({
        kind: 'outcome_measure',
        code: 'EVAL-MEASURE',
        version: 1,
        name: 'Test wellbeing measure',
        definition: JSON.stringify({
          norms: {
            reliability: 0.85,
            clinical: { mean: 25, sd: 6 },
            functional: { mean: 12, sd: 5 },
            higherIsWorse: true,
            source: 'fictional',
          },
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.owner.transaction().execute(async (tx) => {
      for (const [site, prefix, count] of [
        [north, 'NTH', 60],
        [south, 'STH', 40],
      ] as const) {
        await buildEvaluationCohort(tx, {
          siteId: site.id,
          agencyId: site.agencies.police,
          createdBy: coordinator.id,
          clinicianId: clinician.id,
          advocateId: advocate.id,
          count,
          seed: count,
          spjVersionId: version.id,
          measureTemplateId: measure.id,
          referencePrefix: prefix,
          team: [clinician.id, advocate.id],
        });
      }
    });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const noIdentity = (body: string) => {
    expect(body).not.toMatch(/NTH-\d{4}|STH-\d{4}/);
    expect(body).not.toContain('Member NTH');
    expect(body).not.toContain('Victim STH');
    expect(body).not.toContain('Evalperson');
    expect(body).not.toContain('Evalvictim');
  };

  it('shows an evaluator every site’s report with its tables, chart data and method, and no identity', async () => {
    const page = await clients.get(evaluator, '/evaluation');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northshire');
    expect(page.body).toContain('Southshire');
    expect(page.body).toContain('Re-offending by 6, 12 and 24 months');
    expect(page.body).toContain('proportion without the event (Kaplan–Meier)');
    expect(page.body).toContain('Log-rank test between the 2 groups drawn');
    // the chart, drawn on the server, with rounded counts only: each number at risk in it a
    // multiple of 5, withheld ([c]) or hidden (–)
    expect(page.body).toContain('recolo-survival-chart');
    const atRisk = /<g class="recolo-chart__at-risk">([\s\S]*?)<\/g>/.exec(page.body)![1]!;
    const counts = [...atRisk.matchAll(/text-anchor="middle"[^>]*>([^<]*)</g)].map((m) => m[1]!);
    expect(counts.length).toBeGreaterThan(0);
    for (const shown of counts) expect(shown).toMatch(/^(\d*[05]|\[c\]|–)$/);
    // risk change and engagement are drawn too, each part labelled only with its published value
    const bars = [...page.body.matchAll(/<svg [^>]*recolo-bar-chart[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(bars.map((svg) => /<title id="([^"]+)"/.exec(svg)![1])).toEqual([
      'risk-change-chart-title',
      'engagement-chart-title',
    ]);
    for (const svg of bars)
      for (const [, v] of svg.matchAll(/fill="#ffffff">([^<]*)</g)) expect(v).toMatch(/^\d*[05]$/);
    expect(page.body).toContain('Number at risk');
    expect(page.body).toContain('Cox proportional hazards model');
    expect(page.body).toContain('Risk change from the first to the latest');
    expect(page.body).toContain('Staff time and cost by profession');
    expect(page.body).toContain('no comparison group is defined');
    noIdentity(page.body);
    const method = await clients.get(evaluator, '/evaluation/method');
    expect(method.statusCode).toBe(200);
    expect(method.body).toContain('Completed intervention');
    expect(method.body).toContain('Cases accepted for intervention and discharged as planned.');
  });

  it('gives a national coordinator the API with every count rounded, and no identity', async () => {
    const res = await (
      await clients.as(national)
    ).api('GET', `/api/v1/evaluation?cohort=accepted_intervention`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { tables: { key: string; rows: string[][] }[] };
    const cohorts = body.tables.find((x) => x.key === 'cohorts')!;
    for (const [, n] of cohorts.rows) expect(n === '0' || n === '[c]' || Number(n) % 5 === 0).toBe(true);
    noIdentity(res.body);
  });

  it('limits a site coordinator to their own site, whatever the filters ask', async () => {
    const page = await clients.get(coordinator, `/evaluation?sites=${south.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northshire');
    expect(page.body).not.toContain('Southshire');
    const api = await (await clients.as(coordinator)).api('GET', `/api/v1/evaluation?sites=${south.id}`);
    const all = await (await clients.as(evaluator)).api('GET', `/api/v1/evaluation?sites=${north.id}`);
    // the coordinator's figures are Northshire's, the same as an evaluator filtering to it
    expect(api.json().tables[0].rows).toEqual(all.json().tables[0].rows);
    expect((await clients.get(coordinator, '/evaluation/extracts')).statusCode).toBe(404);
  });

  it('downloads the whole report as a PDF with its survival chart, recorded as a disclosure', async () => {
    const pdf = await clients.get(evaluator, '/evaluation/report.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const read = await readPdf(pdf.rawPayload);
    // the chart is drawn (a tagged figure whose words are the legend and the number at risk), as on the page
    expect(read.structure.flat()).toContain('Figure');
    const chartPage = read.pages.find((p) => p.includes('Without the event'));
    expect(chartPage).toBeDefined();
    expect(read.pages.join(' ')).not.toContain('Evalperson');
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select('action')
      .where('user_id', '=', evaluator.id)
      .where('action', '=', 'evaluation.report.disclosed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses the report to someone who works on cases', async () => {
    expect((await clients.get(clinician, '/evaluation')).statusCode).toBe(404);
  });

  it('downloads a table as CSV, recorded as a disclosure', async () => {
    const csv = await clients.get(
      evaluator,
      `/evaluation/tables/reoffending.csv?sites=${north.id}&cohort=referred`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      'Outcome,Within,Cases followed that long,Cases with the event,Percentage',
    );
    noIdentity(csv.body);
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'details'])
      .where('user_id', '=', evaluator.id)
      .where('action', '=', 'evaluation.table.disclosed')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('makes a pseudonymised extract: recorded, audited, no identity, k-anonymous, and it reproduces the published table', async () => {
    const client = await clients.as(evaluator);
    const form = await client.get(`/evaluation/extracts?sites=${north.id}&cohort=referred`);
    expect(form.statusCode).toBe(200);
    const refused = await client.post('/evaluation/extracts', {
      _once: tokenOf(form.body),
      purpose: '',
      agreementReference: 'DSA-2026-01',
      k: '5',
      sites: north.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter why the extract is needed');
    const made = await client.post('/evaluation/extracts', {
      _once: tokenOf(refused.body),
      purpose: 'Re-offending study',
      agreementReference: 'DSA-2026-01',
      k: '5',
      sites: north.id,
      start: 'referral',
    });
    expect(made.statusCode).toBe(303);
    const record = await t.db.owner
      .selectFrom('evaluation_extract')
      .selectAll()
      .where('requested_by', '=', evaluator.id)
      .executeTakeFirstOrThrow();
    expect(record.agreement_reference).toBe('DSA-2026-01');
    expect(record.site_ids).toEqual([north.id]);
    expect(record.event_rows.cases).toBeGreaterThan(0);

    const cases = await client.get(`/evaluation/extracts/${record.id}/cases.csv`);
    expect(cases.statusCode).toBe(200);
    noIdentity(cases.body);
    const [header, ...rows] = readCsvRows(cases.body);
    expect(header).toContain('pseudonym');
    expect(rows.length + record.event_rows.withheld!).toBe(60);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    // k-anonymity over site, age band, typology and risk at entry
    const classes = new Map<string, number>();
    for (const r of rows) {
      const key = [1, 2, 3, 4].map((i) => r[i]).join('|');
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    for (const n of classes.values()) expect(n).toBeGreaterThanOrEqual(5);
    const pseudonyms = new Set(rows.map((r) => r[0]));
    for (const file of ['offences', 'sessions', 'risk_ratings', 'outcome_measures', 'breaches'] as const) {
      const res = await client.get(`/evaluation/extracts/${record.id}/${file}.csv`);
      expect(res.statusCode, file).toBe(200);
      noIdentity(res.body);
      // streamed a batch at a time, and whole: as many rows as the record counted, every one a kept case's
      const [, ...events] = readCsvRows(res.body);
      expect(events.length, file).toBe(record.event_rows[file]);
      for (const e of events) expect(pseudonyms.has(e[0])).toBe(true);
    }
    expect(record.event_rows.sessions).toBeGreaterThan(0);
    const dictionary = await client.get(`/evaluation/extracts/${record.id}/dictionary.md`);
    expect(dictionary.body).toContain('k = 5');

    const audits = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'record_id'])
      .where('user_id', '=', evaluator.id)
      .where('action', 'in', ['evaluation.extract.created', 'evaluation.extract.disclosed'])
      .execute();
    expect(audits.filter((a) => a.action === 'evaluation.extract.created')).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'evaluation.extract.disclosed').length).toBe(7);

    // another user cannot download this extract
    expect((await clients.get(national, `/evaluation/extracts/${record.id}/cases.csv`)).statusCode).toBe(404);

    // nothing withheld (rare combinations coarsened instead), so the published table is reproduced exactly
    expect(record.event_rows.withheld).toBe(0);
    expect(record.event_rows.coarsened).toBeGreaterThan(0);
    const published = await client.get(
      `/evaluation/tables/reoffending.csv?sites=${north.id}&cohort=referred`,
    );
    expect(reproduceReoffending(cases.body, 'referred')).toBe(published.body);
    expect(published.body.split('\r\n').length).toBeGreaterThan(12);
  });

  it('loads a site coordinator’s cases once, of their own sites only, and the cohort keeps no other case, whatever ids are sent', async () => {
    const southCases = (
      await t.db.owner.selectFrom('cases').select('id').where('site_id', '=', south.id).execute()
    ).map((c) => c.id);
    await asUser(t.db, coordinator.id, async (tx) => {
      const now = new Date();
      const loaded = await evaluationRepo.caseRows(tx, [north.id, south.id], null, null, now);
      expect(loaded).toHaveLength(60);
      expect(loaded.every((c) => c.siteId === north.id)).toBe(true);
      const sent = [...southCases, ...loaded.slice(0, 5).map((c) => c.caseId)];
      expect(
        await evaluationRepo.useCohort(
          tx,
          sent.map((caseId) => ({ caseId, start: null })),
        ),
      ).toBe(5);
      // the event tables come a batch at a time, in case order, and only for the cohort's cases
      const batches: number[] = [];
      const seen = new Set<string>();
      for await (const batch of evaluationRepo.events(tx, 'sessions', now, 3)) {
        batches.push(batch.length);
        for (const e of batch) seen.add(e.caseId);
      }
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.slice(0, -1).every((n) => n === 3)).toBe(true);
      expect([...seen].every((id) => loaded.slice(0, 5).some((c) => c.caseId === id))).toBe(true);
      expect((await evaluationRepo.eventCounts(tx, now)).sessions).toBe(batches.reduce((a, n) => a + n, 0));
    });
    // the loaded cases belong to the functions' owner: the request role can neither read nor fill them
    await expect(
      asUser(t.db, coordinator.id, async (tx) => {
        await evaluationRepo.caseRows(tx, [north.id], null, null, new Date());
        await sql`select count(*) from pg_temp.evaluation_case`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(t.db, coordinator.id, async (tx) => {
        await evaluationRepo.caseRows(tx, [north.id], null, null, new Date());
        await sql`insert into pg_temp.evaluation_case (case_id) values (${southCases[0]}::uuid)`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it('lets the national coordinator change the cost rates, refusing a stale save and a bad amount', async () => {
    const client = await clients.as(national);
    const page = await client.get('/evaluation/rates');
    expect(page.statusCode).toBe(200);
    const version = /name="version_clinical_psychologist" value="(\d+)"/.exec(page.body)![1]!;
    const form = (once: string, amount: string, v = version) => {
      const fields: Record<string, string> = { _once: once };
      for (const m of page.body.matchAll(/name="(rate_[a-z_]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
      for (const m of page.body.matchAll(/name="(version_[a-z_]+)" value="(\d+)"/g)) fields[m[1]!] = m[2]!;
      fields.rate_clinical_psychologist = amount;
      fields.version_clinical_psychologist = v;
      return fields;
    };
    const bad = await client.post('/evaluation/rates', form(tokenOf(page.body), 'seventy'));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the hourly rate in pounds');
    const saved = await client.post('/evaluation/rates', form(tokenOf(bad.body), '72.50'));
    expect(saved.statusCode).toBe(303);
    const rate = await t.db.owner
      .selectFrom('evaluation_hourly_rate')
      .selectAll()
      .where('profession', '=', 'clinical_psychologist')
      .executeTakeFirstOrThrow();
    expect(rate.pence_per_hour).toBe(7250);
    const again = await client.get('/evaluation/rates');
    const stale = await client.post('/evaluation/rates', form(tokenOf(again.body), '80.00', version));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed the rate for Clinical psychologist');
    expect((await clients.get(evaluator, '/evaluation/rates')).statusCode).toBe(404);
  });
});
