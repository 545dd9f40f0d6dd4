/**
 * A local npm registry for end-to-end tests: verdaccio 5.33 (the root devDependency `verdaccio-5`)
 * on 127.0.0.1 with a fresh storage, serving `@nx-codex/*` from what we publish and proxying
 * everything else to the registry this machine already uses (`npm config get registry`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot as REPO_ROOT, run, type RunResult } from '@nx-codex/testing';

const VERDACCIO_BIN = join(REPO_ROOT, 'node_modules/verdaccio-5/bin/verdaccio');

export interface LocalRegistry {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** A userconfig (.npmrc) for this registry only: its URL, a dummy token, no audit/fund/update checks. */
  npmrc: string;
  /** npm_config_* variables that send npm, npx and `nx add` to this registry and nowhere else. */
  env: Record<string, string>;
  /** `npm publish` the package folder (as it is: its package.json points at dist). */
  publish(packageDir: string): RunResult;
  /** The last lines verdaccio logged (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** The registry npm uses on this machine, read without our overrides. */
export function machineRegistry(): string {
  const result = spawnSync('npm', ['config', 'get', 'registry'], { cwd: tmpdir(), encoding: 'utf8' });
  const url = result.stdout.trim();
  if (result.status !== 0 || !/^https?:\/\//.test(url)) {
    throw new Error(`\`npm config get registry\` failed (exit ${result.status}): ${result.stderr.trim() || url}`);
  }
  return url.endsWith('/') ? url : `${url}/`;
}

function verdaccioConfig(storage: string, port: number, uplink: string): string {
  return [
    `storage: ${JSON.stringify(storage)}`,
    `auth:`,
    `  htpasswd:`,
    `    file: ${JSON.stringify(join(storage, 'htpasswd'))}`,
    `    max_users: -1`,
    `uplinks:`,
    `  machine:`,
    `    url: ${JSON.stringify(uplink)}`,
    `    timeout: 60s`,
    `    max_fails: 5`,
    `packages:`,
    `  '@nx-codex/*':`,
    `    access: $all`,
    `    publish: $all`,
    `    unpublish: $all`,
    `  '**':`,
    `    access: $all`,
    `    publish: $all`,
    `    proxy: machine`,
    `web:`,
    `  enable: false`,
    `middlewares:`,
    `  audit:`,
    `    enabled: false`,
    `log: { type: stdout, format: pretty, level: warn }`,
    `listen: 127.0.0.1:${port}`,
    '',
  ].join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Resolves once verdaccio logs its "http address" line (it logs it when its server listens), then
 * checks that it answers -/ping; fails when it exits first or says nothing within `timeoutMs`.
 */
async function waitForListening(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`verdaccio did not listen within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onData = () => {
      if (/http address/.test(output())) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`verdaccio exited with code ${code} before listening`));
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(new Error(`${error.message}:\n${output()}`));
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
  const response = await fetch(`${url}-/ping`);
  if (!response.ok) throw new Error(`verdaccio listens but -/ping answered ${response.status}:\n${output()}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Starts verdaccio with a fresh storage in a temp folder; stop() kills its process group and removes the folder. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'nx-codex-registry-'));
  const storage = join(dir, 'storage');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, verdaccioConfig(storage, port, machineRegistry()));
  const npmrc = join(dir, 'npmrc');
  writeFileSync(
    npmrc,
    [
      `registry=${url}`,
      `//127.0.0.1:${port}/:_authToken=e2e-dummy-token`,
      'audit=false',
      'fund=false',
      'update-notifier=false',
      '',
    ].join('\n'),
  );

  let output = '';
  const child = spawn(process.execPath, [VERDACCIO_BIN, '--config', configPath], {
    cwd: dir,
    detached: true, // its own process group, so stop() can end it with everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process dies before stop() (Ctrl-C, a crash), do not leave verdaccio behind.
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForListening(url, child, () => output, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }

  const env = {
    npm_config_registry: url,
    npm_config_userconfig: npmrc,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return {
    url,
    npmrc,
    env,
    publish: (packageDir: string) => {
      const name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name as string;
      const result = run(
        'npm',
        [
          'publish',
          '--registry',
          url,
          '--userconfig',
          npmrc,
          '--access',
          'public',
          '--tag',
          'latest',
          '--ignore-scripts',
        ],
        packageDir,
        env,
      );
      if (result.code !== 0)
        throw new Error(`npm publish of ${name} from ${packageDir} failed (exit ${result.code}):\n${result.output}`);
      return result;
    },
    log: () => output,
    stop,
  };
}
