import { foldName } from '../../../src/platform/names.js';
import { createHash, randomUUID } from 'node:crypto';
import {
  victimContactAmendmentContext,
  victimContactContext,
} from '../../../src/platform/crypto/contexts.js';
import { encryptJson } from '../../../src/platform/crypto/envelope.js';
import { readTemplate } from '../../../src/modules/instruments/templates.js';
import { readClinicalTemplate } from '../../../src/modules/treatment/templates.js';
import { OUTCOME_TEMPLATE_ID } from '../../../src/modules/treatment/leak.js';
import { caseRows, type VictimSpec as BuiltVictim } from '../../../src/demo/case-builder.js';
import { insertCaseRows } from '../../../src/demo/insert-rows.js';
import type { TestApp } from '../app.js';
import type { TestSite } from '../fixtures.js';
import type { WorldSpec } from './generator.js';
import {
  indexWorld,
  type RecordKind,
  type WCase,
  type WGrant,
  type World,
  type WRecord,
  type WSite,
  type WUser,
} from './world.js';

const FAMILY_NAMES = ['Hale', 'Okafor', 'Brennan', 'Lindqvist', 'Patel', 'Moreau', 'Dunmore', 'Achterberg'];
const AGENCY_OF: Record<string, keyof TestSite['agencies'] | undefined> = {
  stalking_coordinator: 'police',
  investigating_officer: 'police',
  probation_practitioner: 'probation',
  forensic_psychiatrist: 'health',
  clinical_psychologist: 'health',
  forensic_psychologist: 'health',
  occupational_therapist: 'health',
  stalking_advocate: 'victim_service',
  site_coordinator: 'programme',
};
const HOUR = 3_600_000;

/**
 * Writes a generated world with the owner connection (as the CLI and demo seed do), giving every
 * record a unique marker: a person's given name is `Marker<hex>`, a text field carries
 * `LEAK-<hex>`, a case is known by its reference. Victims' contact details are encrypted exactly
 * as the application encrypts them, so those who may read them see them decrypted.
 */
