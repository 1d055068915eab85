import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * THE API'S DESCRIPTION (OpenAPI 3.0): what @fastify/swagger and fastify-type-provider-zod make of
 * the routes' zod schemas, completed here in one place so that it says what really comes back:
 *
 * - every operation has an `operationId` (its method and path, `getCasesByIdIncidents`) unless the
 *   route names one;
 * - every operation documents the problems (RFC 9457, `application/problem+json`, the shared
 *   `Problem` schema in `components.schemas`) the platform answers it with: 401 always (no or a bad
 *   token); 400 when it reads parameters, a query or a body; 404 when its path names something or
 *   it needs a capability (the capability gate answers 404); 403 and 422 for changes (read-only
 *   access or a role that may not, a rule broken); 409 for every change whose
 *   body carries a `version` (or `expectedVersion`); 413 and 415 when it takes a body. A route
 *   adds statuses of its own with `config.problems`;
 * - zod's `nullable` enums list null (OpenAPI 3.0 only allows null in an enum that lists it), and
 *   a nullable schema with no type of its own (`anyOf`) gets one;
 * - the document names its server.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** problem statuses this API route answers with beyond the platform's (see openapi.ts) */
    problems?: number[];
  }
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const FHIR_MEDIA_TYPE = 'application/fhir+json';

/** A field the request got wrong: its path (`answers.conduct_began`) and what to do. */
export const fieldErrorSchema = z
  .object({ field: z.string(), message: z.string() })
  .meta({ id: 'FieldError', description: 'A field to correct: its path and what to do' });

/** Every problem the API answers with (platform/http/problems.ts sends it). */
export const problemSchema = z
  .object({
    type: z.string().describe('always about:blank: the status says what kind of problem it is'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().describe('the fields to correct, when there are any'),
  })
  .meta({ id: 'Problem', description: 'A problem (RFC 9457), as application/problem+json' });

/** A response with the given schema as `application/problem+json` (for a route's own `response`). */
export const problemResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema } },
});

/** A FHIR resource response (`application/fhir+json`), for a route's `response`. */
export const fhirResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { [FHIR_MEDIA_TYPE]: { schema } },
});

const PROBLEM_WORDS: Record<number, string> = {
  400: 'The request is not valid: the problem lists the fields to correct',
  401: 'Not signed in: no API token (the API takes no session cookie), or one not valid or revoked',
  403: 'Refused: read-only access (the role or break-glass), or a role that cannot do this',
  404: 'Not found, or not there for this user (no access to the case or capability)',
  409: 'Someone else changed it first (send again with the current version), or it conflicts with what is recorded',
  413: 'The request is too large',
  415: 'That content type is not accepted',
  422: 'Refused by a rule: the problem says which, and lists the fields',
};

type RouteLike = {
  method: string | string[];
  url: string;
  schema?: Record<string, unknown>;
  config?: { capability?: unknown; problems?: number[]; multipartApi?: boolean };
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The problem statuses the platform answers a route with (see the comment at the top). */
export function problemStatuses(route: RouteLike): number[] {
  const methods = [route.method].flat();
  const schema = route.schema ?? {};
  const writes = methods.some((m) => WRITES.has(m));
  const withBody = methods.some((m) => WITH_BODY.has(m));
  const body = schema.body as { shape?: Record<string, unknown> } | undefined;
  const statuses = new Set<number>([401, ...(route.config?.problems ?? [])]);
  if (schema.params || schema.querystring || schema.body || withBody) statuses.add(400);
  if (schema.params || route.config?.capability) statuses.add(404);
  if (writes) [403, 422].forEach((s) => statuses.add(s));
  // optimistic locking: someone else's change
  if (writes && body?.shape && ('version' in body.shape || 'expectedVersion' in body.shape))
    statuses.add(409);
  if (withBody) [413, 415].forEach((s) => statuses.add(s));
  return [...statuses].sort((a, b) => a - b);
}

/** `getCasesByIdIncidents` for GET /api/v1/cases/:id/incidents. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v\d+\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^:(.+)$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[-_]/);
    });
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const problemRef = { $ref: '#/components/schemas/Problem' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0's nullable: null is allowed only by a schema with a `type`, and by an `enum` only
 * if the enum lists null. zod's openapi-3.0 output breaks both; this mends them, everywhere.
 */
export function mendNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(mendNullables);
  if (!isObject(node)) return node;
  let out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mendNullables(v)]));
  if (out.nullable === true && out.type === undefined && out.$ref === undefined) {
    const branches = (out.anyOf ?? out.oneOf) as Json[] | undefined;
    const key = out.anyOf ? 'anyOf' : 'oneOf';
    if (branches?.length === 1) {
      const { [key]: _one, ...rest } = out;
      out = mendNullables({ ...branches[0], ...rest }) as Json;
    } else if (branches?.length) {
      const { nullable: _n, ...rest } = out;
      out = { ...rest, [key]: branches.map((b) => mendNullables({ ...b, nullable: true })) };
    }
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out = { ...out, enum: [...(out.enum as unknown[]), null] };
  return out;
}

/**
 * zod registers each named schema twice, as read and as written (`ProblemInput`): the document
 * keeps only those something refers to.
 */
function dropUnusedSchemas(document: Json): Json {
  const components = (document.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  let kept = schemas;
  // a schema may be used only by another one: repeat until nothing more goes
  for (;;) {
    const text = JSON.stringify({ ...document, components: { ...components, schemas: kept } });
    const used = Object.fromEntries(
      Object.entries(kept).filter(([name, schema]) => {
        const refs = text.split(`"#/components/schemas/${name}"`).length - 1;
        const own = JSON.stringify(schema).split(`"#/components/schemas/${name}"`).length - 1;
        return refs > own;
      }),
    );
    if (Object.keys(used).length === Object.keys(kept).length) break;
    kept = used;
  }
  return { ...document, components: { ...components, schemas: kept } };
}

/** @fastify/swagger's `transform` and `transformObject` for the API (see the comment at the top). */
export function openApiTransforms(): Pick<FastifyDynamicSwaggerOptions, 'transform' | 'transformObject'> {
  return {
    transform: (document) => {
      const out = jsonSchemaTransform(document) as { schema: Json; url: string };
      const route = document.route as unknown as RouteLike;
      if (!out.schema || out.schema.hide || !document.url.startsWith('/api/')) return out;
      const schema: Json = { ...out.schema };
      const method = [route.method].flat()[0]!;
      schema.operationId ??= operationIdOf(method, document.url);
      const response: Json = { ...((schema.response as Json | undefined) ?? {}) };
      for (const status of problemStatuses(route))
        response[status] ??= {
          description: PROBLEM_WORDS[status] ?? 'A problem',
          content: { [PROBLEM_MEDIA_TYPE]: { schema: problemRef } },
        };
      schema.response = response;
      if (route.config?.multipartApi)
        schema.body = {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary', description: 'the file' } },
        };
      return { ...out, schema };
    },
    transformObject: (document) => {
      const object = jsonSchemaTransformObject(document) as Json;
      return mendNullables({
        ...dropUnusedSchemas(object),
        servers: [{ url: '/', description: 'This Recolo server (the API is under /api/v1)' }],
      }) as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
