import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which posted fields are lists, read from the templates themselves: every `govukCheckboxes`
 * group with more than one box (or items built in a loop) and every `<select multiple>`. A single
 * ticked box arrives as a string, and `code in values.field` on a string is a substring test, so
 * `formFields` makes each of these a list without the route having to name it.
 *
 * A one-box group (`items: [{ value: "yes", ... }]`) is a yes/no flag compared with `==`, not a
 * list, and is left as it arrives.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A checkbox group (or multiple select) found in a template. */
export type ChoiceGroup = {
  template: string;
  name: string;
  /** more than one box can be ticked: posted as a list */
  multiple: boolean;
  /** in a `<form method="get">`: a filter read from the query (each route reads its own), not a posted field */
  query: boolean;
};

/** Every template file: the shared ones and each module's views, as paths relative to the repository. */
export function templateFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.njk')) found.push(rel);
    }
  };
  walk('src/platform/views/templates');
  walk('src/modules');
  return found.sort();
}

/** Reads a template (path relative to the repository). */
export function readTemplate(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

/**
 * The text of the call's argument from `open` (the index of its opening parenthesis) to the
 * matching close, with string literals skipped. Throws if it is never closed.
 */
export function callArgument(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") {
      i = source.indexOf(c, i + 1);
      if (i < 0) break;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  throw new Error(`unclosed call at ${open}`);
}

/** `text` with string literals and everything nested deeper than the outer object blanked out. */
function topLevel(objectText: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < objectText.length; i++) {
    const c = objectText[i]!;
    if (c === '"' || c === "'") {
      const end = objectText.indexOf(c, i + 1);
      const literal = objectText.slice(i, end + 1);
      out += depth <= 1 ? literal : ' '.repeat(literal.length);
      i = end;
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    out += depth <= 1 || (depth === 2 && (c === '[' || c === '{' || c === '(')) ? c : ' ';
    if (c === '}' || c === ']' || c === ')') depth--;
  }
  return out;
}

/** How many objects an inline `[...]` list literal holds (its top-level braces). */
function inlineItems(listText: string): number {
  let depth = 0;
  let count = 0;
  for (let i = 0; i < listText.length; i++) {
    const c = listText[i];
    if (c === '"' || c === "'") i = listText.indexOf(c, i + 1);
    else if (c === '{' || c === '[' || c === '(') {
      if (depth === 1 && c === '{') count++;
      depth++;
    } else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return count;
}

/** Each call to `macro` in a template's source: where it is and its argument (the object literal's text). */
export function macroCalls(source: string, macro: string): { at: number; argument: string }[] {
  const calls: { at: number; argument: string }[] = [];
  const pattern = new RegExp(`\\b${macro}\\(`, 'g');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    calls.push({ at: m.index, argument: callArgument(source, m.index + macro.length) });
  }
  return calls;
}

/** Whether the place `at` in a template is inside a `<form method="get">`. */
function inGetForm(source: string, at: number): boolean {
  const form = source.lastIndexOf('<form', at);
  return (
    form >= 0 && source.indexOf('</form>', form) > at && /^<form\b[^>]*method="get"/i.test(source.slice(form))
  );
}

/** A top-level string property of a macro's object argument (`name: "x"`), if it has one. */
export function stringProperty(argument: string, key: string): string | undefined {
  const outer = topLevel(argument.trim());
  const m = new RegExp(`(?:^|[{,\\s])${key}\\s*:\\s*(["'])([^"']*)\\1`).exec(outer);
  return m?.[2];
}

/** The checkbox groups and multiple selects in one template's source. */
export function choiceGroupsIn(template: string, source: string): ChoiceGroup[] {
  const groups: ChoiceGroup[] = [];
  for (const { at, argument } of macroCalls(source, 'govukCheckboxes')) {
    const name = stringProperty(argument, 'name');
    if (!name) continue;
    const trimmed = argument.trim();
    const items = /(?:^|[{,\s])items\s*:\s*\[/.exec(topLevel(trimmed));
    // items built elsewhere (a loop) are a list; an inline list is one only with more than one box
    const boxes = items
      ? inlineItems(`[${callArgument(trimmed, items.index + items[0].length - 1)}]`)
      : Infinity;
    groups.push({ template, name, multiple: boxes !== 1, query: inGetForm(source, at) });
  }
  for (const m of source.matchAll(/<select\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(m[0])?.[1];
    if (name && /\smultiple\b/.test(m[0]))
      groups.push({ template, name, multiple: true, query: inGetForm(source, m.index) });
  }
  for (const { at, argument } of macroCalls(source, 'govukSelect')) {
    const name = stringProperty(argument, 'name');
    if (name && /\bmultiple\s*:/.test(argument))
      groups.push({ template, name, multiple: true, query: inGetForm(source, at) });
  }
  return groups;
}

/** Every checkbox group and multiple select in every template. */
export function choiceGroups(): ChoiceGroup[] {
  return templateFiles().flatMap((file) => choiceGroupsIn(file, readTemplate(file)));
}

let names: ReadonlySet<string> | undefined;

/** The names of the fields posted as lists by a form (read once from the templates, then remembered). */
export function multiValueFields(): ReadonlySet<string> {
  names ??= new Set(
    choiceGroups()
      .filter((g) => g.multiple && !g.query)
      .map((g) => g.name),
  );
  return names;
}
