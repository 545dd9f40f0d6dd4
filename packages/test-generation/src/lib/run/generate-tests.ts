import * as path from 'node:path';
import type { CodexClient } from '@nx-codex/core';
import { CodexSession } from '../codex/codex-session';
import { resolveCodexSettings, type CodexRunSettings } from '../codex/codex-settings';
import { buildWritePrompt } from '../codex/prompt';
import { collectPromptInput } from '../codex/prompt-input';
import { planTestCommand, type TestCommandPlan } from '../tests/test-command';
import type { TestRun } from '../tests/test-run';
import type { ConfinementRules } from '../workspace/confinement';
import { recordProjectStart, type ProjectStart } from '../workspace/copy-back';
import { dirtyWorkspaceMessage, findDirtyFiles } from '../workspace/dirty-check';
import { createIsolatedCheckout } from '../workspace/isolated-checkout';
import { buildPatch } from '../workspace/patch';
import { readRepoLayout, toPosix, type RepoLayout } from '../workspace/repo-layout';
import { RunCopies } from '../workspace/run-copies';
import { takeSnapshot, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { mutationStep, projectTestRunner } from './checkout-tests';
import { handBack, keepSideEffectsOut } from './hand-back';
import { completedMessage, fillFromLoop } from './outcome';
import { GenerationRun, RefusedError } from './run-state';
import { GENERATE_DEFAULTS, type GenerateOutcome, type GenerateRequest } from './types';
import { runValidationLoop, type LoopResult } from './validation-loop';
import { startWatchdog } from './watchdog';

/** The temporary checkout a run works in, and how its tests run there. */
interface Checkout {
  layout: RepoLayout;
  /** The user's project as the run found it: what copy-back compares against. */
  start: ProjectStart;
  rules: ConfinementRules;
  snapshot: WorkspaceSnapshot;
  copies: RunCopies;
  folder: string;
  runTests(only?: string[]): Promise<TestRun>;
}

/**
 * The whole run. Codex writes and the tests run in a temporary checkout of the repository; the
 * user's working tree only ever receives the kept tests, as new files or files the user has not
 * changed since the run started. However the run ends, the checkout is removed and report.json written.
 */
export async function generateTests(request: GenerateRequest): Promise<GenerateOutcome> {
  const run = new GenerationRun(request);
  try {
    const user = readUserProject(request);
    const plan = planTests(run);
    const codex = await openCodex(run);
    const checkout = openCheckout(run, user, plan);
    const baseline = await runBaseline(run, checkout, plan);
    const collected = await collectPromptInput({
      request,
      layout: checkout.layout,
      plan,
      allowedWrites: run.allowedWrites,
      coverageBefore: baseline.coverage,
      model: codex.settings.model,
    });
    if (collected.sourceFiles.length === 0) return run.finish('completed', nothingToTestMessage(request));
    if (collected.secretsRedacted > 0)
      run.log(`${collected.secretsRedacted} secret(s) in the files for the prompt replaced by [REDACTED:<rule>]`);
    run.log(
      `asking Codex for tests of ${collected.sourceFiles.length} file(s); allowed writes: ${run.allowedWrites.join(', ')}`,
    );
    const session = (run.session = await openSession(run, checkout, codex));
    const loop = await validateTests(run, checkout, { plan, baseline, session }, buildWritePrompt(collected.input));
    handOver(run, checkout, loop, baseline);
    return run.finish('completed', completedMessage(run.report));
  } catch (error) {
    // Awaited here: the checkout must outlive fail(), which copies Codex's work out of it.
    return await run.fail(error);
  } finally {
    await run.close();
  }
}

/** Where the project is, in git terms; a project with uncommitted changes is refused unless allowDirty. */
function readUserProject(request: GenerateRequest): RepoLayout {
  const user = readRepoLayout(request.workspaceRoot, request.projectRoot);
  if (request.allowDirty) return user;
  const dirty = findDirtyFiles(user);
  if (dirty.length > 0) throw new RefusedError(dirtyWorkspaceMessage(request.project, user, dirty));
  return user;
}

function planTests(run: GenerationRun): TestCommandPlan {
  const { request } = run;
  const plan = planTestCommand({
    project: request.project,
    testCommand: request.testCommand,
    testRunner: request.testRunner,
    testTarget: request.testTarget,
  });
  run.report.testCommand = { command: plan.command, runner: plan.runner, detectedFrom: plan.detectedFrom };
  return plan;
}

/** The Codex settings (options over the workspace's config) and a client for them. */
async function openCodex(run: GenerationRun): Promise<{ settings: CodexRunSettings; client: CodexClient }> {
  const settings = await resolveCodexSettings(run.request, run.env);
  for (const notice of settings.notices) run.log(notice);
  run.report.codex.model = settings.model;
  const { createCodexClient } = await import('@nx-codex/core');
  const client = await createCodexClient({
    transport: 'exec',
    binary: run.request.codexPath,
    workspaceRoot: run.request.workspaceRoot,
    env: run.env,
  });
  run.client = client;
  run.report.codex.version = client.binary.version;
  return { settings, client };
}

/** A temporary checkout of HEAD (with the dirty project under allowDirty), watched, with its snapshot and test runner. */
function openCheckout(run: GenerationRun, user: RepoLayout, plan: TestCommandPlan): Checkout {
  const { request } = run;
  const start = recordProjectStart(user);
  const checkout = createIsolatedCheckout(user, { copyDirtyProject: request.allowDirty === true });
  run.checkout = checkout;
  run.watchdog = startWatchdog(checkout.folder, user.gitRoot);
  const layout = checkout.layout;
  run.log(
    `working in a temporary checkout of ${start.commit.slice(0, 12)}${request.allowDirty ? ' with your uncommitted project files' : ''}: ${layout.gitRoot}`,
  );
  const copies = new RunCopies(layout, request.workspaceRoot, request.outputDir, run.started);
  run.copies = copies;
  const rules: ConfinementRules = { projectDir: layout.projectDir, allowedWrites: run.allowedWrites };
  const snapshot = takeSnapshot(layout.gitRoot);
  run.snapshot = snapshot;
  const { resultsDir, env } = run;
  const runTests = projectTestRunner({
    request,
    plan,
    layout,
    rules,
    snapshot,
    resultsDir,
    env,
    checkoutFolder: checkout.folder,
  });
  return { layout, start, rules, snapshot, copies, folder: checkout.folder, runTests };
}

/** The project's tests before Codex: they must pass (or report per file), or failures could not be blamed on new tests. */
async function runBaseline(run: GenerationRun, checkout: Checkout, plan: TestCommandPlan): Promise<TestRun> {
  run.log(`baseline: ${plan.command}${plan.runner === 'jest' ? ' (Jest: per-file results and coverage)' : ''}`);
  const baseline = await checkout.runTests();
  run.report.baseline = { success: baseline.success, tests: baseline.jest?.tests, durationMs: baseline.durationMs };
  if (!baseline.success && !baseline.jest)
    throw new RefusedError(
      `The project's tests fail before Codex changed anything (\`${baseline.command}\` exit ${baseline.exitCode}), so a failing run could not be blamed on new tests. Fix them first, or point testCommand at a passing command.\n${baseline.outputTail.slice(-3000)}`,
    );
  return baseline;
}

/** One Codex thread for the run, working in the checkout's project folder. */
async function openSession(
  run: GenerationRun,
  checkout: Checkout,
  codex: { settings: CodexRunSettings; client: CodexClient },
): Promise<CodexSession> {
  const { request } = run;
  const { describeEvent } = await import('@nx-codex/core');
  return new CodexSession(
    codex.client,
    {
      // Codex's workspace-write sandbox is the checkout's project folder, never the user's tree.
      cwd: path.join(checkout.layout.gitRoot, checkout.layout.projectDir),
      model: request.model,
      profile: request.profile,
      approvalPolicy: 'never',
      config: codex.settings.config,
      timeoutMs: (request.timeoutSeconds ?? GENERATE_DEFAULTS.timeoutSeconds) * 1000,
      maxRetries: request.maxRetries ?? GENERATE_DEFAULTS.maxRetries,
      signal: request.signal,
      passEnv: codex.settings.passEnv,
      codexHome: codex.settings.codexHome,
    },
    (event) => {
      const line = describeEvent(event);
      if (line) run.log(line);
    },
  );
}

/** Write, confine, run, repair (validation-loop.ts) with the run's options. */
function validateTests(
  run: GenerationRun,
  checkout: Checkout,
  { plan, baseline, session }: { plan: TestCommandPlan; baseline: TestRun; session: CodexSession },
  writePrompt: string,
): Promise<LoopResult> {
  const { request, log, env } = run;
  const { layout, snapshot, rules, copies } = checkout;
  const measureMutants = request.mutation
    ? mutationStep({ request, plan, layout, env, checkoutFolder: checkout.folder, snapshot, rules, log })
    : undefined;
  return runValidationLoop(
    {
      session,
      snapshot,
      layout,
      rules,
      testCommand: plan.command,
      baseline,
      runTests: checkout.runTests,
      maxIterations: request.maxIterations ?? GENERATE_DEFAULTS.maxIterations,
      runs: Math.max(1, request.runs ?? GENERATE_DEFAULTS.runs),
      requireCoverageGain: request.requireCoverageGain !== false,
      measureMutants,
      canRunSomeTests: plan.directJest === true,
      copies,
      log,
    },
    writePrompt,
  );
}

/** The kept tests leave the checkout: as tests.patch in a dry run, else into the user's tree. */
function handOver(run: GenerationRun, checkout: Checkout, loop: LoopResult, baseline: TestRun): void {
  const { layout, snapshot, rules } = checkout;
  keepSideEffectsOut(snapshot, loop, rules, layout, run.log);
  fillFromLoop(run.report, loop, layout, baseline);
  const kept = loop.files.active().map((f) => f.path);
  if (run.request.dryRun) {
    run.patchText = buildPatch(snapshot, kept);
    run.report.patch = toPosix(path.relative(run.request.workspaceRoot, run.patchFile));
  } else {
    handBack(kept, layout, checkout.start, checkout.copies, run.report, run.log);
  }
}

function nothingToTestMessage(request: GenerateRequest): string {
  const include = request.include ? `, include ${request.include.join(' ')}` : '';
  return `no files to write tests for (scope ${request.scope ?? GENERATE_DEFAULTS.scope}${include}); Codex was not called`;
}
