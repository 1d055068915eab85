import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { govukDistDir, mojDir, publicDir } from './nunjucks.js';

/** Where each URL prefix of a page's own styles and scripts is served from. */
const ROOTS: [string, string][] = [
  ['/assets/govuk/', govukDistDir],
  ['/assets/moj/', mojDir],
  ['/public/', publicDir],
];

/** Whether a URL (or route pattern) is under the static stylesheet, script, font and image prefixes. */
export const isStaticAssetUrl = (url: string): boolean => /^\/(assets|public)\//.test(url);

/** A year: what a fingerprinted asset may be cached for (it changes its URL when it changes). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Fingerprints for the stylesheets and scripts pages link to: `url(path)` gives the path with
 * `?v=` and the first 12 hex digits of the file's SHA-256, read once at start, so a browser may
 * keep it for a year and fetches it again only when the file changes. `isCurrent(path, v)` tells
 * whether a request names the current version. An unknown path is returned as it is.
 */
export function assetVersions(): {
  url(urlPath: string): string;
  isCurrent(urlPath: string, v: unknown): boolean;
} {
  const versions = new Map<string, string>();
  const versionOf = (urlPath: string): string | undefined => {
    if (versions.has(urlPath)) return versions.get(urlPath);
    const root = ROOTS.find(([prefix]) => urlPath.startsWith(prefix));
    let version: string | undefined;
    if (root) {
      const file = path.join(root[1], urlPath.slice(root[0].length));
      if (file.startsWith(root[1]) && fs.existsSync(file))
        version = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    }
    if (version) versions.set(urlPath, version);
    return version;
  };
  return {
    url: (urlPath) => {
      const version = versionOf(urlPath);
      return version ? `${urlPath}?v=${version}` : urlPath;
    },
    isCurrent: (urlPath, v) => typeof v === 'string' && v === versionOf(urlPath),
  };
}
