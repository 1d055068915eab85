import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.js';
import { saveSessionData } from '../../platform/auth/sessions.js';
import { actorOf } from '../../platform/http/actor.js';
import { acceptMultipart, uploadedFile } from '../../platform/http/multipart.js';
import { attemptForm, formErrors } from '../../platform/http/forms.js';
import { BEHAVIOUR_LABELS, BEHAVIOURS } from '../incidents/schemas.js';
import { ENCODING_LABELS, ENCODINGS, isEncoding } from '../../platform/text-encoding.js';
import { DELIMITER_NAMES, DELIMITERS, type Delimiter } from './csv.js';
import { clockField, MAX_BYTES, MAX_ROWS } from './rows.js';
import {
  counts,
  importHeader,
  pendingOf,
  readUpload,
  rereadUpload,
  saveImport,
  type ReadChoice,
  SESSION_KEY,
  type PendingImport,
} from './service.js';
import { caseIdOf } from '../../platform/case-context.js';

const hide = { schema: { hide: true }, preValidation: requireUser };

async function keep(request: FastifyRequest, pending: PendingImport | null): Promise<void> {
  const session = request.session!;
  const data = { ...session.data, [SESSION_KEY]: pending ?? undefined };
  if (!pending) delete data[SESSION_KEY];
  await request.inTx((tx) => saveSessionData(tx, session.idHash, data));
  session.data = data;
}

/** The encoding and separator chosen on a form ('' or anything unknown: detect). */
function readChoice(fields: Record<string, unknown>): ReadChoice {
  const delimiter = DELIMITER_VALUES[String(fields.delimiter ?? '')] ?? null;
  return { encoding: isEncoding(fields.encoding) ? fields.encoding : null, delimiter };
}

/** Separators by the values the forms send (a tab cannot travel well as itself). */
const DELIMITER_VALUES: Record<string, Delimiter> = { comma: ',', semicolon: ';', tab: '\t' };
const DELIMITER_VALUE_OF: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

const encodingItems = ENCODINGS.map((e) => ({ value: e, text: ENCODING_LABELS[e] }));
const delimiterItems = DELIMITERS.map((d) => ({ value: DELIMITER_VALUE_OF[d], text: DELIMITER_NAMES[d] }));

const behaviourList = BEHAVIOURS.map((b) => ({ value: b.replace(/_/g, ' '), label: BEHAVIOUR_LABELS[b] }));

