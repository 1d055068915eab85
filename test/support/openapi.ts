import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Response } from './http.js';

/**
 * THE API AGAINST ITS DESCRIPTION: checks real responses against the OpenAPI document the app
 * serves: the status is documented for the operation, the media type is the documented one, and
 * the body fits the documented schema (ajv; OpenAPI 3.0's `nullable` is ajv's own keyword). It
 * records what kind of answer (a success, a problem) each operation was seen to give.
 */

type Json = Record<string, unknown>;
type ResponseObject = { description: string; content?: Record<string, { schema?: Json }> };
export type Operation = { operationId?: string; responses: Record<string, ResponseObject> };
export type OpenApiDocument = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
};

// ajv-formats is CommonJS: its default export arrives wrapped under ESM
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** A path template with its parameters filled in (a made-up id for any not given). */
export const fillPath = (template: string, params: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? '00000000-0000-4000-8000-000000000000'),
  );

export function contractOf(doc: OpenApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  const compiled = new Map<Json, ValidateFunction>();
  /** `METHOD template` → the kinds of answer seen: 'success' and 'problem' */
  const seen = new Map<string, Set<string>>();
  const mismatches: string[] = [];

  const validatorOf = (schema: Json): ValidateFunction => {
    let validate = compiled.get(schema);
    if (!validate) {
      // the document's components travel with each schema, for its $refs
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(schema, validate);
    }
    return validate;
  };

  /** Checks one real response of `METHOD template`; a mismatch is recorded, not thrown. */
  function check(method: string, template: string, response: Response): Response {
    const key = `${method} ${template}`;
    const operation = doc.paths[template]?.[method.toLowerCase()];
    const status = response.statusCode;
    const documented = operation?.responses[String(status)];
    const media = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!operation) mismatches.push(`${key}: not in the document`);
    else if (!documented)
      mismatches.push(`${key}: ${status} is not documented (${response.body.slice(0, 200)})`);
    else if (!documented.content) {
      if (response.body !== '') mismatches.push(`${key} ${status}: a body where none is documented`);
    } else if (!documented.content[media]) {
      const types = Object.keys(documented.content).join();
      mismatches.push(`${key} ${status}: ${media} where ${types} is documented`);
    } else if (media !== 'application/octet-stream' && media !== 'application/pdf') {
      const validate = validatorOf(documented.content[media]!.schema ?? {});
      if (!validate(response.json()))
        mismatches.push(
          `${key} ${status}: ${ajv.errorsText(validate.errors)} in ${response.body.slice(0, 300)}`,
        );
    }
    const kinds = seen.get(key) ?? new Set<string>();
    kinds.add(status < 400 ? 'success' : 'problem');
    seen.set(key, kinds);
    return response;
  }

  /** The operations not yet seen to answer with a success, or with a problem. */
  function uncovered(): string[] {
    return Object.entries(doc.paths).flatMap(([template, operations]) =>
      Object.keys(operations).flatMap((m) => {
        const kinds = seen.get(`${m.toUpperCase()} ${template}`);
        return ['success', 'problem']
          .filter((k) => !kinds?.has(k))
          .map((k) => `${m.toUpperCase()} ${template}: no ${k}`);
      }),
    );
  }

  return { check, mismatches, uncovered };
}

/** Every `nullable` schema in the document with an enum that leaves out null, or with no type. */
export function badNullables(doc: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) found.push(`enum ${at}`);
    if (o.nullable === true && o.type === undefined) found.push(`no type ${at}`);
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(doc, '');
  return found;
}
