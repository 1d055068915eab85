// COPY … FROM STDIN through `pg` without another dependency: a submittable query (pg's interface
// for queries that drive the protocol themselves, as pg-copy-streams does) that answers the
// server's CopyInResponse with the given chunks, then CopyDone.
import pg from 'pg';

type Connection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
};

class CopyIn {
  callback?: (error: Error | null, rows?: number) => void;
  private error: Error | null = null;
  private rows = 0;
  constructor(
    private readonly text: string,
    private readonly chunks: Buffer[],
  ) {}
  submit(connection: Connection): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: Connection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }
  handleCommandComplete(message: { text: string }): void {
    const n = /(\d+)$/.exec(message.text);
    this.rows = n ? Number(n[1]) : 0;
  }
  handleError(error: Error): void {
    this.error = error;
  }
  handleReadyForQuery(): void {
    this.callback?.(this.error, this.rows);
  }
  // a COPY FROM returns no rows; these are part of the interface
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

/** Runs `COPY table (columns) FROM STDIN` with rows already in COPY's text format. */
export function copyIn(client: pg.PoolClient | pg.Client, text: string, data: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = new CopyIn(text, [Buffer.from(data, 'utf8')]);
    query.callback = (error, rows) => (error ? reject(error) : resolve(rows ?? 0));
    // pg accepts any object with submit(); its types only know its own Query
    (client as unknown as { query(q: CopyIn): void }).query(query);
  });
}

/** One value in COPY's text format: \N for null, arrays as {a,b}, backslash escapes. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v))
    return `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`.replace(/\\/g, '\\\\');
  if (typeof v === 'object') return copyValue(JSON.stringify(v));
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** Rows (objects) as COPY text for the given columns, in that order. */
export function copyRows(rows: readonly object[], columns: readonly string[]): string {
  let out = '';
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    out += columns.map((c) => copyValue(r[c])).join('\t');
    out += '\n';
  }
  return out;
}