export async function seedWorld(t: TestApp, spec: WorldSpec): Promise<World> {
  let counter = 0;
  const hex = () =>
    createHash('sha256')
      .update(`${spec.nonce}:${(counter += 1)}`)
      .digest('hex')
      .slice(0, 10);
  const textMarker = () => `LEAK-${hex()}`;
  const owner = t.db.owner;

  const testSites: TestSite[] = [];
  for (let i = 0; i < 2; i += 1) testSites.push(await t.seedSite());
  const sites: WSite[] = testSites.map((s) => ({ id: s.id, code: s.code, name: s.name }));

  // users straight into the tables: the test signs them in by writing sessions, so no password
  // hashing is needed (createUser's argon2 would cost seconds per world for nothing)
  const users: WUser[] = spec.users.map((u, index) => ({
    id: randomUUID(),
    index,
    role: u.role,
    siteIds: u.sites.map((s) => sites[s]!.id),
    name: `Leak tester ${index + 1} (${u.role.replace(/_/g, ' ')})`,
  }));
  const caseSpecs = spec.cases;
  const cases: WCase[] = [];
  const grants: WGrant[] = [];
  const records: WRecord[] = [];
  const victimPersons: string[] = [];
  const personCases = new Map<string, string[]>();
  const personMarker = new Map<string, string>();
  // a person on a case only as a victim withdrawn as entered in error: their case_victim id
  const withdrawnVictimOf = new Map<string, string>();
  const linkPerson = (personId: string, caseId: string) => {
    const list = personCases.get(personId) ?? [];
    list.push(caseId);
    personCases.set(personId, list);
  };

  // the core rows' times, as the database's now() gave them before the case builder: one per world
  const seededAt = new Date();
  await owner.transaction().execute(async (tx) => {
    await tx
      .insertInto('app_user')
      .values(
        users.map((u) => {
          const kind = AGENCY_OF[u.role];
          const first = testSites.find((s) => s.id === u.siteIds[0]);
          return {
            id: u.id,
            email: `leak.${u.index + 1}.${u.id.slice(0, 8)}@example.test`,
            display_name: u.name,
            role: u.role,
            agency_id: kind && first ? first.agencies[kind] : null,
            password_hash: 'not-used: sessions are written by the test',
            totp_secret: null,
            totp_enrolled_at: new Date(),
          };
        }),
      )
      .execute();
    const memberships = users.flatMap((u) => u.siteIds.map((siteId) => ({ user_id: u.id, site_id: siteId })));
    await tx.insertInto('user_site').values(memberships).execute();
    // every user wants an e-mail of a domain raised to high: each alert below queues an outbox row
    await tx
      .insertInto('notification_setting')
      .values(
        users.map((u) => ({ user_id: u.id, email_kinds: ['domain_raised_to_high'], updated_at: seededAt })),
      )
      .execute();
    for (const u of users)
      records.push({ kind: 'notification_setting', id: u.id, caseIds: [], marker: null, userId: u.id });

    // the structured professional judgement template, published as an administrator would: every
    // case's risk assessments are made with it (reference data, not case data)
    const spj = readTemplate('spj-template.json') as { code: string; name: string; tier: 'spj' };
    const instrument = await tx
      .insertInto('instrument')
      .values({ code: spj.code, name: spj.name, tier: spj.tier })
      .returning('id')
      .executeTakeFirstOrThrow();
    const instrumentVersion = await tx
      .insertInto('instrument_version')
      .values({
        instrument_id: instrument.id,
        version: 1,
        definition: JSON.stringify(spj),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // the formulation template and an outcome measure, published as an administrator would
    // (reference data); the measure by a fixed id the catalogue's form call names
    const formulationTemplate = await tx
      .insertInto('clinical_template')
      .values({
        kind: 'formulation',
        code: 'recolo-formulation-template',
        version: 1,
        name: 'Formulation template',
        definition: JSON.stringify(readClinicalTemplate('formulation-template.json')),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcomeTemplate = await tx
      .insertInto('clinical_template')
      .values({
        id: OUTCOME_TEMPLATE_ID,
        kind: 'outcome_measure',
        code: 'recolo-wellbeing-template',
        version: 1,
        name: 'Wellbeing template',
        definition: JSON.stringify(readClinicalTemplate('outcome-wellbeing-template.json')),
        is_template: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // one multi-agency meeting per site (issue 15), held, with an item for each of the site's cases
    const meetingOfSite = new Map<string, string>();
    for (const [n, spec] of caseSpecs.entries()) {
      const site = testSites[spec.site]!;
      const author = users.find((u) => u.role === 'site_coordinator' && u.siteIds.includes(site.id))!;
      const caseId = randomUUID();
      const reference = `${site.code}-${String(100_001 + n * 37).padStart(6, '0')}`;
      const subjectId = randomUUID();
      const subjectMarker = `Marker${hex()}`;
      personMarker.set(subjectId, subjectMarker);
      linkPerson(subjectId, caseId);
      const team = spec.team.map((i) => users[i]!.id);
      const referral = textMarker();
      const offenceMarkers = Array.from({ length: spec.offences }, () => textMarker());
      const eventMarkers = Array.from({ length: spec.statusEvents }, () => textMarker());
      const path = ['referred', spec.status];

      // a victim is a new person, or (`reuse`) one already a victim on an earlier case
      const victims: BuiltVictim[] = [];
      for (const v of spec.victims) {
        let victimId: string | undefined;
        if (v.reuse !== null && victimPersons.length) {
          const candidate = victimPersons[v.reuse % victimPersons.length]!;
          if (!(personCases.get(candidate) ?? []).includes(caseId)) victimId = candidate;
        }
        if (victimId) victims.push({ person: { existing: victimId }, relationship: v.relationship });
        else {
          victimId = randomUUID();
          const m = `Marker${hex()}`;
          personMarker.set(victimId, m);
          victims.push({
            person: {
              id: victimId,
              given: m,
              family: FAMILY_NAMES[(n + 3 + victimPersons.length) % FAMILY_NAMES.length]!,
            },
            relationship: v.relationship,
          });
          victimPersons.push(victimId);
        }
        linkPerson(victimId, caseId);
      }

      const rows = caseRows({
        id: caseId,
        siteId: site.id,
        reference,
        createdBy: author.id,
        createdAt: seededAt,
        updatedAt: new Date(Date.now() - n * 60_000),
        subject: {
          id: subjectId,
          given: subjectMarker,
          family: FAMILY_NAMES[n % FAMILY_NAMES.length]!,
          dateOfBirth: `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`,
        },
        investigationStatus: spec.investigationStatus,
        status: spec.status,
        acceptedMode: spec.acceptedMode,
        referral: {
          agencyId: site.agencies.police,
          referrerName: 'Pat Referrer',
          reason: `${referral} repeated unwanted contact`,
          consent: 'given',
        },
        offences: offenceMarkers.map((m, i) => ({
          code: i === 0 ? 'pha_s2a' : 'pha_s4a',
          description: `${m} course of conduct`,
        })),
        statusEvents: eventMarkers.map((m, i) => {
          const to = i === 0 ? 'referred' : path[1]!;
          return {
            from: i === 0 ? null : 'referred',
            to,
            acceptedMode: to === 'accepted' ? spec.acceptedMode : null,
            reason: `${m} decided at panel`,
          };
        }),
        victims,
        team,
      });
      await insertCaseRows(tx, [rows]);

      const caseVictimIds = rows.case_victim.map((cv) => cv.id);
      cases.push({
        id: caseId,
        reference,
        siteId: site.id,
        status: spec.status,
        subjectId,
        caseVictimIds,
        team,
      });
      records.push({ kind: 'case', id: caseId, caseIds: [caseId], marker: reference });
      records.push({ kind: 'referral', id: rows.referral[0]!.id, caseIds: [caseId], marker: referral });
      rows.case_offence.forEach((o, i) =>
        records.push({ kind: 'case_offence', id: o.id, caseIds: [caseId], marker: offenceMarkers[i]! }),
      );
      rows.case_status_event.forEach((e, i) =>
        records.push({ kind: 'case_status_event', id: e.id, caseIds: [caseId], marker: eventMarkers[i]! }),
      );
      const investigation = textMarker();
      const ie = await tx
        .insertInto('investigation_status_event')
        .values({
          case_id: caseId,
          from_status: 'under_investigation',
          to_status: 'charged',
          effective_on: '2025-03-10',
          reason: `${investigation} charged at the magistrates' court`,
          by_user: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'investigation_status_event',
        id: ie.id,
        caseIds: [caseId],
        marker: investigation,
      });
      const amendment = textMarker();
      const pa = await tx
        .insertInto('person_amendment')
        .values({
          case_id: caseId,
          person_id: subjectId,
          // one person may be the subject of several cases: a version of their own each
          version_after: 2 + n,
          changes: JSON.stringify({ probationRef: { from: null, to: 'PR-1' } }),
          reason: `${amendment} checked against the probation record`,
          by_user: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({ kind: 'person_amendment', id: pa.id, caseIds: [caseId], marker: amendment });

      // corrections to what was recorded at referral (issue 11, migration 031): the referral, the
      // first offence and the first victim amended (each reason carries a marker; the versions
      // follow); the second offence, when there is one, withdrawn as entered in error
      const correctedAt = async (
        table: 'referral_amendment' | 'case_offence_amendment' | 'case_victim_amendment',
        recordId: string,
        changes: Record<string, { from: unknown; to: unknown }>,
      ) => {
        const m = textMarker();
        const row = await tx
          .insertInto(table)
          .values({
            case_id: caseId,
            record_id: recordId,
            version_after: 2,
            changes: JSON.stringify(changes),
            reason: `${m} checked against the police record`,
            by_user: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: table, id: row.id, caseIds: [caseId], marker: m, recordId });
      };
      const referralId = rows.referral[0]!.id;
      await correctedAt('referral_amendment', referralId, { consentNotes: { from: '', to: 'Asked again' } });
      await tx.updateTable('referral').set({ version: 2 }).where('id', '=', referralId).execute();
      const firstOffence = rows.case_offence[0]!.id;
      await correctedAt('case_offence_amendment', firstOffence, { code: { from: 'pha_s2', to: 'pha_s2a' } });
      await tx.updateTable('case_offence').set({ version: 2 }).where('id', '=', firstOffence).execute();
      const secondOffence = rows.case_offence[1];
      if (secondOffence) {
        await tx
          .updateTable('case_offence')
          .set({ withdrawn_at: new Date(), withdrawn_by: author.id, withdrawn_reason: 'Recorded twice' })
          .where('id', '=', secondOffence.id)
          .execute();
        records.find((r) => r.kind === 'case_offence' && r.id === secondOffence.id)!.withdrawn = true;
      }
      const firstVictim = caseVictimIds[0]!;
      await correctedAt('case_victim_amendment', firstVictim, {
        relationship: { from: 'work', to: 'stranger' },
      });
      await tx.updateTable('case_victim').set({ version: 2 }).where('id', '=', firstVictim).execute();
      // every third case: a victim added in error and withdrawn, a person of their own (their name a
      // marker) who is on the case only as withdrawn, with nothing else recorded for them
      if (n % 3 === 0) {
        const personId = randomUUID();
        const m = `Marker${hex()}`;
        await tx
          .insertInto('person')
          .values({
            id: personId,
            given_name: m,
            family_name: FAMILY_NAMES[(n + 7) % FAMILY_NAMES.length]!,
            search_name: foldName(`${m} ${FAMILY_NAMES[(n + 7) % FAMILY_NAMES.length]!}`),
            created_by: author.id,
          })
          .execute();
        const cv = await tx
          .insertInto('case_victim')
          .values({
            case_id: caseId,
            victim_id: personId,
            relationship: 'stranger',
            added_by: author.id,
            withdrawn_at: new Date(),
            withdrawn_by: author.id,
            withdrawn_reason: 'Added to the wrong case',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        personMarker.set(personId, m);
        linkPerson(personId, caseId);
        withdrawnVictimOf.set(personId, cv.id);
        records.push({ kind: 'case_victim', id: cv.id, caseIds: [caseId], marker: null });
      }

      for (const [k, v] of spec.victims.entries()) {
        const cv = { id: caseVictimIds[k]! };
        records.push({ kind: 'case_victim', id: cv.id, caseIds: [caseId], marker: null });

        const voice = textMarker();
        const vv = await tx
          .insertInto('victim_voice')
          .values({
            case_id: caseId,
            case_victim_id: cv.id,
            body: `${voice} wants the order to cover her workplace`,
            sharing: 'verbatim',
            recorded_on: '2025-03-14',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'victim_voice', id: vv.id, caseIds: [caseId], marker: voice });

        // what the victim asked not to be shared: for the advocate's eyes only
        const privateVoice = textMarker();
        const pv = await tx
          .insertInto('victim_voice')
          .values({
            case_id: caseId,
            case_victim_id: cv.id,
            body: `${privateVoice} is thinking of moving away`,
            sharing: 'not_shared',
            recorded_on: '2025-03-15',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'victim_voice',
          id: pv.id,
          caseIds: [caseId],
          marker: privateVoice,
          notShared: true,
        });

        // corrections to both (issue 11): the reasons carry markers; the private entry's history
        // is as private as the entry
        for (const [entry, notShared] of [
          [vv.id, false],
          [pv.id, true],
        ] as const) {
          const vm = textMarker();
          const va = await tx
            .insertInto('victim_voice_amendment')
            .values({
              case_id: caseId,
              record_id: entry,
              version_after: 2,
              changes: JSON.stringify({ topic: { from: 'other', to: 'own_safety' } }),
              reason: `${vm} she said it was about her safety`,
              by_user: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .updateTable('victim_voice')
            .set({ version: 2, topic: 'own_safety' })
            .where('id', '=', entry)
            .execute();
          records.push({
            kind: 'victim_voice_amendment',
            id: va.id,
            caseIds: [caseId],
            marker: vm,
            recordId: entry,
            ...(notShared ? { notShared } : {}),
          });
        }

        // an entry withdrawn as entered in error: off the list, still on its own page
        const withdrawnVoice = textMarker();
        const wv = await tx
          .insertInto('victim_voice')
          .values({
            case_id: caseId,
            case_victim_id: cv.id,
            body: `${withdrawnVoice} recorded for the wrong victim`,
            sharing: 'summarised',
            recorded_on: '2025-03-13',
            author_id: author.id,
            withdrawn_at: new Date(),
            withdrawn_by: author.id,
            withdrawn_reason: 'Recorded for the wrong victim',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'victim_voice',
          id: wv.id,
          caseIds: [caseId],
          marker: withdrawnVoice,
          withdrawn: true,
        });

        const plan = textMarker();
        const sp = await tx
          .insertInto('safety_plan')
          .values({
            case_id: caseId,
            case_victim_id: cv.id,
            version: 1,
            summary: `${plan} safe route to work agreed`,
            actions: JSON.stringify([
              { action: `${plan} panic alarm fitted`, owner: 'Advocate', reviewOn: '2026-02-01' },
            ]),
            review_date: '2026-02-01',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'safety_plan',
          id: sp.id,
          caseIds: [caseId],
          marker: plan,
          caseVictimId: cv.id,
        });

        if (v.contact) {
          const id = randomUUID();
          const m = textMarker();
          const sealed = encryptJson(
            t.app.keyring,
            victimContactContext({ id, case_id: caseId, case_victim_id: cv.id }),
            {
              address: `${m} Flat 2, 14 Orchard Row`,
              phone: '01632 960 123',
              email: `victim.${id.slice(0, 8)}@example.org`,
              safeContactNotes: `${m} weekday mornings only`,
            },
          );
          await tx
            .insertInto('victim_contact')
            .values({
              id,
              case_id: caseId,
              case_victim_id: cv.id,
              key_id: sealed.keyId,
              wrapped_key: sealed.wrappedKey,
              ciphertext: sealed.ciphertext,
              updated_by: author.id,
            })
            .execute();
          records.push({ kind: 'victim_contact', id, caseIds: [caseId], marker: m, caseVictimId: cv.id });
          // a correction to them (issue 11): the changed fields' names in the clear, their values
          // before and after sealed as the details are (migration 042); the reason and the earlier
          // value have a marker
          const cm = textMarker();
          const csealed = encryptJson(
            t.app.keyring,
            victimContactAmendmentContext({ record_id: id, case_id: caseId, version_after: 2 }),
            { phone: { from: `${cm} old phone`, to: '' } },
          );
          const ca = await tx
            .insertInto('victim_contact_amendment')
            .values({
              case_id: caseId,
              record_id: id,
              version_after: 2,
              changes: JSON.stringify({ phone: { from: null, to: null } }),
              reason: `${cm} she has a new phone`,
              by_user: author.id,
              key_id: csealed.keyId,
              wrapped_key: csealed.wrappedKey,
              ciphertext: csealed.ciphertext,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx.updateTable('victim_contact').set({ version: 2 }).where('id', '=', id).execute();
          records.push({
            kind: 'victim_contact_amendment',
            id: ca.id,
            caseIds: [caseId],
            marker: cm,
            caseVictimId: cv.id,
          });
          // ...and an earlier set withdrawn as entered in error (the details never shown again)
          {
            const wid = randomUUID();
            const wm = textMarker();
            const wsealed = encryptJson(
              t.app.keyring,
              victimContactContext({ id: wid, case_id: caseId, case_victim_id: cv.id }),
              { address: `${wm} another victim's address` },
            );
            await tx
              .insertInto('victim_contact')
              .values({
                id: wid,
                case_id: caseId,
                case_victim_id: cv.id,
                key_id: wsealed.keyId,
                wrapped_key: wsealed.wrappedKey,
                ciphertext: wsealed.ciphertext,
                updated_by: author.id,
                withdrawn_at: new Date(),
                withdrawn_by: author.id,
                withdrawn_reason: 'Another victim’s details',
              })
              .execute();
            records.push({
              kind: 'victim_contact',
              id: wid,
              caseIds: [caseId],
              marker: wm,
              caseVictimId: cv.id,
              withdrawn: true,
            });
          }

          const logMarker = textMarker();
          const log = await tx
            .insertInto('victim_contact_log')
            .values({
              case_id: caseId,
              case_victim_id: cv.id,
              contacted_on: '2025-03-16',
              method: 'phone',
              contact_with: 'the victim',
              summary: `${logMarker} called from her sister's number`,
              victim_updated: true,
              author_id: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          records.push({ kind: 'victim_contact_log', id: log.id, caseIds: [caseId], marker: logMarker });
          // a correction to it, and an entry withdrawn as entered in error (issue 11)
          const lm = textMarker();
          const la = await tx
            .insertInto('victim_contact_log_amendment')
            .values({
              case_id: caseId,
              record_id: log.id,
              version_after: 2,
              changes: JSON.stringify({ method: { from: 'phone', to: 'video_call' } }),
              reason: `${lm} it was a video call`,
              by_user: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .updateTable('victim_contact_log')
            .set({ version: 2, method: 'video_call' })
            .where('id', '=', log.id)
            .execute();
          records.push({
            kind: 'victim_contact_log_amendment',
            id: la.id,
            caseIds: [caseId],
            marker: lm,
            recordId: log.id,
          });
          const withdrawnLog = textMarker();
          const wl = await tx
            .insertInto('victim_contact_log')
            .values({
              case_id: caseId,
              case_victim_id: cv.id,
              contacted_on: '2025-03-17',
              method: 'letter',
              contact_with: 'the victim',
              summary: `${withdrawnLog} logged on the wrong case`,
              victim_updated: false,
              author_id: author.id,
              withdrawn_at: new Date(),
              withdrawn_by: author.id,
              withdrawn_reason: 'Logged on the wrong case',
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          records.push({
            kind: 'victim_contact_log',
            id: wl.id,
            caseIds: [caseId],
            marker: withdrawnLog,
            withdrawn: true,
          });
        }
      }

      // the course of conduct: incidents (one per offence), the first with an evidence file whose
      // name carries a marker (the row only: the leak test does not download files)
      for (let i = 0; i < spec.offences; i += 1) {
        const m = textMarker();
        const inc = await tx
          .insertInto('incident')
          .values({
            case_id: caseId,
            case_victim_id: caseVictimIds[i % caseVictimIds.length] ?? null,
            occurred_from: new Date(Date.UTC(2025, 1, 3 + i, 18, 30)),
            occurred_to: null,
            approximate: false,
            behaviours: i === 0 ? ['following', 'watching'] : ['contacting'],
            reported_by: i === 0 ? 'police' : 'victim_diary',
            description: `${m} waited outside her workplace`,
            import_batch: i === 0 ? null : `batch-${caseId.slice(0, 8)}`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'incident', id: inc.id, caseIds: [caseId], marker: m });
        if (i === 0) {
          const fm = textMarker();
          const ev = await tx
            .insertInto('evidence_file')
            .values({
              case_id: caseId,
              incident_id: inc.id,
              file_name: `${fm}-photo.png`,
              content_type: 'image/png',
              size_bytes: 1024,
              sha256: createHash('sha256').update(fm).digest('hex'),
              storage_key: `leak/${randomUUID()}`,
              uploaded_by: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          records.push({
            kind: 'evidence_file',
            id: ev.id,
            caseIds: [caseId],
            marker: fm,
            incidentId: inc.id,
          });
          // a correction to it (issue 11): the reason carries a marker; the incident's version follows
          const am = textMarker();
          const correction = await tx
            .insertInto('incident_amendment')
            .values({
              case_id: caseId,
              incident_id: inc.id,
              version_after: 2,
              changes: JSON.stringify({ reportedBy: { from: 'victim_diary', to: 'police' } }),
              reason: `${am} the report came through the police first`,
              by_user: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx.updateTable('incident').set({ version: 2 }).where('id', '=', inc.id).execute();
          records.push({
            kind: 'incident_amendment',
            id: correction.id,
            caseIds: [caseId],
            marker: am,
            incidentId: inc.id,
          });
        }
      }

      // orders (issue 13): an SPO with two conditions as made, a variation adding one (the victim's
      // view carries a marker), its notification requirement, a breach, and the people it protects:
      // the first victim, and another person whose details are victim-contact
      {
        const orderMarker = textMarker();
        const order = await tx
          .insertInto('court_order')
          .values({
            case_id: caseId,
            kind: 'spo',
            issuing_body: `${orderMarker} Magistrates' Court`,
            made_on: '2025-02-10',
            served_on: '2025-02-10',
            starts_on: '2025-02-10',
            ends_on: '2027-02-09',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'court_order', id: order.id, caseIds: [caseId], marker: orderMarker });
        const event = async (kind: string, on: string, victimView: string | null) => {
          const m = textMarker();
          const row = await tx
            .insertInto('court_order_event')
            .values({
              case_id: caseId,
              order_id: order.id,
              kind,
              occurred_on: on,
              victim_view: victimView ? `${m} ${victimView}` : null,
              notes: victimView ? '' : `${m} recorded at court`,
              created_by: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          records.push({
            kind: 'court_order_event',
            id: row.id,
            caseIds: [caseId],
            marker: m,
            orderId: order.id,
          });
          return row.id;
        };
        const made = await event('made', '2025-02-10', null);
        const varied = await event('varied', '2025-03-01', 'she supports the added condition');
        const conditionIds: string[] = [];
        for (const [i, addedBy] of [made, made, varied].entries()) {
          const m = textMarker();
          const row = await tx
            .insertInto('court_order_condition')
            .values({
              case_id: caseId,
              order_id: order.id,
              added_event_id: addedBy,
              kind: i === 2 ? 'positive_requirement' : 'prohibition',
              text: `${m} not to contact her`,
              intervention_ref: i === 2 ? 'programme intervention' : null,
              position: i,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          conditionIds.push(row.id);
          records.push({
            kind: 'court_order_condition',
            id: row.id,
            caseIds: [caseId],
            marker: m,
            orderId: order.id,
          });
        }
        const contactMarker = `Marker${hex()}`;
        const contact = await tx
          .insertInto('order_protected_contact')
          .values({
            case_id: caseId,
            name: `${contactMarker} Ellery`,
            relationship: 'her colleague',
            contact_details: '01632 960 456',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'order_protected_contact',
          id: contact.id,
          caseIds: [caseId],
          marker: contactMarker,
        });
        const protectedRows = await tx
          .insertInto('court_order_protected')
          .values([
            ...(caseVictimIds[0]
              ? [
                  {
                    case_id: caseId,
                    order_id: order.id,
                    case_victim_id: caseVictimIds[0],
                    protected_contact_id: null,
                  },
                ]
              : []),
            { case_id: caseId, order_id: order.id, case_victim_id: null, protected_contact_id: contact.id },
          ])
          .returning('id')
          .execute();
        for (const p of protectedRows)
          records.push({
            kind: 'court_order_protected',
            id: p.id,
            caseIds: [caseId],
            marker: null,
            orderId: order.id,
          });
        const notificationMarker = textMarker();
        const notification = await tx
          .insertInto('order_notification')
          .values({
            case_id: caseId,
            order_id: order.id,
            trigger: 'order',
            trigger_on: '2025-02-10',
            due_on: '2025-02-12',
            notes: `${notificationMarker} notified at the front desk`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'order_notification',
          id: notification.id,
          caseIds: [caseId],
          marker: notificationMarker,
          orderId: order.id,
        });
        const breachMarker = textMarker();
        const breach = await tx
          .insertInto('order_breach')
          .values({
            case_id: caseId,
            order_id: order.id,
            condition_id: conditionIds[0]!,
            occurred_on: '2025-03-10',
            came_to_light: 'victim',
            action: 'arrest',
            description: `${breachMarker} seen outside her home`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'order_breach',
          id: breach.id,
          caseIds: [caseId],
          marker: breachMarker,
          orderId: order.id,
        });
      }
      // court and offending, MAPPA and MARAC (core, issue 13): one of each, a marker in each text;
      // the MAPPA review date is past, so open cases are on the MAPPA reviews due of core readers
      const legal = async (kind: RecordKind, insert: (m: string) => Promise<{ id: string }>) => {
        const m = textMarker();
        const row = await insert(m);
        records.push({ kind, id: row.id, caseIds: [caseId], marker: m });
        return row.id;
      };
      const chargeId = await legal('court_charge', (m) =>
        tx
          .insertInto('court_charge')
          .values({
            case_id: caseId,
            classification: 'pha_s4a',
            wording: `${m} stalking causing serious alarm`,
            charged_on: '2025-01-10',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await legal('court_outcome', (m) =>
        tx
          .insertInto('court_outcome')
          .values({
            case_id: caseId,
            charge_id: chargeId,
            outcome: 'convicted',
            outcome_on: '2025-02-10',
            sentence_kind: 'suspended_sentence',
            sentence_months: 12,
            notes: `${m} restraining order made`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await legal('new_offence', (m) =>
        tx
          .insertInto('new_offence')
          .values({
            case_id: caseId,
            event_kind: 'arrest',
            classification: 'pha_s2a',
            offence_on: '2025-05-01',
            known_on: '2025-05-02',
            source_agency: 'police',
            details: `${m} seen at her gate`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await legal('mappa_record', (m) =>
        tx
          .insertInto('mappa_record')
          .values({
            case_id: caseId,
            category: 2,
            level: 2,
            starts_on: '2025-03-01',
            lead_agency: 'probation',
            next_review_on: '2025-06-01',
            notes: `${m} weekly probation contact`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      const maracId = await legal('marac_referral', (m) =>
        tx
          .insertInto('marac_referral')
          .values({
            case_id: caseId,
            referred_on: '2025-03-05',
            referring_agency: 'police',
            reason: `${m} high risk ex-partner stalking`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await legal('marac_meeting', (m) =>
        tx
          .insertInto('marac_meeting')
          .values({
            case_id: caseId,
            referral_id: maracId,
            meeting_on: '2025-03-20',
            outcome: `${m} safety plan agreed`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );

      const notes = async (
        kind: 'risk_plan' | 'clinical_note' | 'police_intelligence',
        count: number,
        insert: (m: string) => Promise<{ id: string }>,
      ) => {
        for (let i = 0; i < count; i += 1) {
          const m = textMarker();
          const row = await insert(m);
          records.push({ kind, id: row.id, caseIds: [caseId], marker: m });
        }
      };
      await notes('risk_plan', spec.riskPlans, (m) =>
        tx
          .insertInto('risk_plan')
          .values({
            case_id: caseId,
            risk_level: 'high',
            summary: `${m} exclusion zone and weekly contact`,
            next_review_date: '2026-01-31',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await notes('clinical_note', spec.clinicalNotes, (m) =>
        tx
          .insertInto('clinical_note')
          .values({ case_id: caseId, body: `${m} formulation session`, author_id: author.id })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await notes('police_intelligence', spec.intelligence, (m) =>
        tx
          .insertInto('police_intelligence')
          .values({
            case_id: caseId,
            body: `${m} seen near the address`,
            handling: 'police_only',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );

      // corrections (issue 11): the first clinical note and intelligence entry amended (the reason
      // carries a marker; the record's version follows), and one more of each withdrawn as entered
      // in error (its text and reason carry its marker): out of the lists, on its own page
      for (const kind of ['clinical_note', 'police_intelligence'] as const) {
        const first = records.find((r) => r.kind === kind && r.caseIds[0] === caseId)!;
        const am = textMarker();
        const amendment = await tx
          .insertInto(`${kind}_amendment`)
          .values({
            case_id: caseId,
            record_id: first.id,
            version_after: 2,
            changes: JSON.stringify({
              body: { from: `${first.marker} first draft`, to: `${first.marker} as corrected` },
            }),
            reason: `${am} the first draft named the wrong clinic`,
            by_user: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable(kind).set({ version: 2 }).where('id', '=', first.id).execute();
        records.push({
          kind: `${kind}_amendment`,
          id: amendment.id,
          caseIds: [caseId],
          marker: am,
          recordId: first.id,
        });
        const wm = textMarker();
        const withdrawn = await tx
          .insertInto(kind)
          .values({
            case_id: caseId,
            body: `${wm} entered on the wrong case`,
            ...(kind === 'police_intelligence' ? { handling: 'police_only' } : {}),
            author_id: author.id,
            withdrawn_at: new Date(),
            withdrawn_by: author.id,
            withdrawn_reason: `${wm} wrong case`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind, id: withdrawn.id, caseIds: [caseId], marker: wm, withdrawn: true });
      }

      // risk assessments (the risk compartment): one completed, with a rating of two domains (the
      // rationale carries the rating's marker), its own marker in the co-assessor, override reason
      // and plan, an addendum; and one draft. The review date is past, so every open case with
      // them is on the reviews-due list of those who read its risk.
      const completedAt = new Date(Date.now() - (n + 1) * 86_400_000);
      const assessment = textMarker();
      const done = await tx
        .insertInto('risk_assessment')
        .values({
          case_id: caseId,
          instrument_version_id: instrumentVersion.id,
          status: 'completed',
          assessor_id: author.id,
          co_assessor: `${assessment} (co-assessor)`,
          answers: JSON.stringify({}),
          typology: 'rejected',
          computed_band: 'moderate',
          override_band: 'high',
          override_reason: `${assessment} escalating since the order was served`,
          plan_actions: JSON.stringify([{ action: `${assessment} weekly contact`, owner: 'Probation' }]),
          next_review_date: '2025-06-01',
          started_at: new Date(completedAt.getTime() - HOUR),
          updated_at: completedAt,
          completed_at: completedAt,
          completed_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({ kind: 'risk_assessment', id: done.id, caseIds: [caseId], marker: assessment });
      for (const [domain, rating] of [
        ['violence', 'high'],
        ['persistence', 'moderate'],
      ] as const) {
        const m = textMarker();
        const rr = await tx
          .insertInto('risk_rating')
          .values({
            assessment_id: done.id,
            case_id: caseId,
            domain,
            rating,
            rationale: `${m} ${domain} rationale`,
            rated_by: author.id,
            rated_at: completedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'risk_rating', id: rr.id, caseIds: [caseId], marker: m, assessmentId: done.id });
      }
      const addendum = textMarker();
      const ad = await tx
        .insertInto('risk_assessment_addendum')
        .values({
          assessment_id: done.id,
          case_id: caseId,
          body: `${addendum} correction to the persistence rationale`,
          author_id: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'risk_assessment_addendum',
        id: ad.id,
        caseIds: [caseId],
        marker: addendum,
        assessmentId: done.id,
      });
      const draftMarker = textMarker();
      const draft = await tx
        .insertInto('risk_assessment')
        .values({
          case_id: caseId,
          instrument_version_id: instrumentVersion.id,
          status: 'draft',
          assessor_id: author.id,
          co_assessor: `${draftMarker} (co-assessor)`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'risk_assessment',
        id: draft.id,
        caseIds: [caseId],
        marker: draftMarker,
        draft: true,
      });

      // the intervention (issue 14): a signed-off formulation and the summary shared from it, a plan
      // with its clinical rationale, a pre score, and a discharge with its summary and one agency's
      // agreement to close
      {
        const fm = textMarker();
        const f = await tx
          .insertInto('formulation')
          .values({
            case_id: caseId,
            version: 1,
            template_id: formulationTemplate.id,
            answers: JSON.stringify({ presenting: `${fm} rejected after the relationship ended` }),
            typology: 'rejected',
            author_id: author.id,
            signed_off_by: author.id,
            signed_off_at: completedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'formulation', id: f.id, caseIds: [caseId], marker: fm });
        const sm = textMarker();
        const fs = await tx
          .insertInto('formulation_summary')
          .values({
            case_id: caseId,
            formulation_id: f.id,
            summary: `${sm} works best with routine`,
            shared_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'formulation_summary', id: fs.id, caseIds: [caseId], marker: sm });
        const pm = textMarker();
        const plan = await tx
          .insertInto('intervention_plan')
          .values({
            case_id: caseId,
            version: 1,
            risk_assessment_id: done.id,
            goals: JSON.stringify([
              {
                area: 'stalking_behaviour',
                goal: `${pm} no contact with the victim`,
                measure: 'Police reports',
              },
            ]),
            components: JSON.stringify([
              {
                component: 'psychoeducation',
                leadId: author.id,
                lead: author.name,
                frequency: 'Weekly',
                plannedSessions: 6,
              },
            ]),
            review_date: '2026-06-01',
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'intervention_plan', id: plan.id, caseIds: [caseId], marker: pm });
        const rm = textMarker();
        const rat = await tx
          .insertInto('intervention_plan_rationale')
          .values({
            case_id: caseId,
            plan_id: plan.id,
            rationale: `${rm} shame drives the contact`,
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'intervention_plan_rationale', id: rat.id, caseIds: [caseId], marker: rm });
        const om = textMarker();
        const score = await tx
          .insertInto('outcome_measure_score')
          .values({
            case_id: caseId,
            template_id: outcomeTemplate.id,
            stage: 'pre',
            administered_on: '2025-04-01',
            answers: JSON.stringify({}),
            score: 20,
            notes: `${om} low mood at baseline`,
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'outcome_measure_score', id: score.id, caseIds: [caseId], marker: om });
        const dm = textMarker();
        const dis = await tx
          .insertInto('discharge')
          .values({
            case_id: caseId,
            kind: 'planned',
            unplanned_reason: null,
            reason: `${dm} completed the programme`,
            discharged_on: '2025-09-01',
            letter_to: 'The referring officer',
            letter: `${dm} completed the programme; thank you for the referral.`,
            recorded_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'discharge', id: dis.id, caseIds: [caseId], marker: dm });
        const dsm = textMarker();
        const ds = await tx
          .insertInto('discharge_summary')
          .values({
            case_id: caseId,
            discharge_id: dis.id,
            summary: `${dsm} insight improved`,
            author_id: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'discharge_summary', id: ds.id, caseIds: [caseId], marker: dsm });
        const ag = await tx
          .insertInto('discharge_agreement')
          .values({
            case_id: caseId,
            discharge_id: dis.id,
            agency_id: site.agencies.police,
            agreed_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'discharge_agreement', id: ag.id, caseIds: [caseId], marker: null });
      }

      // the alert the completed assessment raised ("a domain raised to high alerts every member of
      // the case team"), worded as the application words it: with the case's reference
      // every case_team row is alerted, including a member no longer at the case's site (spec.team
      // can hold one): they must not see it (migrations/011_notification_access.sql)
      for (const userId of team) {
        const m = textMarker();
        const note = await tx
          .insertInto('notification')
          .values({
            user_id: userId,
            case_id: caseId,
            kind: 'domain_raised_to_high',
            message: `Case ${reference}: ${m} Violence was rated high in the assessment completed by ${author.name}.`,
            link: `/cases/${caseId}/assessments/${done.id}`,
            created_at: completedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'notification', id: note.id, caseIds: [caseId], marker: m, userId });
        const mail = await tx
          .selectFrom('notification_outbox')
          .select('id')
          .where('notification_id', '=', note.id)
          .executeTakeFirstOrThrow();
        records.push({ kind: 'notification_outbox', id: mail.id, caseIds: [caseId], marker: null, userId });
      }

      if (team.length) {
        for (const userId of team) {
          records.push({
            kind: 'case_team',
            id: `${caseId}:${userId}`,
            caseIds: [caseId],
            marker: null,
            userId,
          });
        }
      }

      // consultation and an intervention session (issue 14): the advice (core), a session just
      // past, not yet recorded, whose place carries its marker (core: attendance and appointments are the team's), its
      // clinicians (the health members of the team, whose diaries show it) and its clinical note
      const consultMarker = textMarker();
      const consult = await tx
        .insertInto('consultation')
        .values({
          case_id: caseId,
          requested_by: 'DC Leak, investigating officer',
          requesting_agency: 'Police',
          requested_on: '2025-03-20',
          question: `${consultMarker} how to approach the interview`,
          advice: 'Open questions about the relationship',
          author_id: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({ kind: 'consultation', id: consult.id, caseIds: [caseId], marker: consultMarker });
      const sessionMarker = textMarker();
      const clinicianIds = team.filter((id) =>
        [
          'forensic_psychiatrist',
          'clinical_psychologist',
          'forensic_psychologist',
          'occupational_therapist',
        ].includes(users.find((u) => u.id === id)!.role),
      );
      const session = await tx
        .insertInto('intervention_session')
        .values({
          case_id: caseId,
          // in the past, not yet recorded: on the clinicians' diaries as one to record
          starts_at: new Date(Date.now() - (n + 1) * 3_600_000),
          planned_minutes: 60,
          mode: 'clinic',
          place: `${sessionMarker} room`,
          component: 'individual_therapy',
          created_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'intervention_session',
        id: session.id,
        caseIds: [caseId],
        marker: sessionMarker,
        clinicianIds,
      });
      if (clinicianIds.length) {
        await tx
          .insertInto('intervention_session_clinician')
          .values(
            clinicianIds.map((userId) => ({
              session_id: session.id,
              case_id: caseId,
              user_id: userId,
              face_to_face_minutes: null,
              admin_minutes: null,
            })),
          )
          .execute();
        for (const userId of clinicianIds)
          records.push({
            kind: 'intervention_session_clinician',
            id: `${session.id}:${userId}`,
            caseIds: [caseId],
            marker: null,
            userId,
            sessionId: session.id,
          });
      }
      const sessionNote = textMarker();
      const sn = await tx
        .insertInto('intervention_session_note')
        .values({
          case_id: caseId,
          session_id: session.id,
          body: `${sessionNote} talked about the breakup`,
          author_id: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'intervention_session_note',
        id: sn.id,
        caseIds: [caseId],
        marker: sessionNote,
        sessionId: session.id,
      });
      // corrected once (the reason carries a marker), and another note withdrawn as entered in error
      const snAmendment = textMarker();
      const sna = await tx
        .insertInto('intervention_session_note_amendment')
        .values({
          case_id: caseId,
          record_id: sn.id,
          version_after: 2,
          changes: JSON.stringify({
            body: { from: `${sessionNote} first draft`, to: `${sessionNote} corrected` },
          }),
          reason: `${snAmendment} the first draft named the wrong session`,
          by_user: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.updateTable('intervention_session_note').set({ version: 2 }).where('id', '=', sn.id).execute();
      records.push({
        kind: 'intervention_session_note_amendment',
        id: sna.id,
        caseIds: [caseId],
        marker: snAmendment,
        recordId: sn.id,
        sessionId: session.id,
      });
      const snWithdrawn = textMarker();
      const snw = await tx
        .insertInto('intervention_session_note')
        .values({
          case_id: caseId,
          session_id: session.id,
          body: `${snWithdrawn} written for another person`,
          author_id: author.id,
          withdrawn_at: new Date(),
          withdrawn_by: author.id,
          withdrawn_reason: `${snWithdrawn} wrong person`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({
        kind: 'intervention_session_note',
        id: snw.id,
        caseIds: [caseId],
        marker: snWithdrawn,
        sessionId: session.id,
        withdrawn: true,
      });

      // an older entry in the case's access log, so the log has something of its own to show
      const auditMarker = textMarker();
      const a = await tx
        .insertInto('audit.event')
        .values({
          user_id: author.id,
          action: 'case.view',
          case_id: caseId,
          record_type: 'case',
          record_id: caseId,
          reason: `${auditMarker} panel preparation`,
          details: '{}',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      records.push({ kind: 'audit_event', id: String(a.id), caseIds: [caseId], marker: auditMarker });

      // the multi-agency meeting (issue 15): the case's item with its minutes (a marker in the
      // discussion), an addendum, and an action owned by the first of the team (else the author),
      // due in the past and open, so it is overdue
      {
        let meetingId = meetingOfSite.get(site.id);
        if (!meetingId) {
          const meeting = await tx
            .insertInto('meeting')
            .values({
              site_id: site.id,
              starts_at: new Date(Date.now() - 7 * 86_400_000),
              chair_id: author.id,
              status: 'minutes_draft',
              created_by: author.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          meetingId = meeting.id;
          meetingOfSite.set(site.id, meetingId);
        }
        const itemMarker = textMarker();
        const item = await tx
          .insertInto('meeting_item')
          .values({
            meeting_id: meetingId,
            case_id: caseId,
            position: n,
            reason: 'Added by the coordinator',
            discussion: `${itemMarker} discussed the escalation`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({ kind: 'meeting_item', id: item.id, caseIds: [caseId], marker: itemMarker, meetingId });
        const addendumMarker = textMarker();
        const addendum = await tx
          .insertInto('meeting_item_addendum')
          .values({
            item_id: item.id,
            case_id: caseId,
            body: `${addendumMarker} later news`,
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'meeting_item_addendum',
          id: addendum.id,
          caseIds: [caseId],
          marker: addendumMarker,
          meetingId,
          itemId: item.id,
        });
        const actionMarker = textMarker();
        const owner = team[0] ?? author.id;
        const action = await tx
          .insertInto('case_action')
          .values({
            case_id: caseId,
            meeting_item_id: item.id,
            description: `${actionMarker} review the bail conditions`,
            owner_user_id: owner,
            due_on: '2025-01-15',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        records.push({
          kind: 'case_action',
          id: action.id,
          caseIds: [caseId],
          marker: actionMarker,
          meetingId,
          itemId: item.id,
          userId: owner,
        });
      }

      for (const g of spec.grants) {
        const user = users[g.user]!;
        const m = textMarker();
        const expiresAt = new Date(Date.now() + g.hoursFromNow * HOUR);
        const row = await tx
          .insertInto('break_glass_grant')
          .values({
            case_id: caseId,
            user_id: user.id,
            reason_code: 'urgent_safeguarding',
            reason_text: `${m} call from the victim out of hours`,
            granted_at: new Date(expiresAt.getTime() - 4 * HOUR),
            expires_at: expiresAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        grants.push({ id: row.id, caseId, userId: user.id, expiresAt });
        records.push({
          kind: 'break_glass_grant',
          id: row.id,
          caseIds: [caseId],
          marker: m,
          userId: user.id,
        });
      }
    }
  });

  // the person search shows at most 50 people: every seeded person must fit in one answer
  if (personCases.size > 50)
    throw new Error(`World too big for the person search: ${personCases.size} people`);
  for (const [personId, caseIds] of personCases) {
    const withdrawnAs = withdrawnVictimOf.get(personId);
    records.push({
      kind: 'person',
      id: personId,
      caseIds,
      marker: personMarker.get(personId)!,
      ...(withdrawnAs ? { withdrawn: true, caseVictimId: withdrawnAs } : {}),
    });
  }
  return indexWorld({ sites, users, cases, grants, records });
}
