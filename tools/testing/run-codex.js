'use strict';
// Runs the real `codex exec --json` once and collects its JSONL events.
const { spawn } = require('node:child_process');
const { codexBin } = require('./codex-bin');

/**
 * @typedef {{ type: string, [key: string]: any }} CodexEvent
 * @typedef {{ exitCode: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
 *   events: CodexEvent[], durationMs: number }} CodexRun
 */

/** @type {Set<number>} process group ids of running codex launchers */
const runningGroups = new Set();
let exitHookInstalled = false;

/** @param {number} pgid @param {NodeJS.Signals} signal */
function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * `node <codex.js> exec <args>` with stdin ignored (codex waits for EOF on a piped stdin) and
 * stdout read to EOF (closing it early aborts the turn). The launcher and the native binary it
 * spawns run in their own process group, killed as a whole on timeout or when this process exits.
 * @param {{ args: string[], env?: Record<string, string | undefined>, cwd?: string,
 *   version?: '0.169' | '0.153', timeoutMs?: number }} options
 * @returns {Promise<CodexRun>}
 */
function runCodexExec(options) {
  const bin = codexBin(options.version);
  const started = Date.now();
  const child = spawn(process.execPath, [bin, 'exec', ...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pgid = /** @type {number} */ (child.pid);
  runningGroups.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => runningGroups.forEach((id) => killGroup(id, 'SIGKILL')));
  }
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? 60000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pgid, 'SIGKILL');
  }, timeoutMs);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      runningGroups.delete(pgid);
      reject(new Error(`runCodexExec: could not start node ${bin}: ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      killGroup(pgid, 'SIGKILL'); // nothing of this run may outlive it
      runningGroups.delete(pgid);
      if (timedOut) stderr += `\nrunCodexExec: killed after ${timeoutMs} ms`;
      /** @type {CodexEvent[]} */
      const events = [];
      for (const line of stdout.split('\n')) {
        if (!line.trim()) continue;
        try {
          events.push(JSON.parse(line));
        } catch {
          stderr += `\nrunCodexExec: non-JSON stdout line: ${line}`;
        }
      }
      resolve({ exitCode, signal, stdout, stderr, events, durationMs: Date.now() - started });
    });
  });
}

module.exports = { runCodexExec };
