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
  const core = await import('@nx-codex/core');
  const { formatError, keepCommandLineOnly, resolveOutputDir, TEST_GENERATION_TARGET } = core;
  const { generateTests } = await import('../../lib/run/generate-tests');
  const project = context.projectName as string;
  const projectConfig = context.projectsConfigurations.projects[project];
  const log = terminalLog(core, project);
  const guarded = keepCommandLineOnly(options, context, ['trustCodexConfig', 'codexPath']);
  const offline = offlineDemo(core, guarded.options, { workspaceRoot: context.root, projectRoot: projectConfig.root });
  if ('problem' in offline) {
    console.error(`[codex-generate-tests ${project}] ${offline.problem}`);
    return { success: false };
  }

  const stop = stopOnSignals(log);

  try {
    if (offline.url)
      log(
        `OFFLINE DEMO: Codex talks to the scripted local model at ${offline.url}; the tests come from canned answers, not a model.`,
      );
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
        Object.values(context.projectsConfigurations.projects).map((p) => p.root),
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
    stop.release();
  }
}

/**
 * Ctrl-C must not leave half the work behind: the signal stops Codex and the tests, then the run
 * restores the workspace before we exit. While these listeners exist, core does not re-raise the signal.
 */
function stopOnSignals(log: (text: string) => void): { signal: AbortSignal; release(): void } {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) return;
    log(`${signal}: stopping Codex and the tests, then restoring the workspace`);
    stop.abort(new Error(`interrupted by ${signal}`));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    signal: stop.signal,
    release: () => {
      for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
    },
  };
}

/**
 * Log lines carry the model's notes and file paths and the repository's names: core's terminal
 * rules (no control characters or workflow commands) apply to every line, one line each.
 */
function terminalLog(core: typeof import('@nx-codex/core'), project: string): (text: string) => void {
  return (text) => {
    for (const line of text.split('\n'))
      console.log(`[codex-generate-tests ${project}] ${core.neutraliseWorkflowCommands(core.stripControls(line))}`);
  };
}

/** `--configuration=offline`: the local model's address, or why it cannot run. */
function offlineDemo(
  core: typeof import('@nx-codex/core'),
  options: GenerateExecutorSchema,
  where: { workspaceRoot: string; projectRoot: string },
): { problem: string } | { url?: string } {
  const problem = core.offlineWithoutScenario(options, '@nx-codex/test-generation/plugin');
  if (problem) return { problem };
  // The settings as the generation reads them (resolveCodexSettings), so the provider checked is the one used.
  const model = core.offlineDemoModel(options.offline, process.env, { ...where, options });
  if (model && 'problem' in model) return { problem: model.problem };
  return { url: model && 'url' in model ? model.url : undefined };
}
