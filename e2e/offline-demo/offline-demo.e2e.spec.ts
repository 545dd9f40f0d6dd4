/**
 * README's main job on a copy of this repository (its files as git sees them, this node_modules):
 * `nx run-many -t codex-review --configuration=offline` reviews both example projects against the
 * scripted model that the repository-only tools/offline-demo plugin starts, the second run is an
 * Nx cache hit, and codex-generate-tests offline keeps the demo's tests. Nothing of the model is in
 * the published packages.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { makeTempDir, nxEnv, repoRoot, run, type RunResult } from '@nx-codex/testing';

let copy: { dir: string; cleanup(): void };
const nx = (...args: string[]): RunResult =>
  run(
    process.execPath,
    [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args, '--outputStyle=static'],
    copy.dir,
    nxEnv(),
  );

beforeAll(() => {
  copy = makeTempDir('nx-codex-demo-');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(repoRoot, file)) && !file.startsWith('e2e/'));
  for (const file of files) {
    mkdirSync(dirname(join(copy.dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy.dir, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy.dir, 'node_modules'), 'dir');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: copy.dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'copy');
});
afterAll(() => copy?.cleanup());

/** Whether something accepts connections on 127.0.0.1:port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

it('reviews both example projects offline, then answers them from the Nx cache, and stops the model', async () => {
  const first = nx('run-many', '-t', 'codex-review', '--configuration=offline');
  expect(first.code).toBe(0);
  expect(first.output).toContain('[codex-review demo-app] OFFLINE DEMO: Codex talks to the scripted local model');
  for (const project of ['demo-app', 'demo-lib']) {
    const report = JSON.parse(readFileSync(join(copy.dir, 'dist/codex-review', project, 'review.json'), 'utf8'));
    expect(report.findings.length).toBeGreaterThan(0);
  }
  const second = nx('run-many', '-t', 'codex-review', '--configuration=offline');
  expect(second.code).toBe(0);
  expect(second.output).toContain(
    'Nx read the output from the cache instead of running the command for 2 out of 2 tasks',
  );
  // The model the plugin started served the first run (its CODEX_HOME names its port) and is stopped after each run.
  const config = readFileSync(
    join(copy.dir, 'node_modules/.cache/nx-codex-offline-demo/codex-review/config.toml'),
    'utf8',
  );
  const port = Number(/base_url = "http:\/\/127\.0\.0\.1:(\d+)\/v1"/.exec(config)?.[1]);
  expect(port).toBeGreaterThan(0);
  expect(await listening(port)).toBe(false);
});

it('runs codex-generate-tests offline on demo-lib and keeps the tests that pass', () => {
  const result = nx('run', 'demo-lib:codex-generate-tests', '--configuration=offline');
  expect(result.code).toBe(0);
  expect(result.output).toContain('OFFLINE DEMO: Codex talks to the scripted local model');
  expect(existsSync(join(copy.dir, 'examples/demo-lib/src/rate-limiter.spec.ts'))).toBe(true);
});

it('without the repository plugin, --configuration=offline sends nothing and says why', () => {
  const nxJson = JSON.parse(readFileSync(join(copy.dir, 'nx.json'), 'utf8'));
  nxJson.plugins = nxJson.plugins.filter((plugin: unknown) => plugin !== './tools/offline-demo/plugin.js');
  writeFileSync(join(copy.dir, 'nx.json'), JSON.stringify(nxJson, null, 2));
  const result = nx('run', 'demo-app:codex-review', '--configuration=offline', '--skip-nx-cache');
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('none was started here, so nothing was sent to any model');
});
