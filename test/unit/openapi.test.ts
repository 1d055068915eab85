import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mendNullables, operationIdOf, problemStatuses } from '../../src/platform/http/openapi.js';

describe('the API description, as openapi.ts completes it', () => {
  it('a nullable enum lists null (GET /api/v1/cases acceptedMode)', () => {
    expect(mendNullables({ type: 'string', enum: ['panel', 'chair'], nullable: true })).toEqual({
      type: 'string',
      enum: ['panel', 'chair', null],
      nullable: true,
    });
    expect(mendNullables({ type: 'string', enum: ['a', null], nullable: true })).toEqual({
      type: 'string',
      enum: ['a', null],
      nullable: true,
    });
  });

  it('a nullable schema with no type gets one: one branch merged, several each nullable', () => {
    expect(mendNullables({ nullable: true, anyOf: [{ type: 'string' }] })).toEqual({
      type: 'string',
      nullable: true,
    });
    expect(
      mendNullables({ anyOf: [{ type: 'boolean' }, { type: 'number' }], nullable: true, description: 'x' }),
    ).toEqual({
      description: 'x',
      anyOf: [
        { type: 'boolean', nullable: true },
        { type: 'number', nullable: true },
      ],
    });
    // deep inside a document
    expect(
      mendNullables({
        paths: { '/a': { get: { schema: { properties: { b: { enum: ['x'], nullable: true } } } } } },
      }),
    ).toEqual({
      paths: { '/a': { get: { schema: { properties: { b: { enum: ['x', null], nullable: true } } } } } },
    });
  });

  it('an operationId from the method and path', () => {
    expect(operationIdOf('GET', '/api/v1/cases')).toBe('getCases');
    expect(operationIdOf('GET', '/api/v1/cases/:id/assessments/:aid/fhir')).toBe(
      'getCasesByIdAssessmentsByAidFhir',
    );
    expect(operationIdOf('POST', '/api/v1/cases/:id/safety-plans/:caseVictimId')).toBe(
      'postCasesByIdSafetyPlansByCaseVictimId',
    );
    expect(operationIdOf('PUT', '/api/v1/cases/:id/contact-log')).toBe('putCasesByIdContactLog');
  });

  it('the problems the platform answers an operation with', () => {
    expect(problemStatuses({ method: 'GET', url: '/api/v1/notifications' })).toEqual([401]);
    expect(
      problemStatuses({ method: 'GET', url: '/api/v1/cases', config: { capability: 'work_on_cases' } }),
    ).toEqual([401, 404]);
    expect(
      problemStatuses({
        method: 'GET',
        url: '/api/v1/cases/:id',
        schema: { params: z.object({ id: z.string() }) },
      }),
    ).toEqual([400, 401, 404]);
    expect(
      problemStatuses({
        method: 'PUT',
        url: '/api/v1/cases/:id/assessments/:aid/answers',
        schema: { params: z.object({}), body: z.object({ version: z.number() }) },
      }),
    ).toEqual([400, 401, 403, 404, 409, 413, 415, 422]);
    expect(
      problemStatuses({ method: 'POST', url: '/api/v1/cases/:id/clinical', schema: { body: z.object({}) } }),
    ).toEqual([400, 401, 403, 413, 415, 422]);
    expect(problemStatuses({ method: 'GET', url: '/api/v1/x', config: { problems: [409] } })).toEqual([
      401, 409,
    ]);
  });
});
