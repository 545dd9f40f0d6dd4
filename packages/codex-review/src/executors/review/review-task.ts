import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type { AppServerPool, ReviewSchedule } from '@nx-codex/core';
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
  batch: { appServer?: AppServerPool; schedule?: ReviewSchedule } = {},
): Promise<{ success: boolean }> {
  const core = await import('@nx-codex/core');
  const { runReview, formatError, reviewOptionsOf, keepCommandLineOnly } = core;
  const project = context.projectName;
  if (!project) {
    output.err('[codex-review] runs as a task of a project: the executor context names none.');
    return { success: false };
  }
  const projectRoot = context.projectsConfigurations.projects[project].root;
  const log = (line: string) => output.out(line.trim() ? `[codex-review ${project}] ${line}` : '');
  const fail = (message: string) => {
    output.err(`[codex-review ${project}] ${message}`);
    return { success: false };
  };
  const guarded = keepCommandLineOnly(options, context, ['trustCodexConfig', 'shellTools', 'codexPath']);
  for (const notice of guarded.notices) log(`warning: ${notice}`);

  const { review: reviewOptions } = reviewOptionsOf(guarded.options);
  const problem = configurationProblem(core, options, reviewOptions, context);
  if (problem) return fail(problem);

  const offlineProblem = checkOfflineDemo(core, options.offline, guarded.options, context, log);
  if (offlineProblem) return fail(offlineProblem);

  let outputDir: string;
  try {
    const where = { name: project, root: projectRoot };
    const projectRoots = Object.values(context.projectsConfigurations.projects).map((p) => p.root);
    outputDir = core.resolveOutputDir(core.REVIEW_TARGET, context.root, where, options.outputPath, projectRoots);
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
      schedule: batch.schedule,
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

/** Why the task cannot run as configured: offline without a scenario, or scope changes with a cache key that misses the base. */
function configurationProblem(
  core: typeof import('@nx-codex/core'),
  options: ReviewExecutorSchema,
  reviewOptions: ReturnType<(typeof import('@nx-codex/core'))['reviewOptionsOf']>['review'],
  context: ExecutorContext,
): string | undefined {
  const offlineProblem = core.offlineWithoutScenario(options, '@nx-codex/codex-review/plugin');
  if (offlineProblem || reviewOptions.scope !== 'changes') return offlineProblem;
  return core.checkChangesCacheKey({
    inputs: context.target?.inputs as never,
    namedInputs: context.nxJsonConfiguration?.namedInputs as never,
    targetDefaultsSetInputs: context.nxJsonConfiguration?.targetDefaults?.[core.REVIEW_EXECUTOR]?.inputs !== undefined,
    changesBase: reviewOptions.base,
    changesHead: reviewOptions.head,
  });
}

/**
 * `--configuration=offline`: why the run stops, or undefined after saying which scripted model answers.
 * The provider is checked in the settings as runReview reads them: the guarded options, so a
 * trustCodexConfig from project.json does not count.
 */
function checkOfflineDemo(
  core: typeof import('@nx-codex/core'),
  offline: boolean | undefined,
  guardedOptions: ReviewExecutorSchema,
  context: ExecutorContext,
  log: (line: string) => void,
): string | undefined {
  const model = core.offlineDemoModel(offline, process.env, { workspaceRoot: context.root, options: guardedOptions });
  if (model && 'problem' in model) return model.problem;
  if (model)
    log(
      `OFFLINE DEMO: Codex talks to the scripted local model at ${model.url}; the findings are canned answers, not a real review.`,
    );
  return undefined;
}
