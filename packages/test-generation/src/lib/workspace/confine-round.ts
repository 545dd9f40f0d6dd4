import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { decideConfinement, isAllowedWrite, type ConfinementRules } from './confinement';
import { isGitIgnored } from '@nx-codex/core';
import type { RunCopies } from './run-copies';
import type { RejectedChangeReport } from '../run/report';
import { displayPath, type RepoLayout } from './repo-layout';
import { changesSince, removeNewFile, restorePaths, type Change, type WorkspaceSnapshot } from './workspace-snapshot';

export interface ReportedFileChange {
  /** Repository-relative. */
  path: string;
  kind: string;
}

export interface ConfinedRound {
  /** Codex's changes that stay (for now): test files in the project. */
  allowed: Change[];
  /** Changes put back this round. */
  rejected: RejectedChangeReport[];
}

/**
 * After Codex ran: every change outside the allowed writes goes back to its snapshot state.
 * Git shows tracked and untracked files; Codex's own file_change events add the git-ignored
 * files it wrote, which git cannot see.
 */
export function confineRound(options: {
  snapshot: WorkspaceSnapshot;
  layout: RepoLayout;
  rules: ConfinementRules;
  reportedChanges: ReportedFileChange[];
  round: number;
  copies: RunCopies;
}): ConfinedRound {
  const { snapshot, layout, rules, round, copies } = options;
  const changes = changesSince(snapshot);
  const decision = decideConfinement(changes, rules);
  const rejected: RejectedChangeReport[] = decision.rejected.map((r) =>
    withCopy({ ...r, path: displayPath(layout, r.path), restored: true, round }, copies.keep(r.path)),
  );
  restorePaths(
    snapshot,
    decision.rejected.map((r) => r.path),
  );

  const seen = new Set(changes.map((c) => c.path));
  for (const reported of options.reportedChanges) {
    if (seen.has(reported.path)) continue;
    seen.add(reported.path);
    if (!isGitIgnored(layout.gitRoot, reported.path)) continue; // git sees it: handled above
    const exists = existsSync(path.join(layout.gitRoot, reported.path));
    const created = reported.kind === 'add';
    const savedAs = exists ? copies.keep(reported.path) : undefined;
    if (created && exists) removeNewFile(snapshot, reported.path);
    const detail = isAllowedWrite(reported.path, rules)
      ? 'written to a git-ignored place (the test runner would not see it in review)'
      : 'outside the allowed writes, in a git-ignored place';
    rejected.push({
      path: displayPath(layout, reported.path),
      kind: created ? 'added' : reported.kind === 'delete' ? 'deleted' : 'modified',
      reason: 'git-ignored',
      detail: created ? detail : `${detail}; git has no copy of it, so it could not be restored`,
      restored: created,
      round,
      ...(savedAs ? { savedAs } : {}),
    });
  }
  return { allowed: decision.allowed, rejected };
}

function withCopy(report: RejectedChangeReport, savedAs: string | undefined): RejectedChangeReport {
  return savedAs ? { ...report, savedAs } : report;
}
