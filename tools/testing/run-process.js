'use strict';
// Processes a test starts in a temporary workspace (nx, git, npm), with a predictable environment.
const { spawn, spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { HOST_ONLY_ENV } = require('./host-env');

/**
 * Where nx keeps its copy of its native module (about 23 MB). Nx's default is a folder per
 * workspace path under the temp folder, which nobody removes: thousands of temporary workspaces
 * filled this machine's disk once. One folder shared by every test's nx instead (nx copies to a
 * unique name and renames, so runs at once are safe; the name carries nx's version).
 */
const NATIVE_FILE_CACHE = path.join(os.tmpdir(), 'nx-codex-tests-nx-native-file-cache');

/**
 * The environment of nx in a test: no daemon, no cloud, no TUI, CI mode, one shared native file
 * cache, and none of the host's variables that nx-codex or Nx read (HOST_ONLY_ENV, set to undefined
 * so they override).
 * @param {Record<string, string | undefined>} [extra]
 * @returns {Record<string, string | undefined>}
 */
function nxEnv(extra = {}) {
  const unset = Object.fromEntries(HOST_ONLY_ENV.map((key) => [key, undefined]));
  return {
    ...unset,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_SKIP_NX_CACHE: undefined,
    NX_NATIVE_FILE_CACHE_DIRECTORY: NATIVE_FILE_CACHE,
    CI: 'true',
    ...extra,
  };
}

/**
 * `env` as a child's environment: undefined values dropped, and Jest's own variables (JEST_*,
 * NODE_ENV), which would leak into a Jest run that nx starts in turn.
 * @param {Record<string, string | undefined>} env
 * @returns {NodeJS.ProcessEnv}
 */
function cleanEnv(env) {
  /** @type {NodeJS.ProcessEnv} */
  const clean = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && !key.startsWith('JEST_') && key !== 'NODE_ENV') clean[key] = value;
  return clean;
}

/** @param {Record<string, string | undefined>} env */
const childEnv = (env) => cleanEnv({ ...process.env, ...nxEnv(), ...env });

/**
 * Runs a command to its end (4 minutes at most).
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {Record<string, string | undefined>} env merged over process.env and nxEnv()
 * @param {{ uid?: number, gid?: number }} [options] run as this user (tests run as root)
 * @returns {import('./index').RunResult}
 */
function run(command, args, cwd, env, options = {}) {
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

/**
 * Like run, without blocking. With `detached` (the default) the process leads its own group, so a
 * test can signal it (or its group) alone, as a terminal job.
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {Record<string, string | undefined>} env
 * @param {{ detached?: boolean }} [options]
 * @returns {import('./index').RunningCommand}
 */
function runAsync(command, args, cwd, env, options = {}) {
  const child = spawn(command, args, {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  /** @type {Promise<import('./index').RunResult & { signal: NodeJS.Signals | null }>} */
  const result = new Promise((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, output: `${stdout}\n${stderr}` }));
  });
  return { pid: /** @type {number} */ (child.pid), child, output: () => `${stdout}\n${stderr}`, result };
}

module.exports = { nxEnv, cleanEnv, run, runAsync };
