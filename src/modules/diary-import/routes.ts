import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.js';
import { saveSessionData } from '../../platform/auth/sessions.js';
import { actorOf } from '../../platform/http/actor.js';
import { acceptMultipart, uploadedFile } from '../../platform/http/multipart.js';
import { attemptForm, formErrors } from '../../platform/http/forms.js';
import { BEHAVIOUR_LABELS, BEHAVIOURS } from '../incidents/schemas.js';
import { MAX_BYTES, MAX_ROWS } from './rows.js';
import {
  counts,
  importHeader,
  pendingOf,
  readUpload,
  saveImport,
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

/** A spreadsheet saved as CSV is UTF-8 nowadays; an older one may be Windows-1252. */
function textOf(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

const behaviourList = BEHAVIOURS.map((b) => ({ value: b.replace(/_/g, ' '), label: BEHAVIOUR_LABELS[b] }));

/** Bulk import of a victim's diary (CSV) as incidents on a case: upload, preview, save. */
export const diaryImportRoutes: FastifyPluginAsync = async (app) => {
  // only this plugin's upload takes multipart/form-data: one CSV file and the CSRF token
  acceptMultipart(app, { fileBytes: MAX_BYTES, fields: 4, fieldBytes: 1024 });

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
    const result = await request.inTx((tx) =>
      readUpload(tx, request.user!, caseId, { fileName: file.filename, text: textOf(file.data) }),
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
    // a refusal (rows with errors, nothing valid, a row no longer valid) is shown at the choice
    const outcome = await attemptForm(
      () => request.inTx((tx) => saveImport(tx, request.user!, actorOf(request), pending, choice)),
      { field: 'choice' },
    );
    if (!outcome.ok) return previewPage(request, reply.code(outcome.status), { errors: outcome.errors });
    await keep(request, null);
    return reply.redirect(`/cases/${caseId}/incidents?imported=${outcome.value.saved}`, 303);
  });
};
