/**
 * Every process we start leads its own process group (spawned detached), so a Ctrl-C in the
 * terminal does not reach it: we forward it. While at least one group runs, SIGINT/SIGTERM/SIGHUP
 * handlers stop all groups (TERM, then KILL after a grace period), remove our temporary folders,
 * then re-raise the signal so the caller (Nx) sees the interrupt. An `exit` handler kills what is
 * left, synchronously. If our parent (nx) goes away without a signal reaching us (it was SIGKILLed),
 * nobody waits for our results any more: we stop the groups and exit instead of writing reports.
 */
import { removeTempDirsSync } from './temp-dirs';

export const DEFAULT_KILL_GRACE_MS = 3000;
/** How often we look whether our parent is still there while a group runs. */
export const PARENT_POLL_MS = 500;
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** Our exit status when our parent went away (128 + SIGHUP, what a hung-up terminal would give). */
const ORPHANED_EXIT_CODE = 129;

/** Why the runner stopped a process: its own timeout, the caller's abort, our interruption, or our parent's death. */
export type StopReason = 'timeout' | 'aborted' | 'interrupted' | 'orphaned';
type Interruption = NodeJS.Signals | 'orphaned';

export interface TrackedGroup {
  pid: number;
  /** Resolves when the group leader has exited. */
  exited: Promise<unknown>;
  /** Called once when our own process is interrupted or orphaned; the owner stops its process. */
  onInterrupt(reason: 'interrupted' | 'orphaned'): void;
}

const groups = new Set<TrackedGroup>();
const handlers = new Map<NodeJS.Signals, () => void>();
let exitHandler: (() => void) | undefined;
let parentPoll: NodeJS.Timeout | undefined;
let interrupting: Interruption | undefined;

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

/** Resolves after `ms`, or at once when `until` settles first; keeps the event loop alive meanwhile (the caller awaits it). */
function delay(ms: number, until?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void until?.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

/**
 * SIGTERM to the group, SIGKILL to whatever is left of it after `graceMs` (the leader may be gone
 * while its children still run). Resolves when the leader has exited.
 */
export async function terminateGroup(
  pid: number,
  exited: Promise<unknown>,
  graceMs = DEFAULT_KILL_GRACE_MS,
): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  let leaderGone = false;
  const leaderExit = exited.then(
    () => (leaderGone = true),
    () => (leaderGone = true),
  );
  await delay(graceMs, leaderExit);
  if (!leaderGone || groupExists(pid)) {
    if (leaderGone) await delay(Math.min(200, graceMs));
    signalGroup(pid, 'SIGKILL');
  }
  await leaderExit;
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
  if (interrupting) group.onInterrupt(reasonOf(interrupting));
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
    const handler = (): void => void interrupt(signal);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  exitHandler = () => {
    for (const group of groups) signalGroup(group.pid, 'SIGKILL');
  };
  process.on('exit', exitHandler);
  const parent = process.ppid;
  parentPoll = setInterval(() => {
    if (process.ppid !== parent) void interrupt('orphaned');
  }, PARENT_POLL_MS);
  parentPoll.unref();
}

function removeHandlers(): void {
  for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  handlers.clear();
  if (exitHandler) process.removeListener('exit', exitHandler);
  exitHandler = undefined;
  clearInterval(parentPoll);
  parentPoll = undefined;
}

function reasonOf(interruption: Interruption): 'interrupted' | 'orphaned' {
  return interruption === 'orphaned' ? 'orphaned' : 'interrupted';
}

async function interrupt(why: Interruption): Promise<void> {
  if (interrupting) {
    // A second Ctrl-C: no more grace.
    for (const group of groups) signalGroup(group.pid, 'SIGKILL');
    return;
  }
  interrupting = why;
  const stopping = [...groups];
  for (const group of stopping) group.onInterrupt(reasonOf(why));
  await Promise.all(stopping.map((group) => group.exited.catch(() => undefined)));
  removeHandlers();
  interrupting = undefined;
  removeTempDirsSync();
  if (why === 'orphaned') {
    // Whoever would read our results is gone: stop here rather than write reports later.
    process.exit(ORPHANED_EXIT_CODE);
  }
  // Someone else (Nx, a test runner) handles this signal: let them decide. Otherwise die of it,
  // as we would have without our handler, so the parent sees "killed by SIGINT".
  if (process.listenerCount(why) === 0) process.kill(process.pid, why);
}
