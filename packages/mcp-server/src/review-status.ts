import { join } from 'node:path';
import { reviewOptionsOf, reviewStatus, type ReviewResult } from '@nx-codex/core';
import { executorOptions } from './executor-options';
import type { ProjectInfo } from './projects';
import { REVIEW_TARGET } from './targets';

/** Where `nx run <project>:codex-review` writes review.json, review.md and review.sarif. */
export function reviewOutputDir(workspaceRoot: string, project: string): string {
  return join(workspaceRoot, 'dist', REVIEW_TARGET, project);
}

export interface ProjectReviewStatus {
  report?: ReviewResult;
  current: boolean;
  reason: string;
}

/**
 * Whether the project's last report still answers the project as it is now (same files, context,
 * settings and target options, with `overrides` as given on the command line), without a model call.
 */
export function projectReviewStatus(
  workspaceRoot: string,
  project: ProjectInfo,
  overrides: Record<string, unknown> = {},
): ProjectReviewStatus {
  const target = project.targets[REVIEW_TARGET] ?? {};
  return reviewStatus({
    ...reviewOptionsOf(executorOptions(workspaceRoot, target, overrides)).review,
    workspaceRoot,
    project: project.name,
    projectRoot: project.root,
    outputDir: reviewOutputDir(workspaceRoot, project.name),
  });
}
