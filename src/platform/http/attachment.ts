import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../db/request-tx.js';

/**
 * RFC 6266 Content-Disposition for a download, always an attachment: `filename` in printable
 * ASCII (others, quotes, backslashes and semicolons as `_`) and, for the original name in any
 * script, `filename*` in RFC 5987's UTF-8 encoding.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Every download, one way: `type` as an attachment named `fileName` (see attachmentDisposition),
 * never cached, never sniffed, and never rendered or run by the browser if opened (a sandbox with
 * nothing allowed). Returns the reply to send on.
 */
export function attachment(reply: FastifyReply, type: string, fileName: string): FastifyReply {
  return reply
    .type(type)
    .header('Content-Disposition', attachmentDisposition(fileName))
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox");
}

/** A download read from the request's transaction as it is sent (see streamAttachment). */
export type StreamedFile = {
  type: string;
  fileName: string;
  pieces: AsyncIterable<string> | Iterable<string>;
};

/**
 * Sends a download as `attachment` does, streamed: `open` runs in the request's transaction and
 * returns the file, whose pieces are read (from a cursor, say) only as the client takes them, and
 * the transaction stays open until the last is sent, then commits (the audit event with it). An
 * error before the first piece is answered as any error is; after it, the transaction is rolled
 * back and the connection cut, so a client never takes a truncated file for a whole one. A client
 * that goes away stops the reading; what `open` wrote (the audit of the disclosure) still commits.
 */
export async function streamAttachment(
  request: FastifyRequest,
  reply: FastifyReply,
  open: (tx: Tx) => Promise<StreamedFile>,
): Promise<FastifyReply> {
  let sent = false;
  try {
    await request.inTx(async (tx) => {
      const file = await open(tx);
      const body = Readable.from(file.pieces, { objectMode: false });
      attachment(reply, file.type, file.fileName).send(body);
      sent = true;
      try {
        await finished(body);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      }
    });
  } catch (error) {
    if (!sent) throw error;
    request.log.error({ err: error }, 'a streamed download failed part way');
    reply.raw.destroy();
  }
  return reply;
}
