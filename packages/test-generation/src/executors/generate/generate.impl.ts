import type { ExecutorContext } from '@nx/devkit';
import type { GenerateExecutorSchema } from './schema';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * `@nx-codex/test-generation:generate`: options in, the generation loop, report out, `{ success }`
 * back. Heavy modules load inside the function so that loading the executor costs nothing.
 */
export default async function generateExecutor(
  options: GenerateExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const {
    offlineDemoModel,
    formatError,
    keepCommandLineOnly,
    offlineWithoutScenario,
    stripControls,
    neutraliseWorkflowCommands,
    resolveOutputDir,
    TEST_GENERATION_TARGET,
  } = await import('@nx-codex/core');
  const { generateTests } = await import('../../lib/run/generate-tests');
  const project = context.projectName as string;
  const projectConfig = context.projectsConfigurations.projects[project];
  // Log lines carry the model's notes and file paths and the repository's names: core's terminal
  // rules (no control characters or workflow commands) apply to every line, one line each.
  const log = (text: string) => {
    for (const line of text.split('\n'))
      console.log(`[codex-generate-tests ${project}] ${neutraliseWorkflowCommands(stripControls(line))}`);
  };
  const offlineModel = offlineDemoModel(options.offline, process.env);
  const offlineProblem =
    offlineWithoutScenario(options, '@nx-codex/test-generation/plugin') ??
    (offlineModel && 'problem' in offlineModel ? offlineModel.problem : undefined);
  if (offlineProblem) {
    console.error(`[codex-generate-tests ${project}] ${offlineProblem}`);
    return { success: false };
  }

  // Ctrl-C must not leave half the work behind: stop Codex and the tests, then restore the
  // workspace before we exit. While this listener exists, core does not re-raise the signal.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) return;
    log(`${signal}: stopping Codex and the tests, then restoring the workspace`);
    stop.abort(new Error(`interrupted by ${signal}`));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  try {
    if (offlineModel && 'url' in offlineModel)
      log(
        `OFFLINE DEMO: Codex talks to the scripted local model at ${offlineModel.url}; the tests come from canned answers, not a model.`,
      );
    const guarded = keepCommandLineOnly(options, context, ['trustCodexConfig', 'codexPath']);
    for (const notice of guarded.notices) log(`warning: ${notice}`);
    const { localModelScenario: _scenario, offline: _offline, outputPath, ...generateOptions } = guarded.options;
    const outcome = await generateTests({
      ...generateOptions,
      workspaceRoot: context.root,
      project,
      projectRoot: projectConfig.root,
      outputDir: resolveOutputDir(
        TEST_GENERATION_TARGET,
        context.root,
        { name: project, root: projectConfig.root },
        outputPath,
      ),
      testTarget: projectConfig.targets?.test,
      env: process.env,
      signal: stop.signal,
      log,
    });
    if (!outcome.success)
      console.error(`[codex-generate-tests ${project}] ${outcome.report.status}; report: ${outcome.reportFile}`);
    return { success: outcome.success };
  } catch (error) {
    console.error(`[codex-generate-tests ${project}] failed: ${formatError(error)}`);
    return { success: false };
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  }
}
