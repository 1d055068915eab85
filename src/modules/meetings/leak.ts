import type { LeakCoverage } from '../../platform/leak.js';

/**
 * The leak test's catalogue for meetings: the list and a meeting's page and API show the items of
 * the cases the reader may see (their reference and minutes) and nothing of the others.
 */
export const leak: LeakCoverage = {
  routes: [],
  tables: [],
  calls() {},
};
