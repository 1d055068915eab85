import { describe, expect, it } from 'vitest';
import { formFields } from '../../src/platform/http/forms.js';
import {
  choiceGroups,
  macroCalls,
  multiValueFields,
  readTemplate,
  stringProperty,
  templateFiles,
} from '../../src/platform/http/multi-value-fields.js';
import { createViews } from '../../src/platform/views/nunjucks.js';

/**
 * Every checkbox group in every template: one ticked box comes back from `formFields` as a
 * one-element list without the route naming the field, and the page shown again ticks only that
 * box, even when another box's value is part of it ("pha_s2" in "pha_s2a").
 */

const views = createViews();
views.addGlobal('caseTabs', []);
views.addGlobal('asset', (p: string) => p);

const caseHeader = { id: 'c1', reference: 'R-1', personName: 'A Person' };

/** Two options whose values are a trap for a substring test: the first is part of the second. */
const A = 'opt-1';
const AB = 'opt-1b';
const people = [
  { id: A, name: 'One', display_name: 'One', role: 'clinician', agency: 'Police' },
  { id: AB, name: 'One B', display_name: 'One B', role: 'clinician', agency: 'Police' },
];

/**
 * For each posted checkbox group: the page that shows it and what else it needs, and which two of
 * its values to use (the second ticked, the first a substring of it).
 */
const pages: Record<string, { template: string; context: Record<string, unknown>; pair?: [string, string] }> =
  {
    siteIds: { template: 'admin/views/user-new.njk', context: { sites: people, agencies: [] } },
    offences: {
      template: 'referrals/views/details.njk',
      context: { options: {} },
      pair: ['pha_s2', 'pha_s2a'],
    },
    behaviours: {
      template: 'incidents/views/new.njk',
      context: { caseHeader, behaviourItems: people.map((p) => ({ value: p.id, text: p.name })) },
    },
    invitedAgencyIds: { template: 'meetings/views/new.njk', context: { agencies: people, people: [] } },
    invitedUserIds: { template: 'meetings/views/new.njk', context: { agencies: [], people } },
    incidentIds: {
      template: 'orders/views/breach.njk',
      context: {
        caseHeader,
        incidents: people.map((p) => ({ id: p.id, occurred_from: '2026-03-04', description: p.name })),
      },
    },
    removeConditionIds: {
      template: 'orders/views/event.njk',
      context: { caseHeader, conditions: people.map((p) => ({ id: p.id, text: p.name })), slots: [] },
    },
    protectedCaseVictimIds: { template: 'orders/views/new.njk', context: { caseHeader, victims: people } },
    protectedContactIds: {
      template: 'orders/views/new.njk',
      context: { caseHeader, victims: [], contacts: people },
    },
    clinicianIds: {
      template: 'sessions/views/schedule.njk',
      context: { caseHeader, allowed: true, clinicians: people },
    },
    coAuthorIds: {
      template: 'treatment/views/formulation-edit.njk',
      context: { caseHeader, template: { sections: [], typologies: [] }, coAuthorChoices: people },
    },
    safeMethods: {
      template: 'victims/views/contact.njk',
      context: { caseHeader, safeMethods: { [A]: 'One', [AB]: 'One B' } },
    },
  };

/** Groups whose boxes the route ticks (from what was saved or posted), not the template. */
const tickedByRoute: Record<string, string> = {
  quorumKinds: 'the rule shown is the saved one (an array from the database)',
  emailKinds: 'settings-routes.ts ticks each kind with emailKinds.includes(kind) on the posted list',
};

const posted = choiceGroups().filter((g) => !g.query);
const lists = posted.filter((g) => g.multiple);

function tickedBoxes(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(`name="${name}"`) && /\schecked\b/.test(tag))
    .map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '');
}

function boxes(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*type="checkbox"[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(`name="${name}"`))
    .map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '');
}

describe('checkbox groups in the templates', () => {
  it('are all found: every posted group of several boxes is a multi-value field', () => {
    expect(lists.map((g) => g.name)).toEqual(
      expect.arrayContaining(['offences', 'behaviours', 'safeMethods']),
    );
    expect(lists.length).toBeGreaterThanOrEqual(14);
    expect([...multiValueFields()].sort()).toEqual([...new Set(lists.map((g) => g.name))].sort());
  });

  it.each(lists.map((g) => [g.name, g.template] as const))(
    '%s (%s): one ticked box comes back as a one-element list, with no route naming it',
    (name) => {
      expect(formFields({ [name]: 'only-one', _csrf: 't', _once: 'o' })).toEqual({ [name]: ['only-one'] });
      expect(formFields({ [name]: ['a', 'b'] })).toEqual({ [name]: ['a', 'b'] });
    },
  );

  it.each(lists.map((g) => [g.name, g.template] as const))(
    '%s (%s): the page shown again ticks only the box that was ticked',
    (name) => {
      if (tickedByRoute[name]) return; // see tickedByRoute: the route's own test covers it
      const page = pages[name];
      expect(page, `add a page for the checkbox group "${name}" to this test`).toBeDefined();
      const [part, whole] = page!.pair ?? [A, AB];
      const values = formFields({ [name]: whole }); // one box ticked, as a browser posts it
      const html = views.render(page!.template, { ...page!.context, values });
      expect(boxes(html, name)).toEqual(expect.arrayContaining([part, whole]));
      expect(tickedBoxes(html, name)).toEqual([whole]);
    },
  );

  it('a one-box group is a yes/no flag compared with ==, never with `in`', () => {
    for (const g of posted.filter((x) => !x.multiple)) {
      const source = readTemplate(g.template);
      expect(source, `${g.template}: ${g.name}`).not.toMatch(new RegExp(`in \\(?values\\.${g.name}\\b`));
    }
  });

  it('every `in values.x` in a template is against a multi-value field, or a list when missing', () => {
    const names = multiValueFields();
    for (const file of templateFiles()) {
      for (const m of readTemplate(file).matchAll(/\bin\s+(\(?)\s*values\.(\w+)(\s+or\s+\[\])?/g)) {
        expect(names.has(m[2]!), `${file}: values.${m[2]} is not a checkbox group`).toBe(true);
        expect(
          m[1] && m[3],
          `${file}: write (values.${m[2]} or []) so a form with none ticked renders`,
        ).toBeTruthy();
      }
    }
  });

  it('no multi-value field shares its name with a single-value field on any form', () => {
    const names = multiValueFields();
    const single = ['govukInput', 'govukRadios', 'govukSelect', 'govukTextarea', 'govukCharacterCount'];
    for (const file of templateFiles()) {
      const source = readTemplate(file);
      for (const macro of single) {
        for (const { argument } of macroCalls(source, macro)) {
          const name = stringProperty(argument, 'name');
          if (name && !/\bmultiple\s*:/.test(argument))
            expect(names.has(name), `${file}: ${macro} "${name}" is also a checkbox group`).toBe(false);
        }
      }
    }
    for (const [name, why] of Object.entries(tickedByRoute)) expect(names.has(name), why).toBe(true);
  });
});
