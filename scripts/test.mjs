#!/usr/bin/env node
// `npm test`: installs what the tests need, builds, type-checks, runs every test and ends with
// one line "N passed, N failed".
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { ensureChromium, ensureInstalled, must, root, run } from './lib.mjs';

ensureInstalled();
ensureChromium();
must('npm', ['run', 'build', '--silent']);
must('npx', ['tsc', '-p', 'tsconfig.test.json']);
must('npx', ['tsc', '-p', 'packages/guide/tsconfig.json', '--noEmit']);

const out = `${root}test-results/vitest.json`;
mkdirSync(`${root}test-results`, { recursive: true });
rmSync(out, { force: true });
const code = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0) * (r.numTotalTests ? 0 : 1);
  if (code !== 0 && failed === 0) failed = 1; // a suite that failed to load counts as a failure
} else failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
