import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type { ReviewExecutorSchema } from './schema';

/**
 * `@nx-codex/codex-review:review`: options in, core's runReview, reports out, `{ success }` back.
 * Core is loaded inside the function so that `nx show projects` and friends never pay for it.
 */
export default async function reviewExecutor(options: ReviewExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { runReview, startOfflineModel, formatError, keepCommandLineOnly } = await import('@nx-codex/core');
  const project = context.projectName!;
  const projectRoot = context.projectsConfigurations.projects[project].root;
  const log = (line: string) => console.log(line.trim() ? `[codex-review ${project}] ${line}` : '');
  const guarded = keepCommandLineOnly(options, context, ['trustCodexConfig', 'shellTools']);
  for (const notice of guarded.notices) log(`warning: ${notice}`);

  const localModel = options.localModelScenario
    ? await startOfflineModel(context.root, options.localModelScenario)
    : undefined;
  if (localModel) log(`OFFLINE DEMO: Codex talks to the scripted local model at ${localModel.url}; the findings are canned answers, not a real review.`);

  try {
    const { localModelScenario: _scenario, ...reviewOptions } = guarded.options;
    const outcome = await runReview({
      ...reviewOptions,
      workspaceRoot: context.root,
      project,
      projectRoot,
      outputDir: join(context.root, 'dist/codex-review', project),
      env: localModel ? { ...process.env, CODEX_HOME: localModel.codexHome } : process.env,
      log,
    });
    if (outcome.gateFailed) {
      console.error(`[codex-review ${project}] failOn ${options.failOn}: findings at or above ${options.failOn} exist (see ${join(context.root, 'dist/codex-review', project, 'review.md')}).`);
      return { success: false };
    }
    return { success: true };
  } catch (error) {
    console.error(`[codex-review ${project}] review failed: ${formatError(error)}`);
    return { success: false };
  } finally {
    await localModel?.stop();
  }
}
