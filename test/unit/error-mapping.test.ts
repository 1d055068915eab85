import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Conflict,
  Fault,
  Forbidden,
  Invalid,
  NotFound,
  type DomainError,
} from '../../src/platform/errors.js';
import { answerProblem, HttpProblem, problemFrom, statusOf } from '../../src/platform/http/problems.js';

// the errors services throw, and what each answers today
const cases: [string, DomainError, number][] = [
  ['not found', new NotFound(), 404],
  ['forbidden', new Forbidden('You cannot add evidence', 'Break-glass access is read-only.'), 403],
  ['invalid', new Invalid('The incident is not valid', { occurredFrom: 'Enter the date' }), 422],
  ['invalid shape', new Invalid('The search is not valid', { q: 'Enter a name' }, { reason: 'shape' }), 400],
  [
    'too large',
    new Invalid('The file was not accepted', { file: 'Too large' }, { reason: 'too_large' }),
    413,
  ],
  ['wrong type', new Invalid('The file was not accepted', undefined, { reason: 'unsupported_type' }), 415],
  [
    'conflict',
    new Conflict('The case was changed by someone else', 'Reload the case and decide again.'),
    409,
  ],
  ['fault', new Fault('The contact details could not be read', 'Tell the system administrator.'), 500],
];

let app: FastifyInstance;
const logged: unknown[] = [];

beforeAll(async () => {
  app = Fastify({ logger: false });
  // the real page renderer needs the views; this one shows what it was asked to render
  app.decorateReply('page', function (template: string, context: Record<string, unknown> = {}) {
    return this.type('text/html; charset=utf-8').send(JSON.stringify({ template, context }));
  });
  app.setErrorHandler(async (error: unknown, request, reply) =>
    answerProblem(
      request,
      reply,
      problemFrom(error, { ...request.log, error: (o: unknown) => logged.push(o) } as never),
    ),
  );
  for (const [name, error] of cases) {
    app.get(`/pages/${name}`, async () => {
      throw error;
    });
    app.get(`/api/v1/${name}`, async () => {
      throw error;
    });
  }
  app.get('/pages/bug', async () => {
    throw new Error('secret internals');
  });
  app.get('/api/v1/bug', async () => {
    throw new Error('secret internals');
  });
  await app.ready();
});
afterAll(() => app.close());

describe('domain errors to HTTP, in one place', () => {
  it.each(cases)('%s answers %i', (_name, error, status) => {
    expect(statusOf(error)).toBe(status);
  });

  it.each(cases)(
    '%s: the API answers a JSON problem with the same title, detail and fields',
    async (name, error, status) => {
      const res = await app.inject({ url: `/api/v1/${encodeURIComponent(name)}` });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toEqual({
        type: 'about:blank',
        title: error.title,
        status,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
      });
    },
  );

  it.each(cases)('%s: a page answers the GOV.UK error page', async (name, error, status) => {
    const res = await app.inject({ url: `/pages/${encodeURIComponent(name)}` });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.json()).toEqual({
      template: 'error.njk',
      context: { title: error.title, status, ...(error.detail ? { detail: error.detail } : {}) },
    });
  });

  it('a field → message map keeps the order of the form in the API errors', async () => {
    const problem = problemFrom(new Invalid('Not valid', { b: 'Enter b first', a: 'Then enter a' }), app.log);
    expect(problem.fieldErrors?.map((e) => e.field)).toEqual(['b', 'a']);
  });

  it('anything else is a 500 that never shows its message, and is logged', async () => {
    for (const url of ['/pages/bug', '/api/v1/bug']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('Sorry, there is a problem with the service');
      expect(res.body).not.toContain('secret internals');
    }
    expect(logged).toHaveLength(2);
  });

  it('an HttpProblem from the platform passes through as it is', () => {
    const p = new HttpProblem(401, 'Not signed in');
    expect(problemFrom(p, app.log)).toBe(p);
  });
});
