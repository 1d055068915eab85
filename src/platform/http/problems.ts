import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, type FieldError } from '../errors.js';

export { NotFound, type FieldError };

/**
 * The HTTP layer's failure: shown as a page, or as application/problem+json in the API. Modules
 * throw domain errors (platform/errors.ts); `problemOf` turns them into this, in one place.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(title);
  }
}

const INVALID_STATUS = { rule: 422, shape: 400, too_large: 413, unsupported_type: 415 } as const;

/** The HTTP status a domain error answers with. */
export function statusOf(error: DomainError): number {
  if (error instanceof NotFound) return 404;
  if (error instanceof Forbidden) return 403;
  if (error instanceof Invalid) return INVALID_STATUS[error.reason];
  if (error instanceof Conflict) return 409;
  return 500; // Fault: something the user cannot put right
}

/** The one mapping from domain errors to HTTP: same title, detail and field errors. */
export function problemOf(error: DomainError): HttpProblem {
  return new HttpProblem(statusOf(error), error.title, error.detail, error.fieldErrors);
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.fieldErrors ? { errors: problem.fieldErrors } : {}),
    });
}

/**
 * Every error, as the problem the user is shown: a domain error by `problemOf`, an HttpProblem as
 * it is, a schema validation error with its fields, Fastify's own 4xx in general words, and
 * anything else as a 500 (logged, its message never shown).
 */
export function problemFrom(error: unknown, log: FastifyBaseLogger): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) return problemOf(error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new HttpProblem(
      400,
      'The request is not valid',
      'Correct the fields listed and send it again.',
      error.validation.map((v) => ({
        field:
          String(v.instancePath || '/')
            .replace(/^\//, '')
            .replace(/\//g, '.') || 'body',
        message: v.message ?? 'Not valid',
      })),
    );
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return new HttpProblem(413, 'The request is too large');
  if (status === 415) return new HttpProblem(415, 'That content type is not accepted');
  if (status && status >= 400 && status < 500)
    return new HttpProblem(status, 'The request could not be understood');
  const { message, stack } = (error ?? {}) as { message?: string; stack?: string };
  log.error({ err: { message, stack } }, 'request failed');
  return new HttpProblem(500, 'Sorry, there is a problem with the service');
}

/** The one answer to a failure: a JSON problem for the API, the GOV.UK error page for pages. */
export function answerProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  if (request.url.startsWith('/api/')) return sendProblem(reply, problem);
  return reply.code(problem.status).page('error.njk', {
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
  });
}
