import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { actorOf } from '../../platform/http/actor.js';
import { fhirResponse } from '../../platform/http/openapi.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import type { Definition, Item } from './definition.js';
import { RATING_WORDS, TEMPLATE_NOTICE, toQuestionnaire } from './fhir.js';
import { acceptMultipart, uploadedFile } from '../../platform/http/multipart.js';
import { decodeText } from '../../platform/text-encoding.js';
import { UPLOAD_LIMIT } from './multipart.js';
import {
  apiImportBody,
  apiImported,
  apiInstrumentList,
  apiInstrumentVersion,
  codeVersionParams,
} from './schemas.js';
import * as service from './service.js';
import { scoreRange } from './validate.js';

/**
 * Signed in (else the usual redirect or 401) and an administrator (else 404, the capability gate:
 * for anyone else these pages and endpoints do not exist). Row-level security refuses their
 * writes anyway: this is the clear answer in front of it.
 */
const page = {
  schema: { hide: true },
  preHandler: requireUser,
  config: { capability: 'administer' as const },
};

const TIER_WORDS = { screening: 'Screening', spj: 'Structured professional judgement' } as const;

function describeItem(item: Item): string {
  switch (item.type) {
    case 'yes_no':
      return 'Yes or no';
    case 'scale': {
      const labels = Object.entries(item.labels ?? {})
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, v]) => `${k} ${v}`);
      return `Scale from ${item.min} to ${item.max}${labels.length ? ` (${labels.join('; ')})` : ''}`;
    }
    case 'choice':
      return `One of: ${item.options
        .map((o) => (o.score === undefined ? o.label : `${o.label} (scores ${o.score})`))
        .join('; ')}`;
    case 'text':
      return `Free text, up to ${item.maxLength.toLocaleString('en-GB')} characters`;
    case 'date':
      return 'A date';
  }
}

function describeSummary(def: Definition) {
  const rule = def.summary;
  if (rule.kind === 'professional_judgement')
    return {
      text: 'Professional judgement: no score. The assessor rates each rated domain low, moderate or high, with a rationale.',
      bands: [],
    };
  const range = scoreRange(def);
  return {
    text:
      rule.kind === 'count_yes'
        ? `The number of yes answers to ${rule.items.length} question${rule.items.length === 1 ? '' : 's'}`
        : `The sum of the scores of ${rule.items.length} item${rule.items.length === 1 ? '' : 's'}` +
          (range ? `, from ${range.min} to ${range.max}` : ''),
    bands: rule.bands.map((b) => ({
      range: b.min === b.max ? String(b.min) : `${b.min} to ${b.max}`,
      band: RATING_WORDS[b.band],
    })),
  };
}

