import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type { AppServerPool } from '@nx-codex/core';
import type { ReviewExecutorSchema } from './schema';

/** Where a review task's lines go: the terminal for a single task, the task's own output in a batch. */
export interface TaskOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * One review task: options in, core's runReview, reports out, `{ success }` back. Used by the
 * single-task executor and by the batch, so both give the same result for the same task.
 * Core is loaded inside the function so that `nx show projects` and friends never pay for it.
 */
export async function runReviewTask(
  options: ReviewExecutorSchema,
  context: ExecutorContext,
  output: TaskOutput,
  batch: { appServer?: AppServerPool } = {},
): Promise<{ success: boolean }> {
  const {
    runReview,
    offlineDemoModel,
    formatError,
    checkChangesCacheKey,
    offlineWithoutScenario,
    reviewOptionsOf,
    keepCommandLineOnly,
    REVIEW_EXECUTOR,
    REVIEW_TARGET,
    resolveOutputDir,
  } = await import('@nx-codex/core');
  const project = context.projectName!;
  const projectRoot = context.projectsConfigurations.projects[project].root;
  const log = (line: string) => output.out(line.trim() ? `[codex-review ${project}] ${line}` : '');
  const fail = (message: string) => {
    output.err(`[codex-review ${project}] ${message}`);
    return { success: false };
  };
  const guarded = keepCommandLineOnly(options, context, ['trustCodexConfig', 'shellTools', 'codexPath']);
  for (const notice of guarded.notices) log(`warning: ${notice}`);

  const { review: reviewOptions } = reviewOptionsOf(guarded.options);
  const offlineProblem = offlineWithoutScenario(options, '@nx-codex/codex-review/plugin');
  if (offlineProblem) return fail(offlineProblem);
  if (reviewOptions.scope === 'changes') {
    const cacheKeyProblem = checkChangesCacheKey({
      inputs: context.target?.inputs as never,
      namedInputs: context.nxJsonConfiguration?.namedInputs as never,
      targetDefaultsSetInputs: context.nxJsonConfiguration?.targetDefaults?.[REVIEW_EXECUTOR]?.inputs !== undefined,
      changesBase: reviewOptions.base,
      changesHead: reviewOptions.head,
    });
    if (cacheKeyProblem) return fail(cacheKeyProblem);
  }

  const offlineModel = offlineDemoModel(options.offline, process.env);
  if (offlineModel && 'problem' in offlineModel) return fail(offlineModel.problem);
  if (offlineModel)
    log(
      `OFFLINE DEMO: Codex talks to the scripted local model at ${offlineModel.url}; the findings are canned answers, not a real review.`,
    );

  let outputDir: string;
  try {
    outputDir = resolveOutputDir(REVIEW_TARGET, context.root, { name: project, root: projectRoot }, options.outputPath);
  } catch (error) {
    return fail(formatError(error));
  }
  try {
    const outcome = await runReview({
      ...reviewOptions,
      // `nx ... --skip-nx-cache` (Nx sets NX_SKIP_NX_CACHE in the task's environment) asks for a fresh review, not the stored one.
      reusePrevious: process.env.NX_SKIP_NX_CACHE !== 'true' && process.env.NX_DISABLE_NX_CACHE !== 'true',
      workspaceRoot: context.root,
      project,
      projectRoot,
      outputDir,
      env: process.env,
      appServer: batch.appServer,
      log,
    });
    if (outcome.gateFailed) {
      return fail(
        `failOn ${options.failOn}: findings at or above ${options.failOn} exist (see ${join(outputDir, 'review.md')}).`,
      );
    }
    return { success: true };
  } catch (error) {
    return fail(`review failed: ${formatError(error)}`);
  }
}
