import { snapshotOwner } from '../tests/judge-run';
import { isAllowedWrite, type ConfinementRules } from '../workspace/confinement';
import { copyBack, type ProjectStart } from '../workspace/copy-back';
import { displayPath, type RepoLayout } from '../workspace/repo-layout';
import type { RunCopies } from '../workspace/run-copies';
import { changesSince, restorePaths, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { markConflicts } from './outcome';
import type { GenerateReport } from './report';
import type { LoopResult } from './validation-loop';

/**
 * At the end, anything changed in the checkout that is not a kept file goes back (a Jest snapshot
 * of a removed test), except a Jest snapshot that a kept test wrote: it belongs to it.
 */
export function keepSideEffectsOut(
  snapshot: WorkspaceSnapshot,
  loop: LoopResult,
  rules: ConfinementRules,
  layout: RepoLayout,
  log: (line: string) => void,
): void {
  const kept = new Set(loop.files.active().map((f) => f.path));
  const lastRound = loop.rounds[loop.rounds.length - 1]?.round ?? 1;
  const leftovers: string[] = [];
  for (const change of changesSince(snapshot)) {
    if (kept.has(change.path)) continue;
    const owner = snapshotOwner(change.path);
    if (owner !== undefined && kept.has(owner) && isAllowedWrite(change.path, rules))
      loop.files.adopt(change, lastRound);
    else leftovers.push(change.path);
  }
  if (leftovers.length === 0) return;
  log(`not handing back what the test runs changed: ${leftovers.map((f) => displayPath(layout, f)).join(', ')}`);
  restorePaths(snapshot, leftovers);
}

/** The kept tests go into the user's tree; one the user changed meanwhile is a conflict, saved in the run folder instead. */
export function handBack(
  kept: string[],
  layout: RepoLayout,
  start: ProjectStart,
  copies: RunCopies,
  report: GenerateReport,
  log: (line: string) => void,
): void {
  const results = copyBack(kept, layout, start, copies);
  for (const result of results.filter((r) => r.outcome === 'conflict')) {
    log(
      `not copied: ${displayPath(layout, result.path)} changed in your working tree during the run; the generated version is in ${result.savedAs}`,
    );
  }
  markConflicts(report, results, layout);
}
