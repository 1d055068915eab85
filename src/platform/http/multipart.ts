import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.js';

/**
 * A multipart/form-data body read whole, before the CSRF check (which runs in preValidation and
 * reads `_csrf` from the body): the form's text fields by name, and the one file, if any, under
 * `file`. The file is held in memory (never written anywhere until the route has checked access
 * and content) with its SHA-256 computed as it streams in. Registered as a content-type parser
 * inside a plugin only (`acceptMultipart`), so no other route accepts multipart bodies.
 */

export type UploadedFile = {
  /** the name the client sent, unsanitised */
  filename: string;
  /** the type the client declared for the part */
  mimeType: string;
  data: Buffer;
  size: number;
  sha256: string;
  /** over the file limit: `data` is empty and nothing else about it should be trusted */
  tooLarge: boolean;
};

export type MultipartLimits = {
  /** the largest file accepted */
  fileBytes: number;
  /** the largest text field */
  fieldBytes?: number;
  /** the most text fields */
  fields?: number;
};

const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function readMultipart(
  headers: IncomingHttpHeaders,
  payload: Readable,
  limits: MultipartLimits,
): Promise<Record<string, unknown>> {
  const fieldBytes = limits.fieldBytes ?? 64 * 1024;
  const fields = limits.fields ?? 20;
  // the whole request: one file, the text fields, and room for the part headers
  const requestLimit = limits.fileBytes + fieldBytes * 2 + 64 * 1024;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (problem: HttpProblem) => {
      if (settled) return;
      settled = true;
      payload.unpipe();
      payload.resume();
      reject(problem);
    };
    let parser: BusboyInstance;
    try {
      parser = Busboy({
        headers: headers as IncomingHttpHeaders & { 'content-type': string },
        limits: { files: 1, fileSize: limits.fileBytes, fields, fieldSize: fieldBytes, parts: fields + 2 },
      });
    } catch {
      reject(new HttpProblem(400, 'The form could not be read'));
      return;
    }
    const body: Record<string, unknown> = {};
    let received = 0;
    let fileDone: Promise<void> = Promise.resolve();
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > requestLimit) fail(new HttpProblem(413, 'The request is too large'));
    });
    parser.on('field', (name: string, value: string) => {
      if (UNSAFE_NAMES.has(name) || name === 'file') return;
      // repeated fields (checkboxes) arrive as arrays, as they do from a urlencoded form
      if (!Object.hasOwn(body, name)) {
        body[name] = value;
        return;
      }
      const existing = body[name];
      if (Array.isArray(existing)) existing.push(value);
      else if (typeof existing === 'string') body[name] = [existing, value];
    });
    parser.on(
      'file',
      (name: string, stream: Readable, filename: string, _encoding: string, mimeType: string) => {
        if (name !== 'file' || Object.hasOwn(body, 'file')) {
          stream.resume();
          return;
        }
        const chunks: Buffer[] = [];
        const hash = createHash('sha256');
        let size = 0;
        let tooLarge = false;
        fileDone = new Promise((done) => {
          // a body cut off inside the file part errors this stream: unhandled, it would end the
          // process, so it fails the request instead
          stream.on('error', () => {
            fail(new HttpProblem(400, 'The form could not be read', 'The upload was cut short.'));
            done();
          });
          stream.on('data', (chunk: Buffer) => {
            if (tooLarge) return;
            chunks.push(chunk);
            hash.update(chunk);
            size += chunk.length;
          });
          stream.on('limit', () => {
            tooLarge = true;
            chunks.length = 0;
          });
          stream.on('end', () => {
            const file: UploadedFile = {
              filename: filename ?? '',
              mimeType: (mimeType ?? '').toLowerCase(),
              data: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks),
              size: tooLarge ? 0 : size,
              sha256: hash.digest('hex'),
              tooLarge,
            };
            body.file = file;
            done();
          });
        });
      },
    );
    parser.on('finish', () => {
      void fileDone.then(() => {
        if (settled) return;
        settled = true;
        resolve(body);
      });
    });
    parser.on('error', () => fail(new HttpProblem(400, 'The form could not be read')));
    // a client that goes away mid-body: the request stream errors or closes before its end
    payload.on('error', () => fail(new HttpProblem(400, 'The upload was cut short')));
    payload.on('aborted', () => fail(new HttpProblem(400, 'The upload was cut short')));
    payload.pipe(parser);
  });
}

/** Lets the routes of this plugin (and only this plugin) take multipart/form-data bodies. */
export function acceptMultipart(app: FastifyInstance, limits: MultipartLimits): void {
  app.addContentTypeParser(
    'multipart/form-data',
    async (request: FastifyRequest, payload: FastifyRequest['raw']) => {
      // the auth hook admits an upload from its headers; nothing else gets its body read
      if (!request.uploadAdmitted) throw new HttpProblem(401, 'Not signed in');
      return readMultipart(request.headers, payload, limits);
    },
  );
}

/** The file a multipart body carried, if it carried one with any content or was over the limit. */
export function uploadedFile(body: unknown): UploadedFile | undefined {
  const file = (body as Record<string, unknown> | null | undefined)?.file;
  if (!file || typeof file !== 'object' || !('data' in file)) return undefined;
  return file as UploadedFile;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** an API route that takes multipart/form-data (a file upload) as well as JSON */
    multipartApi?: boolean;
  }
}
