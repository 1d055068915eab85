import type { FastifyReply } from 'fastify';

/**
 * A download: `type` as an attachment named `fileName` (characters other than letters, digits,
 * dot, underscore and hyphen become `_`), never cached, never sniffed. Returns the reply to send on.
 */
export function attachment(reply: FastifyReply, type: string, fileName: string): FastifyReply {
  return reply
    .type(type)
    .header('Content-Disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff');
}
