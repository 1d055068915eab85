import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { formatDate } from '../../platform/views/format.js';
import { listVictims as caseVictims } from '../cases/public.js';
import { insertVoice, listVoice, listWithdrawnVoice } from './repository.js';
import { TOPIC_TEXT } from './corrections-rules.js';
import { voiceCorrectionRoutes } from './corrections-routes.js';
import { SHARING, TOPICS, voiceApi, voiceInput } from './schemas.js';

/** The victim's voice, as the advocate records it and as the victim agreed it may be shared. */
export const voiceRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'voice',
    compartment: 'victim_voice',
    recordType: 'victim_voice',
    title: 'Victim’s voice',
    template: 'voice/views/voice.njk',
    writeVerb: 'record the victim’s voice',
    input: voiceInput,
    apiItem: voiceApi,
    fromForm: (f) => ({
      caseVictimId: f.caseVictimId || undefined,
      body: f.body,
      topic: f.topic || undefined,
      sharing: f.sharing,
      recordedOn: dateFromParts(f, 'recordedOn'),
    }),
    list: (tx, caseId) => listVoice(tx, caseId),
    check: async (tx, caseId, input) =>
      (await caseVictims(tx, caseId)).some((v) => v.id === input.caseVictimId)
        ? []
        : [{ field: 'caseVictimId', message: 'Select a victim on this case' }],
    insert: (tx, caseId, user, input) => insertVoice(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      victim: `${r.given_name} ${r.family_name}`,
      body: r.body,
      topic: r.topic as (typeof TOPICS)[number],
      sharing: r.sharing as (typeof SHARING)[number],
      recordedOn: r.recorded_on,
      author: r.author,
    }),
    pageExtras: async (tx, caseId) => ({
      victims: await caseVictims(tx, caseId),
      topics: TOPIC_TEXT,
      withdrawnRecords: (await listWithdrawnVoice(tx, caseId)).map((w) => ({
        href: `/cases/${caseId}/voice/${w.id}`,
        text: `Entry of ${formatDate(w.recorded_on)}`,
        at: w.withdrawn_at,
      })),
    }),
  });
  await app.register(voiceCorrectionRoutes);
};
