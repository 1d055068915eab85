import type { PGlite } from '@electric-sql/pglite';

type Pending = {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
};

// first byte of the frontend messages after which the backend answers ReadyForQuery: Sync and a
// simple Query; a startup message (first byte 0: its length) ends with ReadyForQuery too
const SYNC = 0x53;
const QUERY = 0x51;

/**
 * The socket server's queue of protocol messages, one PGlite backend for every connection.
 * pglite-socket 0.2.17 hands the backend to another connection after any single message unless
 * an explicit transaction block is open, so two connections' extended-protocol messages
 * (Parse, Bind, Execute … Sync) interleave: one connection's Parse replaces the other's unnamed
 * statement, and a simple Query (BEGIN) from another connection between a Parse and its Bind
 * destroys it. It also leaves its queue stopped for good after a message throws. This queue
 * keeps the backend with one connection from its first message until the backend is ready for
 * a query again outside a transaction block (after Sync or a simple Query), so each connection's
 * statement, or its whole transaction, runs alone; and it always carries on after an error.
 */
export class SessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  /** the connection that holds the backend, or null when it is free */
  private holder: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.holder === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.holder);
        if (index < 0 || this.queue.length === 0) return; // the holder's next message is still on its way
        const item = this.queue.splice(index, 1)[0]!;
        this.holder = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
        const type = item.message[0];
        if ((type === SYNC || type === QUERY || type === 0) && !this.db.isInTransaction()) this.holder = null;
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      if (this.queue[i]!.handlerId !== handlerId) continue;
      this.queue.splice(i, 1)[0]!.reject(new Error('Handler disconnected'));
    }
  }

  /** A connection closed: roll back what it left open and free the backend for the others. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.holder = null;
    void this.process();
  }
}
