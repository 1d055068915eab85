import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problems.js';

/**
 * One check, for every request, of the text PostgreSQL and our exports cannot hold: NUL (text
 * cannot store it), other C0 and C1 control characters but tab, CR and LF (invisible, and refused
 * by XML and FHIR consumers), and unpaired UTF-16 surrogates (not valid Unicode, so not valid
 * UTF-8). Such input is refused with a 400 naming the field, before any handler sees it.
 */

// no `u` flag: surrogates are matched as the code units they are
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this regex's job
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type Unstorable = { field: string; what: string };

/** What is wrong with the first unstorable character in `text`, or null when it can be stored. */
export function unstorableIn(text: string): string | null {
  const m = UNSTORABLE.exec(text);
  if (!m) return null;
  const c = m[0].charCodeAt(0);
  if (c === 0) return 'a null character';
  if (c >= 0xd800 && c <= 0xdfff) return 'an incomplete character (an unpaired surrogate)';
  return `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** `text` with each unstorable character replaced by U+FFFD, for showing back what was sent. */
export function replaceUnstorable(text: string): string {
  return text.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}

/**
 * The first string in a parsed body, query or parameters (keys included) that cannot be stored,
 * with the field's path ("description", "answers.q1", "actions.0.owner"), or null. Buffers (file
 * contents) are not text and are skipped: their importers check what they decode.
 */
export function findUnstorable(value: unknown, path = ''): Unstorable | null {
  if (typeof value === 'string') {
    const what = unstorableIn(value);
    return what ? { field: path || 'body', what } : null;
  }
  if (!value || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    const here = path ? `${path}.${key}` : key;
    const what = unstorableIn(key);
    if (what) return { field: here, what };
    const found = findUnstorable(inner, here);
    if (found) return found;
  }
  return null;
}

/** The 400 for unstorable input: names the field and the character, never echoes the value. */
export function unstorableProblem(found: Unstorable): HttpProblem {
  return new HttpProblem(
    400,
    'The request contains a character that cannot be saved',
    `Remove ${found.what} from ${found.field} and try again.`,
    [{ field: found.field, message: `${found.field} contains ${found.what}` }],
  );
}

/** Refuses, on every route, any parameter, query or body text that cannot be stored. */
export function registerTextInputCheck(app: FastifyInstance): void {
  // preHandler: after sign-in, CSRF and schema checks, so strangers still get 401/403 and nothing
  // about fields; before any handler reads the input
  app.addHook('preHandler', async (request) => {
    const found =
      findUnstorable(request.params, '') ??
      findUnstorable(request.query, '') ??
      findUnstorable(request.body, '');
    if (found) throw unstorableProblem(found);
  });
}
