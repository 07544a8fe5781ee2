#!/usr/bin/env node
// The one gate command (`npm test`): typecheck, lint and build, then unit + server tests (vitest),
// then browser tests (Playwright). CI reads neither runner's summary, so this prints the
// totals of every layer on a last line of its own: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = '.test-output';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const layers = [];

function run(name, command, args, env = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

// 1. Typecheck (tsc -b builds shared/ and server/ too), lint, and the client bundle.
const typecheck = run('typecheck', 'npx', ['tsc', '-b']);
layers.push({ name: 'typecheck', passed: typecheck ? 1 : 0, failed: typecheck ? 0 : 1 });
const lint = run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
layers.push({ name: 'lint', passed: lint ? 1 : 0, failed: lint ? 0 : 1 });
const build = run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
layers.push({ name: 'client build', passed: build ? 1 : 0, failed: build ? 0 : 1 });

// 2. Unit and server tests.
const vitestJson = join(out, 'vitest.json');
const vitestOk = run('unit + server tests', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  layers.push({ name: 'vitest', passed: vitest.numPassedTests, failed: vitest.numFailedTests + (vitestOk || vitest.numFailedTests ? 0 : 1) });
} else {
  layers.push({ name: 'vitest', passed: 0, failed: 1 });
}

// 3. Browser tests (need the build above).
const playwrightJson = join(out, 'playwright.json');
if (build && typecheck) {
  const playwrightOk = run('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  const report = existsSync(playwrightJson) ? readJson(playwrightJson) : null;
  if (report?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0 } = report.stats;
    const crashed = !playwrightOk && unexpected === 0 ? 1 : 0;
    layers.push({ name: 'playwright', passed: expected + flaky, failed: unexpected + crashed });
  } else {
    layers.push({ name: 'playwright', passed: 0, failed: 1 });
  }
} else {
  console.log('\n▶ browser tests skipped: the build failed');
  layers.push({ name: 'playwright', passed: 0, failed: 1 });
}

let passed = 0;
let failed = 0;
console.log('\nTotals by layer:');
for (const layer of layers) {
  console.log(`  ${layer.name}: ${layer.passed} passed, ${layer.failed} failed`);
  passed += layer.passed;
  failed += layer.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
