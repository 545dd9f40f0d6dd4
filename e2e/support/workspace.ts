/**
 * A temporary Nx workspace for end-to-end tests: real files, real git, real nx (this repo's
 * node_modules, symlinked), with the @nx-codex plugins loaded from their built dist.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const testing = require('../../tools/testing') as typeof import('../../tools/testing');

export const REPO_ROOT = resolve(__dirname, '../..');
const NX_BIN = join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

export interface TempWorkspace {
  dir: string;
  write(path: string, content: string): void;
  git(...args: string[]): string;
  nx(args: string[], env?: Record<string, string | undefined>, options?: RunOptions): RunResult;
  /** nx started in the background, leading its own process group (for tests that interrupt it). */
  nxAsync(args: string[], env?: Record<string, string | undefined>): RunningCommand;
  cleanup(): void;
}

export interface RunOptions {
  /** Run as this user and group (tests run as root: an unprivileged user sees file permissions). */
  uid?: number;
  gid?: number;
}

export interface RunningCommand {
  pid: number;
  /** Output so far. */
  output(): string;
  /** Resolves when the process has exited. */
  result: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

export interface WorkspaceSpec {
  /** project name -> files (path relative to the project root -> content); roots are `libs/<name>`. */
  projects: Record<string, Record<string, string>>;
  /** Options of the codex-review plugin registration in nx.json. */
  reviewPlugin?: Record<string, unknown>;
  files?: Record<string, string>;
}

export function createWorkspace(spec: WorkspaceSpec): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'nx-codex-e2e-'));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  write('package.json', JSON.stringify({ name: 'e2e-workspace', private: true }, null, 2));
  write('.gitignore', 'node_modules\ndist\n.nx\n');
  write(
    'nx.json',
    JSON.stringify(
      { plugins: [{ plugin: '@nx-codex/codex-review/plugin', options: spec.reviewPlugin ?? {} }] },
      null,
      2,
    ),
  );
  for (const [name, files] of Object.entries(spec.projects)) {
    write(
      `libs/${name}/project.json`,
      JSON.stringify(
        { name, projectType: 'library', targets: { noop: { executor: 'nx:noop', cache: true } } },
        null,
        2,
      ),
    );
    for (const [path, content] of Object.entries(files)) write(`libs/${name}/${path}`, content);
  }
  for (const [path, content] of Object.entries(spec.files ?? {})) write(path, content);
  const git = (...args: string[]) => run('git', args, dir, {}).stdout;
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'add', '-A');
  git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'initial');
  return {
    dir,
    write,
    git,
    nx: (args, env = {}, options = {}) =>
      run(process.execPath, [NX_BIN, ...args, '--outputStyle=static'], dir, env, options),
    nxAsync: (args, env = {}) => runAsync(process.execPath, [NX_BIN, ...args, '--outputStyle=static'], dir, env),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Environment for nx in tests: no daemon, no cloud, no colours, no TUI, nothing inherited that the product reads. */
export function nxEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const unset = Object.fromEntries(testing.HOST_ONLY_ENV.map((key) => [key, undefined]));
  return {
    ...unset,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_SKIP_NX_CACHE: undefined,
    CI: 'true',
    ...extra,
  };
}

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = { ...process.env, ...nxEnv(), ...env };
  delete merged.JEST_WORKER_ID;
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as NodeJS.ProcessEnv;
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  options: RunOptions = {},
): RunResult {
  const result = spawnSync(command, args, {
    cwd,
    env: childEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
    ...options,
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

/** Like run, without blocking: the process leads its own group, so a test can signal it (or its group) alone. */
export function runAsync(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): RunningCommand {
  const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, output: `${stdout}\n${stderr}` }));
  });
  return { pid: child.pid as number, output: () => `${stdout}\n${stderr}`, result };
}
