import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';

/** A failure the user can act on: shown as a page, or as application/problem+json in the API. */
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

export class NotFound extends HttpProblem {
  constructor() {
    super(404, 'Page not found');
  }
}

export type FieldError = { field: string; message: string };

export function fieldErrorsFrom(error: ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length
      ? issue.path.join('.')
      : issue.code === 'unrecognized_keys'
        ? 'body'
        : 'body';
    const message =
      issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : issue.message;
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message });
  }
  return out;
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

/** GOV.UK error summary and per-field messages from a list of field errors. */
export function formErrors(errors: FieldError[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}
