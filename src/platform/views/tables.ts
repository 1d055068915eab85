/**
 * Wide tables on narrow screens (WCAG 2.1 1.4.10 reflow): every GOV.UK table a page draws is put in
 * a region that scrolls sideways on its own, so the page around it never does. The region is
 * focusable and named (by the table's caption, or the heading before it) so keyboard users can
 * scroll it too. Done once, on the rendered page, so no template can forget it.
 */
const TABLE = /<table\b[^>]*\bclass="govuk-table\b[\s\S]*?<\/table>/g;
const HEADING = /<h[1-4]\b[^>]*>([\s\S]*?)<\/h[1-4]>/g;

const textOf = (html: string): string =>
  html
    .replace(/<span class="govuk-caption-[^"]*">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The page's HTML with each `govuk-table` wrapped in a named, focusable scrolling region. */
export function scrollableTables(html: string): string {
  if (!html.includes('govuk-table')) return html;
  return html.replace(TABLE, (table, offset: number) => {
    const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(table);
    let name = caption ? textOf(caption[1]!) : '';
    if (!name) {
      const before = [...html.slice(0, offset).matchAll(HEADING)].at(-1);
      name = before ? textOf(before[1]!) : '';
    }
    // names come from the page's own (already escaped) text, with tags removed: no quote can close the attribute
    const label = (name || 'Table').replace(/"/g, '&quot;');
    return `<div class="recolo-table-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
  });
}
