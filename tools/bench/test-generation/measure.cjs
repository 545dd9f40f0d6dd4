#!/usr/bin/env node
/**
 * Wall time of `nx run lib:codex-generate-tests` on a generated library of N source files, with
 * the scripted local model writing one passing spec per file (N/4 of them re-testing what an
 * existing spec covers, so the coverage filter has something to drop). Two runs on copies of the
 * same workspace, in this order:
 *   - "nx per round": `--testCommand="npx nx run lib:test --skip-nx-cache" --requireCoverageGain=false`
 *     (every test run through a fresh `nx run`, as test generation did before it ran Jest directly)
 *   - "direct Jest": `--requireCoverageGain=false` (Jest with the project's config)
 *   - "direct Jest + coverage filter": the defaults (one more Jest run per passing file)
 * Prints each wall time, and the funnel and coverage of the second run. Not a test: asserts nothing.
 *
 *   npx nx run-many -t build --projects=core,test-generation
 *   node tools/bench/test-generation/measure.cjs [--files=20]
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const testing = require('../../testing');

const REPO = path.resolve(__dirname, '../../..');
const files = Number((process.argv.find((a) => a.startsWith('--files=')) ?? '--files=20').split('=')[1]);

function source(i) {
  return `export function f${i}(x: number): number {\n  if (x < 0) return -x * ${i};\n  if (x > 100) return 100 + ${i};\n  return x + ${i};\n}\n`;
}

function spec(i) {
  return `import { f${i} } from './f${i}';\n\ndescribe('f${i}', () => {\n  it('negates negatives', () => expect(f${i}(-1)).toBe(${i}));\n  it('caps large values', () => expect(f${i}(101)).toBe(${100 + i}));\n  it('adds otherwise', () => expect(f${i}(1)).toBe(${1 + i}));\n});\n`;
}

function createWorkspace() {
  const { dir } = testing.makeTempDir('tg-bench-');
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(path.join(REPO, 'node_modules')))
    symlinkSync(path.join(REPO, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  write('package.json', JSON.stringify({ name: 'tg-bench', private: true }));
  write('nx.json', JSON.stringify({ plugins: [{ plugin: '@nx-codex/test-generation/plugin', options: {} }] }));
  write('.gitignore', 'node_modules\ndist\n.nx\ncoverage\n');
  write(
    'lib/project.json',
    JSON.stringify({
      name: 'lib',
      root: 'lib',
      targets: { test: { executor: '@nx/jest:jest', options: { jestConfig: 'lib/jest.config.cjs' } } },
    }),
  );
  write(
    'lib/jest.config.cjs',
    `module.exports = { testEnvironment: 'node', rootDir: __dirname, roots: ['<rootDir>/src'], transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] }, moduleFileExtensions: ['ts', 'js', 'json'] };\n`,
  );
  for (let i = 1; i <= files; i++) write(`lib/src/f${i}.ts`, source(i));
  // The first quarter already has tests: Codex's copies of them add no coverage.
  for (let i = 1; i <= Math.floor(files / 4); i++) write(`lib/src/f${i}.existing.spec.ts`, spec(i));
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=b@e', '-c', 'user.name=b', 'commit', '-qm', 'init');
  return dir;
}

function scenario() {
  const body = [];
  for (let i = 1; i <= files; i++)
    body.push(
      `*** Add File: src/f${i}.spec.ts\n${spec(i)
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `+${l}`)
        .join('\n')}`,
    );
  return {
    steps: [
      {
        kind: 'apply_patch',
        patch: `*** Begin Patch\n${body.join('\n')}\n*** End Patch\n`,
        then: { kind: 'message', text: `Wrote ${files} specs.` },
      },
    ],
  };
}

async function timeRun(label, args) {
  const dir = createWorkspace();
  const model = await testing.startLocalModel({ scenario: scenario() });
  const home = testing.createCodexHome({ baseUrl: model.url });
  const env = { ...process.env, ...home.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      path.join(REPO, 'node_modules/nx/dist/bin/nx.js'),
      'run',
      'lib:codex-generate-tests',
      '--outputStyle=static',
      ...args,
    ],
    { cwd: dir, env, encoding: 'utf8' },
  );
  const seconds = (Date.now() - started) / 1000;
  await model.stop();
  home.cleanup();
  const report = JSON.parse(readFileSync(path.join(dir, 'dist/codex-generate-tests/lib/report.json'), 'utf8'));
  console.log(
    `${label}: ${seconds.toFixed(1)} s wall (exit ${run.status}), status ${report.status}, kept ${report.summary.kept} of ${report.summary.written}`,
  );
  return report;
}

(async () => {
  console.log(
    `generated library: ${files} source files, ${Math.floor(files / 4)} existing specs; load average ${require('node:os')
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  await timeRun('nx per round                 ', [
    '--testCommand=npx nx run lib:test --skip-nx-cache',
    '--requireCoverageGain=false',
  ]);
  await timeRun('direct Jest                  ', ['--requireCoverageGain=false']);
  const report = await timeRun('direct Jest + coverage filter', []);
  console.log('funnel:', JSON.stringify(report.funnel));
  const c = report.coverage;
  if (c)
    console.log(
      `coverage: lines ${c.lines.beforePct}% -> ${c.lines.afterPct}%, branches ${c.branches.beforePct}% -> ${c.branches.afterPct}%`,
    );
  const dropped = report.files.filter((f) => f.status !== 'kept').map((f) => `${f.path}: ${f.reason ?? f.status}`);
  if (dropped.length > 0) console.log(`dropped:\n  ${dropped.join('\n  ')}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
