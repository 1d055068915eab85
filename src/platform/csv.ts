/**
 * CSV for download (RFC 4180, CRLF line ends). A cell a spreadsheet would run as a formula
 * (starting =, +, -, @, tab or CR) is prefixed with an apostrophe (OWASP's CSV injection advice).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvLines([header, ...rows]);
}

/** Rows as CSV lines, each ending CRLF, cells made safe as `toCsv` does: a piece of a streamed file. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((r) => r.map(cell).join(',') + '\r\n').join('');
}