function versionParams(request: FastifyRequest) {
  const parsed = codeVersionParams.safeParse(request.params);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

const toApiSummary = (v: service.CurrentInstrument): z.infer<typeof apiInstrumentList>['items'][number] => ({
  id: v.id,
  code: v.code,
  name: v.name,
  tier: v.tier,
  version: v.version,
  template: v.isTemplate,
  publishedAt: v.publishedAt.toISOString(),
});

type ImportSource =
  { json: unknown; field: 'file' | 'definition' } | { problem: string; field: 'file' | 'definition' };

/** The definition from the uploaded file or, failing that, the pasted text. */
function importSource(body: Record<string, unknown>): ImportSource {
  const file = uploadedFile(body);
  const pasted = typeof body.definition === 'string' ? body.definition.trim() : '';
  let text: string;
  let field: 'file' | 'definition';
  // UTF-8 with or without its byte order mark, or UTF-16 as Notepad's "Unicode" saves it
  const content = file && !file.tooLarge ? decodeText(file.data).text : '';
  if (file && (file.tooLarge || content.trim())) {
    if (file.tooLarge) return { problem: 'The file must be smaller than 1 MB', field: 'file' };
    text = content;
    field = 'file';
  } else if (pasted) {
    text = pasted;
    field = 'definition';
  } else {
    return { problem: 'Choose a JSON file with the definition, or paste the definition', field: 'file' };
  }
  if (text.length > UPLOAD_LIMIT) return { problem: 'The definition must be smaller than 1 MB', field };
  try {
    return { json: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, field };
  } catch (error) {
    const where =
      field === 'file' ? `The file${file?.filename ? ` ${file.filename}` : ''}` : 'The pasted text';
    return { problem: `${where} is not valid JSON: ${(error as Error).message}`, field };
  }
}

export const instrumentRoutes: FastifyPluginAsync = async (app) => {
  // the import page posts multipart/form-data; only this plugin's routes accept it
  acceptMultipart(app, { fileBytes: UPLOAD_LIMIT, fieldBytes: UPLOAD_LIMIT, fields: 10 });

  app.get('/admin/instruments', page, async (request, reply) => {
    const instruments = await request.inTx((tx) => service.listInstrumentsWithVersions(tx));
    return reply.page('instruments/views/list.njk', {
      title: 'Risk instruments',
      nav: 'admin',
      backLink: '/admin',
      instruments,
      tierWords: TIER_WORDS,
    });
  });

  const importPage = (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('instruments/views/import.njk', {
      title: 'Import an instrument definition',
      nav: 'admin',
      backLink: '/admin/instruments',
      values: {},
      ...extra,
    });

  app.get('/admin/instruments/import', page, async (_request, reply) => importPage(reply));

  app.post('/admin/instruments/import', page, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const source = importSource(body);
    const values = { definition: typeof body.definition === 'string' ? body.definition : '' };
    const refuse = (problems: string[], field: string) =>
      importPage(reply.code(422), {
        values,
        errors: {
          errorList: problems.map((text) => ({ text, href: `#${field}` })),
          fieldErrors: {
            [field]: {
              text:
                problems.length === 1 && !('json' in source)
                  ? problems[0]
                  : `The definition was not imported: correct the ${problems.length === 1 ? 'problem' : `${problems.length} problems`} listed above`,
            },
          },
        },
      });
    if (!('json' in source)) return refuse([source.problem], source.field);
    const json = source.json;
    const outcome = await request.inTx((tx) =>
      service.importAsAdministrator(tx, actorOf(request), request.user!, json, 'page'),
    );
    if (!outcome.ok) return refuse(outcome.problems, source.field);
    return reply.redirect(`/admin/instruments/${outcome.code}/versions/${outcome.version}?imported=1`, 303);
  });

  app.get('/admin/instruments/:code/versions/:version', page, async (request, reply) => {
    const { code, version } = versionParams(request);
    const found = await request.inTx((tx) => service.findVersionByCode(tx, code, version));
    if (!found) throw new NotFound();
    const def = found.definition;
    return reply.page('instruments/views/version.njk', {
      title: `${found.name}, version ${found.version}`,
      nav: 'admin',
      backLink: '/admin/instruments',
      instrument: found,
      tierWord: TIER_WORDS[found.tier],
      templateNotice: TEMPLATE_NOTICE,
      typologies: def.typologies,
      sections: def.sections.map((s) => ({
        ...s,
        items: s.items.map((i) => ({ ...i, description: describeItem(i) })),
      })),
      summary: describeSummary(def),
      imported: (request.query as Record<string, unknown>).imported === '1',
    });
  });

  // API ------------------------------------------------------------------------------------------
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/instruments',
    {
      preValidation: requireUser,
      schema: {
        tags: ['instruments'],
        summary: 'The risk instruments in use: the current version of each',
        response: { 200: apiInstrumentList },
      },
    },
    async (request) => {
      const items = await request.inTx((tx) => service.listCurrentInstruments(tx));
      return { items: items.map(toApiSummary) };
    },
  );

  const versionOrNotFound = async (request: FastifyRequest) => {
    const { code, version } = versionParams(request);
    const found = await request.inTx((tx) => service.findVersionByCode(tx, code, version));
    if (!found) throw new NotFound();
    return found;
  };

  api.get(
    '/api/v1/instruments/:code/versions/:version',
    {
      preValidation: requireUser,
      schema: {
        tags: ['instruments'],
        summary: 'One published version of an instrument, with its definition',
        params: codeVersionParams,
        response: { 200: apiInstrumentVersion },
      },
    },
    async (request) => {
      const found = await versionOrNotFound(request);
      return {
        ...toApiSummary(found),
        supersededAt: found.supersededAt?.toISOString() ?? null,
        definition: found.definition as unknown as Record<string, unknown>,
      };
    },
  );

  api.get(
    '/api/v1/instruments/:code/versions/:version/fhir',
    {
      preValidation: requireUser,
      schema: {
        tags: ['instruments'],
        summary: 'One published version of an instrument as a FHIR R4 Questionnaire (application/fhir+json)',
        params: codeVersionParams,
        response: {
          200: fhirResponse(
            'A FHIR R4 Questionnaire',
            z.object({ resourceType: z.literal('Questionnaire') }).passthrough(),
          ),
        },
      },
    },
    async (request, reply) => {
      const found = await versionOrNotFound(request);
      const questionnaire = toQuestionnaire(found.definition, {
        id: found.id,
        publishedAt: found.publishedAt,
      });
      return reply.type('application/fhir+json; charset=utf-8').send(questionnaire);
    },
  );

  api.post(
    '/api/v1/instruments',
    {
      preHandler: requireUser,
      config: { capability: 'administer' },
      attachValidation: true,
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['instruments'],
        summary: 'Publish an instrument definition (administrators only)',
        description:
          'Validates the definition and publishes it. A refusal is answered 422 with every problem in `errors`, ' +
          'each naming where it is in the definition; nothing is saved.',
        body: apiImportBody,
        response: { 201: apiImported },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw request.validationError;
      const outcome = await request.inTx((tx) =>
        service.importAsAdministrator(tx, actorOf(request), request.user!, request.body, 'api'),
      );
      if (!outcome.ok)
        throw new Invalid(
          'The definition was not imported',
          outcome.problems.map((p) => {
            const at = p.indexOf(': ');
            return at > 0
              ? { field: p.slice(0, at), message: p.slice(at + 2) }
              : { field: 'body', message: p };
          }),
          { detail: 'Correct the problems listed and send it again.' },
        );
      return reply.code(201).send({
        id: outcome.id,
        code: outcome.code,
        version: outcome.version,
        tier: outcome.tier,
        superseded: outcome.superseded,
      });
    },
  );
};
