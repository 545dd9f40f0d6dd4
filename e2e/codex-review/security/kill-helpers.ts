/**
 * SIGKILL during a run, for any nx target that runs codex (codex-review here; test generation
 * reuses it): kill nx alone, or its whole process group, while codex works, then wait (polling,
 * within a few seconds) until every process of the run has ended. A process that is gone cannot
 * write a report later, so "nothing left" plus "no report now" means no report afterwards.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCommand } from '@nx-codex/testing';
import { descendantsOf, isAlive, isCodexProcess, testing, waitFor } from '../faults/helpers';

type ProcessInfo = testing.ProcessInfo;

/** `nx`: SIGKILL to the nx process alone (its task runners live on); `group`: to nx's whole process group (`kill -9 -PGID`). */
export type KillTarget = 'nx' | 'group';

export interface KillOutcome {
  /** Every process under nx when it was killed (task runners, watchdogs, codex). */
  before: ProcessInfo[];
  /** The codex processes among them. */
  codexBefore: ProcessInfo[];
  /** Processes of `before` still alive, plus any other process naming the workspace, after the wait. */
  left: ProcessInfo[];
  /** How long it took until nothing was left (or the wait gave up), in ms. */
  settledMs: number;
}

/** How long the run may take to end everything after the kill: the watchdog's TERM grace and a margin. */
export const SETTLE_TIMEOUT_MS = 10_000;

/**
 * Waits until `codexCount` codex processes run under `nx`, SIGKILLs nx (or its group), and waits
 * until none of the processes that were under it, and none naming `workspaceDir`, is alive.
 */
export async function sigkillDuringCodex(
  nx: RunningCommand,
  target: KillTarget,
  options: { workspaceDir: string; codexCount: number },
): Promise<KillOutcome> {
  const codexBefore = await waitFor(
    `${options.codexCount} codex process(es) under nx`,
    () => {
      const found = descendantsOf(nx.pid).filter(
        (proc) => isCodexProcess(proc) && proc.cmdline.includes(options.workspaceDir),
      );
      return found.length >= options.codexCount ? found : undefined;
    },
    120_000,
  );
  const before = descendantsOf(nx.pid);
  process.kill(target === 'group' ? -nx.pid : nx.pid, 'SIGKILL');
  await nx.result;
  const killedAt = Date.now();
  const stillThere = (): ProcessInfo[] => [
    ...before.filter((proc) => isAlive(proc.pid)),
    ...testing.listProcesses(options.workspaceDir).filter((proc) => !before.some((known) => known.pid === proc.pid)),
  ];
  await waitFor('every process of the run to end', () => stillThere().length === 0, SETTLE_TIMEOUT_MS, 50).catch(
    () => undefined,
  );
  return { before, codexBefore, left: stillThere(), settledMs: Date.now() - killedAt };
}

/** A TMPDIR of the run's own, to see which `nx-codex-*` folders it leaves behind. */
export function isolatedTmpDir(): { env: { TMPDIR: string }; leftovers(): string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kill-e2e-tmp-'));
  return {
    env: { TMPDIR: dir },
    leftovers: () => (existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('nx-codex-')) : []),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
