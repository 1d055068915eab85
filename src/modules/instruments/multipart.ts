import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { HttpProblem } from '../../platform/http/problems.js';

/**
 * A multipart/form-data body read whole, before the CSRF check (which runs in preValidation and
 * reads `_csrf` from the body): the form's text fields by name, and the one file, if any, under
 * `file`. Registered as a content-type parser inside the instruments plugin only, so no other
 * route accepts multipart bodies.
 */

export const UPLOAD_LIMIT = 1024 * 1024;
/** the whole request: one file, a pasted definition of the same size, and a few small fields */
const REQUEST_LIMIT = 2 * UPLOAD_LIMIT + 64 * 1024;

export type UploadedFile = { filename: string; content: string; tooLarge: boolean };

const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function readMultipart(
  headers: IncomingHttpHeaders,
  payload: Readable,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fail = (problem: HttpProblem) => {
      payload.unpipe();
      payload.resume();
      reject(problem);
    };
    let parser: BusboyInstance;
    try {
      parser = Busboy({
        headers: headers as IncomingHttpHeaders & { 'content-type': string },
        limits: { files: 1, fileSize: UPLOAD_LIMIT, fields: 10, fieldSize: UPLOAD_LIMIT, parts: 12 },
      });
    } catch {
      reject(new HttpProblem(400, 'The form could not be read'));
      return;
    }
    const body: Record<string, unknown> = {};
    let received = 0;
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > REQUEST_LIMIT) fail(new HttpProblem(413, 'The request is too large'));
    });
    parser.on('field', (name: string, value: string) => {
      if (UNSAFE_NAMES.has(name) || name === 'file' || name in body) return;
      body[name] = value;
    });
    parser.on('file', (name: string, stream: Readable, filename: string) => {
      if (name !== 'file' || 'file' in body) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let tooLarge = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        const file: UploadedFile = {
          filename: filename ?? '',
          content: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
          tooLarge,
        };
        body.file = file;
      });
    });
    parser.on('finish', () => resolve(body));
    parser.on('error', () => fail(new HttpProblem(400, 'The form could not be read')));
    payload.pipe(parser);
  });
}
