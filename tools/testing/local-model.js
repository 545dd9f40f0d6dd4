'use strict';
// Starts tools/local-model/main.js as a child process for a test, and makes sure it stops.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { httpJson } = require('./http-json');
const { makeTempDir } = require('./temp-dir');

const MAIN = path.resolve(__dirname, '..', 'local-model', 'main.js');
const READY_LINE = /^local-model listening on (http:\/\/127\.0\.0\.1:(\d+)\/v1)$/;
const START_TIMEOUT_MS = 15000;
const STOP_GRACE_MS = 3000;

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
let exitHookInstalled = false;

function killAllSync() {
  for (const child of running) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/**
 * @typedef {{ name?: string, steps: object[], repeat?: 'last' | 'cycle' }} ScenarioObject
 * @typedef {{ scenario?: string | ScenarioObject, port?: number, delayMs?: number, failRate?: number,
 *   seed?: number, logFile?: string }} StartLocalModelOptions
 */

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(killTimer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Spawns the local model server and waits for its "listening" line. The child is stopped by
 * stop() (SIGTERM, SIGKILL after 3 s), by this process's 'exit' event, and stops itself when
 * this process disappears (--parent-pid).
 * @param {StartLocalModelOptions} [options]
 */
async function startLocalModel(options = {}) {
  const ownLog = options.logFile === undefined ? makeTempDir('local-model-log-') : undefined;
  const logFile = options.logFile ?? path.join(/** @type {{ dir: string }} */ (ownLog).dir, 'requests.jsonl');
  const args = [MAIN, '--port', String(options.port ?? 0), '--log', logFile, '--parent-pid', String(process.pid)];
  if (typeof options.scenario === 'string') args.push('--scenario', options.scenario);
  if (options.delayMs !== undefined) args.push('--delay-ms', String(options.delayMs));
  if (options.failRate !== undefined) args.push('--fail-rate', String(options.failRate));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));

  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllSync);
  }
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8000);
  });

  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (/** @type {string} */ why) => {
      clearTimeout(timer);
      void stopChild(child);
      reject(
        new Error(
          `startLocalModel: ${why}\n  command: node ${args.join(' ')}\n  stderr: ${stderr.trim() || '(empty)'}`,
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`no "local-model listening on" line within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    child.on('error', (error) => fail(`could not spawn: ${error.message}`));
    child.once('exit', (code, signal) => fail(`the server exited (${signal ?? `code ${code}`}) before it listened`));
    child.stdout.setEncoding('utf8').on('data', function onData(chunk) {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining, nothing more is expected
      const match = READY_LINE.exec(stdout.slice(0, newline));
      if (!match) return fail(`unexpected first line ${JSON.stringify(stdout.slice(0, newline))}`);
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(match[1]);
    });
  });

  // The server must not keep a test runner alive; the exit hook and --parent-pid still stop it.
  child.unref();
  /** @type {any} */ (child.stdout).unref?.();
  /** @type {any} */ (child.stderr).unref?.();

  const origin = url.replace(/\/v1$/, '');
  /**
   * @param {string} method
   * @param {string} route
   * @param {unknown} [body]
   */
  const admin = async (method, route, body) => {
    const { status, json } = await httpJson(method, `${origin}${route}`, body);
    if (status !== 200)
      throw new Error(
        `local-model ${method} ${route} answered ${status}: ${json?.error?.message ?? JSON.stringify(json)}`,
      );
    return json;
  };
  if (options.scenario !== undefined && typeof options.scenario !== 'string')
    await admin('POST', '/__admin/scenario', options.scenario);

  /** @type {Promise<void> | undefined} */
  let stopping;
  return {
    url,
    port: Number(new URL(url).port),
    pid: /** @type {number} */ (child.pid),
    logFile,
    /** The logged requests since start or the last reset(), oldest first. @returns {Promise<any[]>} */
    requests: () => admin('GET', '/__admin/requests'),
    /** @param {string | ScenarioObject} scenario a scenario object, or a built-in name */
    setScenario: async (scenario) => {
      await admin('POST', '/__admin/scenario', typeof scenario === 'string' ? { name: scenario } : scenario);
    },
    /** Clears the request list and restarts the scenario at its first step. */
    reset: async () => {
      await admin('POST', '/__admin/reset');
    },
    /** Idempotent. @returns {Promise<void>} */
    stop() {
      stopping ??= stopChild(child).then(() => ownLog?.cleanup());
      return stopping;
    },
  };
}

module.exports = { startLocalModel };