/** Bulk import of a victim's diary (CSV) as incidents on a case: upload, preview, save. */
export const diaryImportRoutes: FastifyPluginAsync = async (app) => {
  // only this plugin's upload takes multipart/form-data: one CSV file and the CSRF token
  acceptMultipart(app, { fileBytes: MAX_BYTES, fields: 6, fieldBytes: 1024 });

  const uploadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const caseId = caseIdOf(request);
    const h = await request.inTx((tx) => importHeader(tx, request.user!, caseId));
    return reply.page('diary-import/views/upload.njk', {
      title: `Import a diary – case ${h.case.reference}`,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: h.header,
      backLink: `/cases/${caseId}/incidents`,
      behaviours: behaviourList,
      maxRows: MAX_ROWS.toLocaleString('en-GB'),
      encodingItems,
      delimiterItems,
      values: {},
      ...extra,
    });
  };

  app.get('/cases/:id/incidents/import', hide, async (request, reply) => uploadPage(request, reply));

  app.post('/cases/:id/incidents/import', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const file = uploadedFile(request.body);
    const refuse = (message: string) =>
      uploadPage(request, reply.code(400), {
        errors: formErrors([{ field: 'file', message }]),
      });
    if (!file || (!file.tooLarge && file.size === 0)) {
      // access first: an outsider learns nothing from the form's answer
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      return refuse('Choose a CSV file of the diary');
    }
    if (file.tooLarge) {
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      return refuse('The file must be smaller than 5 MB');
    }
    const choice = readChoice((request.body ?? {}) as Record<string, unknown>);
    const result = await request.inTx((tx) =>
      readUpload(tx, request.user!, caseId, { fileName: file.filename, data: file.data }, choice),
    );
    if ('problem' in result) return refuse(`The file could not be read: ${result.problem}`);
    await keep(request, result.pending);
    return reply.redirect(`/cases/${caseId}/incidents/import/preview`, 303);
  });

  const previewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const caseId = caseIdOf(request);
    const h = await request.inTx((tx) => importHeader(tx, request.user!, caseId));
    const pending = pendingOf(request.session!.data, caseId);
    if (!pending) return reply.redirect(`/cases/${caseId}/incidents/import`, 303);
    return reply.page('diary-import/views/preview.njk', {
      title: `Check the diary before saving – case ${h.case.reference}`,
      nav: 'cases',
      caseTab: 'incidents',
      caseHeader: h.header,
      backLink: `/cases/${caseId}/incidents/import`,
      pending,
      counts: counts(pending),
      behaviourLabels: BEHAVIOUR_LABELS,
      encodingName: ENCODING_LABELS[pending.encoding] ?? pending.encoding,
      detectedName: pending.detected ? ENCODING_LABELS[pending.detected.encoding] : null,
      delimiterName: DELIMITER_NAMES[pending.delimiter] ?? 'commas',
      delimiterValue: DELIMITER_VALUE_OF[pending.delimiter] ?? 'comma',
      encodingItems,
      delimiterItems,
      clockField,
      choices: {},
      ...extra,
    });
  };

  app.get('/cases/:id/incidents/import/preview', hide, async (request, reply) => previewPage(request, reply));

  app.post('/cases/:id/incidents/import/preview', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const pending = pendingOf(request.session!.data, caseId);
    if (!pending) {
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      return reply.redirect(`/cases/${caseId}/incidents/import`, 303);
    }
    if (body.action === 'cancel') {
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      await keep(request, null);
      return reply.redirect(`/cases/${caseId}/incidents`, 303);
    }
    const choice = body.choice === 'valid' ? 'valid' : 'all';
    if (choice === 'valid' && body.confirm !== 'yes') {
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      const c = counts(pending);
      return previewPage(request, reply.code(400), {
        errors: formErrors([
          {
            field: 'confirm',
            message: `Confirm that only the ${c.valid} valid rows should be saved, and the ${c.invalid} rows with errors left out`,
          },
        ]),
      });
    }
    // a refusal (rows with errors, nothing valid, a row no longer valid) is shown at the choice;
    // a time the clocks repeated, at its own BST or GMT question
    const outcome = await attemptForm(
      () => request.inTx((tx) => saveImport(tx, request.user!, actorOf(request), pending, choice, body)),
      { field: 'choice' },
    );
    if (!outcome.ok)
      return previewPage(request, reply.code(outcome.status), { errors: outcome.errors, choices: body });
    await keep(request, null);
    return reply.redirect(`/cases/${caseId}/incidents?imported=${outcome.value.saved}`, 303);
  });

  // read the same file again, in another encoding or with another separator
  app.post('/cases/:id/incidents/import/reread', hide, async (request, reply) => {
    const caseId = caseIdOf(request);
    const pending = pendingOf(request.session!.data, caseId);
    if (!pending?.source) {
      await request.inTx((tx) => importHeader(tx, request.user!, caseId));
      return reply.redirect(`/cases/${caseId}/incidents/import`, 303);
    }
    const choice = readChoice((request.body ?? {}) as Record<string, unknown>);
    const result = await request.inTx((tx) => rereadUpload(tx, request.user!, pending, choice));
    if ('problem' in result) {
      return previewPage(request, reply.code(400), {
        errors: formErrors([
          { field: 'encoding', message: `The file could not be read that way: ${result.problem}` },
        ]),
      });
    }
    await keep(request, result.pending);
    return reply.redirect(`/cases/${caseId}/incidents/import/preview`, 303);
  });
};
