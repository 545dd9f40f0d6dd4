// @ts-check
'use strict';
/**
 * Runs one command and ties its life to the process that started us (the runner in run-process.ts).
 *
 * That process may die without warning (SIGKILL, the OOM killer, `kill -9` of nx's group), and no
 * signal handler of its own runs then. So we do not wait for a signal: the runner holds the only
 * other end of fd 3 (a socket pair). When that end closes, the runner is gone, however it died,
 * and we stop the command: SIGTERM to our process group (we lead it, the command and whatever it
 * started are in it), SIGKILL after the grace period, and remove the paths we were asked to clean.
 * Polling our parent pid covers a runner that lives on but handed the socket to a child of its own.
 *
 * Plain CommonJS with no dependency (copied as is into dist): it starts in ~40 ms and never writes
 * to stdout or stderr, which belong to the command (codex's JSONL).
 *
 * Usage: node watchdog.cjs <config JSON: {graceMs, cleanup[], shell}> <file> [args...]
 * Messages to the runner on fd 3, one JSON per line: {"started":pid} | {"spawnError":{code,message}}.
 */
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const net = require('node:net');

const PARENT_POLL_MS = 1000;
const [configText, file, ...args] = process.argv.slice(2);
/** @type {{ graceMs: number, cleanup: string[], shell: boolean }} */
const config = JSON.parse(configText);
const starter = process.ppid;
const lifeline = new net.Socket({ fd: 3, readable: true, writable: true });
let orphaned = false;

/** Sends a signal to everything in our group, ourselves included (our handlers ignore TERM). */
function signalGroup(/** @type {NodeJS.Signals} */ signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    /* nothing left */
  }
}

function cleanUp() {
  for (const target of config.cleanup) rmSync(target, { recursive: true, force: true });
}

function tell(/** @type {object} */ message) {
  if (!lifeline.destroyed) lifeline.write(`${JSON.stringify(message)}\n`);
}

const child = spawn(file, args, { stdio: 'inherit', shell: config.shell, windowsHide: true });

// A TERM or HUP sent to us alone is meant for the command; a group signal reaches it anyway.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    if (!orphaned) child.kill(signal);
  });
}
// Ctrl-C is the runner's to forward (it sends it to the group); ignoring it keeps us alive to report.
process.on('SIGINT', () => undefined);

function stopOrphan() {
  if (orphaned) return;
  orphaned = true;
  signalGroup('SIGTERM');
  setTimeout(() => {
    cleanUp();
    signalGroup('SIGKILL');
  }, config.graceMs);
}

lifeline.on('end', stopOrphan);
lifeline.on('close', stopOrphan);
lifeline.on('error', stopOrphan);
lifeline.resume();
const parentPoll = setInterval(() => {
  if (process.ppid !== starter) stopOrphan();
}, PARENT_POLL_MS);

child.once('spawn', () => tell({ started: child.pid }));
child.once('error', (error) => {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  tell({ spawnError: { code, message: error.message } });
  clearInterval(parentPoll);
  lifeline.end(() => process.exit(127));
});
child.once('exit', (code, signal) => {
  clearInterval(parentPoll);
  if (orphaned) {
    // Nobody waits for our status: clean up and end whatever the command left in the group.
    cleanUp();
    signalGroup('SIGKILL');
    return;
  }
  lifeline.removeAllListeners();
  lifeline.destroy();
  if (signal) {
    // Die of the same signal, so the runner sees what the command saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
