/** A GOV.UK date input (name-day, name-month, name-year) as 'YYYY-MM-DD', or what was typed if incomplete. */
export function dateFromParts(fields: Record<string, unknown>, name: string): string | undefined {
  const part = (k: string) =>
    typeof fields[`${name}-${k}`] === 'string' ? (fields[`${name}-${k}`] as string).trim() : '';
  const [d, m, y] = [part('day'), part('month'), part('year')];
  if (!d && !m && !y) return undefined;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
