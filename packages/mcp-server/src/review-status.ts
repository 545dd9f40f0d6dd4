import { resolveOutputDir, reviewOptionsOf, reviewStatus, type ReviewResult } from '@nx-codex/core';
import { executorOptions } from './executor-options';
import type { ProjectInfo } from './projects';
import { GENERATE_TESTS_TARGET, REVIEW_TARGET } from './targets';

/** Where `nx run <project>:<target>` writes its reports: the target's outputPath option, as the executor reads it. */
export function targetOutputDir(
  workspaceRoot: string,
  project: ProjectInfo,
  target: typeof REVIEW_TARGET | typeof GENERATE_TESTS_TARGET,
): string {
  const options = executorOptions(workspaceRoot, project.targets[target] ?? {});
  const outputPath = typeof options.outputPath === 'string' ? options.outputPath : undefined;
  return resolveOutputDir(target, workspaceRoot, project, outputPath);
}

export function reviewOutputDir(workspaceRoot: string, project: ProjectInfo): string {
  return targetOutputDir(workspaceRoot, project, REVIEW_TARGET);
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
): Promise<ProjectReviewStatus> {
  const target = project.targets[REVIEW_TARGET] ?? {};
  return reviewStatus({
    ...reviewOptionsOf(executorOptions(workspaceRoot, target, overrides)).review,
    workspaceRoot,
    project: project.name,
    projectRoot: project.root,
    outputDir: reviewOutputDir(workspaceRoot, project),
  });
}
