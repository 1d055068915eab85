import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for actions (core, per case). */
export const leak: LeakCoverage = {
  routes: [],
  tables: [],
  calls() {},
};
