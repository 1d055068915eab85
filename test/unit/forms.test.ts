import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Conflict, Forbidden, Invalid, NotFound } from '../../src/platform/errors.js';
import {
  attemptForm,
  formFailure,
  formFields,
  parseForm,
  submitForm,
} from '../../src/platform/http/forms.js';

const env = new nunjucks.Environment();
const ticked = (values: Record<string, unknown>, option: string) =>
  env.renderString('{{ "yes" if option in (values.methods or []) else "no" }}', { values, option });

describe('formFields', () => {
  it('drops the CSRF token and keeps the other fields', () => {
    expect(formFields({ _csrf: 't', name: 'Ann', n: ['1', '2'] })).toEqual({ name: 'Ann', n: ['1', '2'] });
    expect(formFields(undefined)).toEqual({});
  });

  it('makes named checkbox fields lists whether none, one or several were ticked', () => {
    const fields = formFields({ one: 'phone', several: ['phone', 'email'], empty: '', other: 'x' }, [
      'one',
      'several',
      'empty',
      'absent',
    ]);
    expect(fields).toEqual({
      one: ['phone'],
      several: ['phone', 'email'],
      empty: [],
      absent: [],
      other: 'x',
    });
  });

  it('defuses the template trap: one ticked box is not a substring test', () => {
    // as the browser sends it: one box ticked arrives as a string
    const raw = { methods: 'phone_call' };
    expect(ticked(raw, 'phone')).toBe('yes'); // the trap: "phone" is in "phone_call"
    const values = formFields(raw, ['methods']);
    expect(ticked(values, 'phone')).toBe('no');
    expect(ticked(values, 'phone_call')).toBe('yes');
  });
});

const schema = z.object({
  name: z.string().min(1, 'Enter a name'),
  date: z.string().min(1, 'Enter a date'),
  reason: z.string().min(1, 'Enter a reason'),
});

describe('parseForm', () => {
  it('gives the data when the fields are valid', () => {
    expect(parseForm(schema, { name: 'a', date: 'b', reason: 'c' })).toEqual({
      ok: true,
      data: { name: 'a', date: 'b', reason: 'c' },
    });
  });

  it('gives a 400 with the field errors in the order of the form, as a GOV.UK error summary', () => {
    const parsed = parseForm(schema, { name: '', date: '', reason: '', 'nested.field': '' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.status).toBe(400);
    expect(parsed.fieldErrors.map((e) => e.field)).toEqual(['name', 'date', 'reason']);
    expect(parsed.errors.errorList).toEqual([
      { text: 'Enter a name', href: '#name' },
      { text: 'Enter a date', href: '#date' },
      { text: 'Enter a reason', href: '#reason' },
    ]);
    expect(parsed.errors.fieldErrors).toEqual({
      name: { text: 'Enter a name' },
      date: { text: 'Enter a date' },
      reason: { text: 'Enter a reason' },
    });
  });
});

describe('form failures from domain errors', () => {
  it('keeps the order of a field → message map and links dotted fields to their ids', () => {
    const failed = formFailure(
      new Invalid('Not valid', { 'person.familyName': 'Enter a last name', dob: 'Enter a date' }),
    );
    expect(failed.status).toBe(422);
    expect(failed.errors.errorList).toEqual([
      { text: 'Enter a last name', href: '#person-familyName' },
      { text: 'Enter a date', href: '#dob' },
    ]);
  });

  it('shows a conflict with field errors at 409, and a file refusal at its own status', () => {
    expect(formFailure(new Conflict('Changed', 'Reload', { version: 'Someone else saved it' })).status).toBe(
      409,
    );
    const tooBig = new Invalid('Not accepted', { file: 'Too large' }, { reason: 'too_large' });
    expect(formFailure(tooBig).status).toBe(413);
    expect(formFailure(new Invalid('Bad', { q: 'Enter' }, { reason: 'shape' })).status).toBe(400);
  });

  it('rethrows what a form cannot show: not found, forbidden, anything else, refusals without fields', () => {
    for (const error of [
      new NotFound('Site not found', undefined, { siteId: 'No such site' }),
      new Forbidden('You cannot'),
      new Error('boom'),
      new Invalid('No fields'),
    ])
      expect(() => formFailure(error)).toThrow(error);
  });

  it('puts a refusal without fields against the field given', () => {
    const failed = formFailure(new Invalid('Some rows have errors', undefined, { detail: 'Upload again' }), {
      field: 'choice',
    });
    expect(failed.fieldErrors).toEqual([{ field: 'choice', message: 'Upload again' }]);
  });

  it('attemptForm and submitForm give the value, or the failure instead of throwing', async () => {
    expect(await attemptForm(async () => 7)).toEqual({ ok: true, value: 7 });
    const refused = await attemptForm(async () => {
      throw new Invalid('No', { name: 'Taken' });
    });
    expect(refused).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: [{ field: 'name', message: 'Taken' }],
    });
    await expect(attemptForm(async () => Promise.reject(new NotFound()))).rejects.toBeInstanceOf(NotFound);

    let ran = false;
    const unparsed = await submitForm(schema, {}, async () => {
      ran = true;
    });
    expect(unparsed.ok).toBe(false);
    expect(ran).toBe(false);
    const done = await submitForm(schema, { name: 'a', date: 'b', reason: 'c' }, async (d) => d.name);
    expect(done).toEqual({ ok: true, value: 'a' });
  });
});
