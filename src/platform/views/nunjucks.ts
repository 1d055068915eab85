import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { dateInputParams } from '../http/date-fields.js';
import { formatDate, formatDateTime } from './format.js';
import { labels } from './labels.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Templates: `layout.njk` and shared partials from src/platform/views/templates; a module's pages
 * as "<module>/views/<page>.njk"; GOV.UK and MoJ components from their packages.
 */
export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure(
    [
      path.join(root, 'src/platform/views/templates'),
      path.join(root, 'src/modules'),
      path.join(root, 'node_modules/govuk-frontend/dist'),
      path.join(root, 'node_modules/@ministryofjustice/frontend'),
    ],
    { autoescape: true, throwOnUndefined: false, noCache: process.env.NODE_ENV === 'development' },
  );
  env.addFilter('date', (v: unknown) => formatDate(v));
  env.addFilter('dateTime', (v: unknown) => formatDateTime(v));
  env.addFilter('label', (v: unknown, kind: keyof typeof labels) => {
    const table = labels[kind] as Record<string, string>;
    return typeof v === 'string' ? (table[v] ?? v) : '';
  });
  env.addGlobal('labels', labels);
  env.addGlobal('dateInputParams', dateInputParams);
  return env;
}

export const publicDir = path.join(root, 'public');
export const govukAssetsDir = path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets');
export const govukDistDir = path.join(root, 'node_modules/govuk-frontend/dist/govuk');
export const mojDir = path.join(root, 'node_modules/@ministryofjustice/frontend/moj');
