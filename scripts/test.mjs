#!/usr/bin/env node
// Runs every test project (unit, integration on PGlite and PostgreSQL, end-to-end in Chromium)
// with one `vitest run`, then prints one closing line, `N passed, N failed`, counted over test
// cases in all projects. Exits non-zero when anything failed, was skipped, or no test ran.
// Extra arguments go to vitest: `npm test -- --project unit`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const finalResultsFile = path.join(root, 'test-results', 'vitest.json');
// this run's own file, so two runs side by side in one checkout never read each other's results
const resultsFile = path.join(root, 'test-results', `.vitest-${process.pid}.json`);
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

fs.rmSync(resultsFile, { force: true });

const child = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RECOLO_VITEST_JSON: resultsFile },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}

const exitCode = await new Promise((resolve) => {
  child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`Could not start vitest: ${error.message}`);
    resolve(1);
  });
});

let passed = 0;
let failed = 0;
const notes = [];

if (fs.existsSync(resultsFile)) {
  const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  fs.renameSync(resultsFile, finalResultsFile);
  for (const file of report.testResults ?? []) {
    let failedHere = 0;
    let skippedHere = 0;
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failedHere += 1;
      else skippedHere += 1;
    }
    const where = path.relative(root, file.name);
    if (file.status === 'failed' && failedHere === 0) {
      // a file that failed to load or whose hook failed: the tests it could not run failed with it
      failedHere = Math.max(1, skippedHere);
      skippedHere = 0;
      notes.push(`${where} failed outside its tests (a hook or the file itself): ${firstLine(file.message)}`);
    }
    if (skippedHere > 0) {
      notes.push(
        `${where}: ${skippedHere} test(s) skipped or left to do; skipping is not allowed, so they count as failed`,
      );
      failedHere += skippedHere;
    }
    failed += failedHere;
  }
} else {
  notes.push('vitest wrote no results (see its output above)');
  failed += 1;
}

if (exitCode !== 0 && failed === 0) {
  notes.push(`vitest exited with code ${exitCode} (an error outside the tests: see its output above)`);
  failed = 1;
}
if (passed + failed === 0) notes.push('no tests ran');

for (const note of notes) console.log(`test.mjs: ${note}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 || exitCode !== 0 ? 1 : 0);

function firstLine(message) {
  return String(message || 'see the output above')
    .split('\n')[0]
    .slice(0, 300);
}
