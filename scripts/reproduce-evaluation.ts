/**
 * Reproduces the evaluation report's re-offending table from a research extract:
 *
 *   npx tsx scripts/reproduce-evaluation.ts --cases extract-…-cases.csv [--cohort referred] [--compare published.csv]
 *
 * prints the table as the report's CSV download holds it; with --compare, says whether it is the
 * same byte for byte (exit 0) or not (exit 1). The cohorts are those of /evaluation/method.
 */
import fs from 'node:fs';
import { reproduceReoffending } from '../src/modules/evaluation/reproduce.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const cases = arg('cases');
if (!cases) {
  console.error(
    'Usage: npx tsx scripts/reproduce-evaluation.ts --cases cases.csv [--cohort referred] [--compare published.csv]',
  );
  process.exit(2);
}
const table = reproduceReoffending(fs.readFileSync(cases, 'utf8'), arg('cohort') ?? 'referred');
process.stdout.write(table);
const compare = arg('compare');
if (compare) {
  const same = fs.readFileSync(compare, 'utf8') === table;
  console.error(
    same ? 'Reproduced exactly: the same as the published table.' : 'NOT the same as the published table.',
  );
  process.exit(same ? 0 : 1);
}
