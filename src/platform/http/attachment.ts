import type { FastifyReply } from 'fastify';

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
