/**
 * Every codex process we start leads its own process group (spawned detached), so a Ctrl-C in the
 * terminal does not reach it: we forward it. While at least one group runs, SIGINT/SIGTERM/SIGHUP
 * handlers stop all groups (TERM, then KILL after a grace period), then re-raise the signal so the
 * caller (Nx) sees the interrupt. An `exit` handler kills what is left, synchronously.
 */

export const DEFAULT_KILL_GRACE_MS = 3000;
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface TrackedGroup {
  pid: number;
  /** Resolves when the group leader has exited. */
  exited: Promise<unknown>;
  /** Called once when our own process is interrupted; the owner stops its process. */
  onInterrupt(signal: NodeJS.Signals): void;
}

const groups = new Set<TrackedGroup>();
const handlers = new Map<NodeJS.Signals, () => void>();
let exitHandler: (() => void) | undefined;
let interrupting: NodeJS.Signals | undefined;

/** Sends `signal` to the whole group; false when it no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function groupExists(pid: number): boolean {
  return signalGroup(pid, 0);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * SIGTERM to the group, SIGKILL to whatever is left of it after `graceMs` (the leader may be gone
 * while its children still run). Resolves when the leader has exited.
 */
export async function terminateGroup(pid: number, exited: Promise<unknown>, graceMs = DEFAULT_KILL_GRACE_MS): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const leaderGone = await Promise.race([exited.then(() => true, () => true), delay(graceMs).then(() => false)]);
  if (!leaderGone || groupExists(pid)) {
    if (leaderGone) await delay(Math.min(200, graceMs));
    signalGroup(pid, 'SIGKILL');
  }
  await exited.catch(() => undefined);
}

/** After a normal exit: children the leader left behind in its group get TERM, then KILL. */
export function reapGroup(pid: number, graceMs = DEFAULT_KILL_GRACE_MS): void {
  if (!signalGroup(pid, 'SIGTERM')) return;
  setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs).unref();
}

/** Registers a running group; the returned function unregisters it. */
export function trackGroup(group: TrackedGroup): () => void {
  groups.add(group);
  installHandlers();
  if (interrupting) group.onInterrupt(interrupting);
  return () => {
    groups.delete(group);
    if (groups.size === 0 && !interrupting) removeHandlers();
  };
}

export function runningGroupCount(): number {
  return groups.size;
}

function installHandlers(): void {
  if (handlers.size > 0) return;
  for (const signal of FORWARDED_SIGNALS) {
    const handler = (): void => void onSignal(signal);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  exitHandler = () => {
    for (const group of groups) signalGroup(group.pid, 'SIGKILL');
  };
  process.on('exit', exitHandler);
}

function removeHandlers(): void {
  for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  handlers.clear();
  if (exitHandler) process.removeListener('exit', exitHandler);
  exitHandler = undefined;
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (interrupting) {
    // A second Ctrl-C: no more grace.
    for (const group of groups) signalGroup(group.pid, 'SIGKILL');
    return;
  }
  interrupting = signal;
  const stopping = [...groups];
  for (const group of stopping) group.onInterrupt(signal);
  await Promise.all(stopping.map((group) => group.exited.catch(() => undefined)));
  removeHandlers();
  interrupting = undefined;
  // Someone else (Nx, a test runner) handles this signal: let them decide. Otherwise die of it,
  // as we would have without our handler, so the parent sees "killed by SIGINT".
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
