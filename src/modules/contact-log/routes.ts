import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { formatDate } from '../../platform/views/format.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { contactLogCorrectionRoutes } from './corrections-routes.js';
import { insertContact, listContacts, listWithdrawnContacts } from './repository.js';
import { contactLogApi, contactLogInput, METHOD_TEXT, type METHODS } from './schemas.js';

/**
 * The advocate's contacts with the victim, so that "the victim was kept informed" can be shown.
 * It sits with the victim's contact details: the advocate writes it, the police on the case read it,
 * and for everyone else it is not there.
 */
export const contactLogRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'contact-log',
    compartment: 'victim_contact',
    recordType: 'victim_contact_log',
    title: 'Contact with the victim',
    template: 'contact-log/views/contact-log.njk',
    writeVerb: 'record a contact with the victim',
    input: contactLogInput,
    apiItem: contactLogApi,
    fromForm: (f) => ({
      caseVictimId: f.caseVictimId || undefined,
      contactedOn: dateFromParts(f, 'contactedOn'),
      method: f.method || undefined,
      contactWith: f.contactWith,
      summary: f.summary,
      victimUpdated: f.victimUpdated === 'yes' ? true : f.victimUpdated === 'no' ? false : undefined,
    }),
    list: (tx, caseId) => listContacts(tx, caseId),
    check: async (tx, caseId, input) =>
      (await caseVictims(tx, caseId)).some((v) => v.id === input.caseVictimId)
        ? []
        : [{ field: 'caseVictimId', message: 'Select a victim on this case' }],
    insert: (tx, caseId, user, input) => insertContact(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      caseVictimId: r.case_victim_id,
      victim: `${r.given_name} ${r.family_name}`,
      contactedOn: r.contacted_on,
      method: r.method as (typeof METHODS)[number],
      contactWith: r.contact_with,
      summary: r.summary,
      victimUpdated: r.victim_updated,
      author: r.author,
    }),
    pageExtras: async (tx, caseId) => ({
      victims: await caseVictims(tx, caseId),
      methods: METHOD_TEXT,
      withdrawnRecords: (await listWithdrawnContacts(tx, caseId)).map((w) => ({
        href: `/cases/${caseId}/contact-log/${w.id}`,
        text: `Contact of ${formatDate(w.contacted_on)}`,
        at: w.withdrawn_at,
      })),
    }),
  });
  await app.register(contactLogCorrectionRoutes);
};
