import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dateMessage,
  isRealTime,
  withDateParts,
  wrongDateParts,
  type DatePart,
} from '../../src/platform/http/date-fields.js';
import { formErrors } from '../../src/platform/http/forms.js';
import {
  macroCalls,
  readTemplate,
  stringProperty,
  templateFiles,
} from '../../src/platform/http/multi-value-fields.js';
import { createViews } from '../../src/platform/views/nunjucks.js';

/**
 * Every GOV.UK date input (issue 11): the error summary links to the first part in error, only
 * the parts in error are highlighted, the message's example is as the boxes take it, and a time
 * like 25:99 is not a real time.
 */

const views = createViews();
const render = (params: Record<string, unknown>) =>
  views.renderString('{% from "date-input.njk" import datePartsInput %}{{ datePartsInput(params) }}', {
    params,
  });
const highlighted = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input[^>]*id="${name}-(day|month|year)"[^>]*>`, 'g'))]
    .filter((m) => m[0].includes('govuk-input--error'))
    .map((m) => m[1]!);

/** Each date input in every template: where it is and its name (the literal, or a stand-in). */
const inputs = templateFiles()
  .filter((file) => !file.endsWith('templates/date-input.njk'))
  .flatMap((file) =>
    macroCalls(readTemplate(file), 'datePartsInput').map(({ argument }) => ({
      file,
      name: stringProperty(argument, 'namePrefix') ?? 'aDate',
      argument,
    })),
  );

const values = (name: string, d: string, m: string, y: string) => ({
  [`${name}-day`]: d,
  [`${name}-month`]: m,
  [`${name}-year`]: y,
});

describe('date inputs in the templates', () => {
  it('every one goes through datePartsInput (never GOV.UK’s macro directly)', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(24);
    for (const file of templateFiles()) {
      if (file.endsWith('templates/date-input.njk')) continue; // the one that calls it
      expect(readTemplate(file), file).not.toMatch(/govukDateInput\(/);
    }
  });

  it('every one is given its field error as it stands (with the parts in error) and marks no part itself', () => {
    // the orders page's "conditions in force on" filter is a GET form with a problem of its own
    const ownProblem = (file: string, argument: string) =>
      file.endsWith('orders/views/detail.njk') && /errorMessage:\s*\{ text: onProblem \}/.test(argument);
    for (const { file, argument } of inputs) {
      expect(argument, file).not.toContain('govuk-input--error');
      if (!ownProblem(file, argument))
        expect(argument, file).toMatch(/errorMessage:\s*(errors\.fieldErrors|fe\b|err\b)/);
    }
  });

  it('every hint gives its example as the boxes take it, never as 2026-03-04', () => {
    for (const { file, argument } of inputs) expect(argument, file).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  const wrong: [string, Record<'d' | 'm' | 'y', string>, DatePart[]][] = [
    ['no month', { d: '4', m: '', y: '2026' }, ['month']],
    ['no day or year', { d: '', m: '3', y: '' }, ['day', 'year']],
    ['month 13', { d: '4', m: '13', y: '2026' }, ['month']],
    ['year 26', { d: '4', m: '3', y: '26' }, ['year']],
    ['day 31 in February', { d: '31', m: '2', y: '2026' }, ['day']],
  ];

  it.each(inputs.map((i) => [i.name, i.file] as const))(
    '%s (%s): the summary links to the first part in error and only it is highlighted',
    (name) => {
      for (const [what, { d, m, y }, parts] of wrong) {
        const typed = values(name, d, m, y);
        const errors = withDateParts(
          formErrors([{ field: name, message: 'Enter the date as a real date, like 2026-03-04' }]),
          typed,
        );
        expect(errors.errorList, what).toEqual([
          { text: 'Enter the date as a real date, for example, 4 3 2026', href: `#${name}-${parts[0]}` },
        ]);
        const html = render({
          id: name,
          namePrefix: name,
          errorMessage: errors.fieldErrors[name],
          items: (['day', 'month', 'year'] as const).map((p) => ({ name: p, value: typed[`${name}-${p}`] })),
        });
        expect(highlighted(html, name), what).toEqual(parts);
      }
      // a date that is real but refused as a whole (in the future): the whole input, linked at the day
      const future = withDateParts(
        formErrors([{ field: name, message: 'The date must not be in the future' }]),
        values(name, '4', '3', '2099'),
      );
      expect(future.errorList[0]!.href).toBe(`#${name}-day`);
      const html = render({ id: name, namePrefix: name, errorMessage: future.fieldErrors[name] });
      expect(highlighted(html, name)).toEqual(['day', 'month', 'year']);
    },
  );
});

describe('date parts and messages', () => {
  it('finds the parts in error as typed', () => {
    expect(wrongDateParts(values('x', '', '', ''), 'x')).toEqual([]);
    expect(wrongDateParts(values('x', '29', '2', '2028'), 'x')).toEqual([]);
    expect(wrongDateParts(values('x', 'a', 'b', 'c'), 'x')).toEqual([]);
    expect(wrongDateParts(values('x', '4', 'March', '2026'), 'x')).toEqual(['month']);
  });

  it('writes a date’s example as the boxes take it', () => {
    expect(dateMessage('When it happened must be a real date, like 2026-03-04 or 2026-03-04T14:30')).toBe(
      'When it happened must be a real date, for example, 4 3 2026',
    );
    expect(dateMessage('Enter the next review date as a real date')).toBe(
      'Enter the next review date as a real date, for example, 27 3 2026',
    );
    expect(dateMessage('Date must be a real date, for example, 27 3 2026')).toBe(
      'Date must be a real date, for example, 27 3 2026',
    );
    expect(dateMessage('Enter the date of birth')).toBe('Enter the date of birth');
  });

  it('every "real date" message in the code reads, on a form, with an example as the boxes take it', () => {
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(path.join('src', f), 'utf8'));
    const messages = sources.flatMap((source) =>
      [...source.matchAll(/(['`])([^'`\n]*\breal date\b[^'`\n]*)\1/g)].map((m) => m[2]!),
    );
    expect(messages.length).toBeGreaterThanOrEqual(10);
    for (const message of messages) {
      const shown = dateMessage(message);
      expect(shown, message).toMatch(/for example, \d{1,2} \d{1,2} \d{4}/);
      expect(shown, message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('a time like 25:99 is not a real time', () => {
    expect(['14:30', '9.05', '00:00', '23:59'].every(isRealTime)).toBe(true);
    expect(['25:99', '24:00', '12:60', '1430', 'noon'].some(isRealTime)).toBe(false);
  });
});
