import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, type CodexClient } from '@nx-codex/core';
import { CodexSession } from '../codex/codex-session';
import { resolveCodexSettings } from '../codex/codex-settings';
import { buildWritePrompt } from '../codex/prompt';
import { collectPromptInput } from '../codex/prompt-input';
import { isTestFile, snapshotOwner } from '../tests/judge-run';
import { planTestCommand, type TestCommandPlan } from '../tests/test-command';
import { runTests, type TestRun } from '../tests/test-run';
import { DEFAULT_ALLOWED_WRITES, isAllowedWrite, type ConfinementRules } from '../workspace/confinement';
import { copyBack, recordProjectStart, type ProjectStart } from '../workspace/copy-back';
import { dirtyWorkspaceMessage, findDirtyFiles } from '../workspace/dirty-check';
import { createIsolatedCheckout, type IsolatedCheckout } from '../workspace/isolated-checkout';
import { buildPatch } from '../workspace/patch';
import { displayPath, readRepoLayout, toPosix, type RepoLayout } from '../workspace/repo-layout';
import { RunCopies } from '../workspace/run-copies';
import { changesSince, restorePaths, takeSnapshot, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { stoppedByUser } from './cancellation';
import { completedMessage, emptyReport, fillFromLoop, markConflicts } from './outcome';
import { renderSummary, summarize, writeReportAtomically } from './report';
import { GENERATE_DEFAULTS, type GenerateOutcome, type GenerateRequest } from './types';
import { runValidationLoop, type LoopResult } from './validation-loop';
import { mutantMeasurer, type MutantMeasurer } from '../mutation/mutation-filter';
import { startWatchdog, type Watchdog } from './watchdog';

const REPORT_FILE = 'report.json';
const PATCH_FILE = 'tests.patch';

/**
 * The whole run. Codex writes and the tests run in a temporary checkout of the repository; the
 * user's working tree only ever receives the kept tests, as new files or files the user has not
 * changed since the run started. However the run ends, the checkout is removed.
 */
export async function generateTests(request: GenerateRequest): Promise<GenerateOutcome> {
  const started = new Date();
  const log = request.log ?? (() => undefined);
  const env = { ...(request.env ?? process.env), NX_DAEMON: 'false' };
  const reportFile = path.join(request.outputDir, REPORT_FILE);
  const patchFile = path.join(request.outputDir, PATCH_FILE);
  const allowedWrites =
    request.allowedWrites && request.allowedWrites.length > 0 ? request.allowedWrites : DEFAULT_ALLOWED_WRITES;
  const report = emptyReport(request, started.getTime());
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'codex-generate-tests-results-'));
  let checkout: IsolatedCheckout | undefined;
  let watchdog: Watchdog | undefined;
  let snapshot: WorkspaceSnapshot | undefined;
  let copies: RunCopies | undefined;
  let session: CodexSession | undefined;
  let client: CodexClient | undefined;
  let patchText: string | undefined;
  try {
    const user = readRepoLayout(request.workspaceRoot, request.projectRoot);
    if (!request.allowDirty) refuseDirtyProject(request.project, user);
    const plan = planTestCommand({
      project: request.project,
      testCommand: request.testCommand,
      testRunner: request.testRunner,
      testTarget: request.testTarget,
    });
    report.testCommand = { command: plan.command, runner: plan.runner, detectedFrom: plan.detectedFrom };
    const settings = await resolveCodexSettings(request, env);
    for (const notice of settings.notices) log(notice);
    report.codex.model = settings.model;
    const { createCodexClient, describeEvent } = await import('@nx-codex/core');
    client = await createCodexClient({
      transport: 'exec',
      binary: request.codexPath,
      workspaceRoot: request.workspaceRoot,
      env,
    });
    report.codex.version = client.binary.version;

    const start = recordProjectStart(user);
    checkout = createIsolatedCheckout(user, { copyDirtyProject: request.allowDirty === true });
    watchdog = startWatchdog(checkout.folder, user.gitRoot);
    const layout = checkout.layout;
    log(
      `working in a temporary checkout of ${start.commit.slice(0, 12)}${request.allowDirty ? ' with your uncommitted project files' : ''}: ${layout.gitRoot}`,
    );
    copies = new RunCopies(layout, request.workspaceRoot, request.outputDir, started);
    const rules: ConfinementRules = { projectDir: layout.projectDir, allowedWrites };
    snapshot = takeSnapshot(layout.gitRoot);
    const runProjectTests = projectTestRunner({
      request,
      plan,
      layout,
      rules,
      snapshot,
      resultsDir,
      env,
      checkoutFolder: checkout.folder,
    });

    log(`baseline: ${plan.command}${plan.runner === 'jest' ? ' (Jest: per-file results and coverage)' : ''}`);
    const baseline = await runProjectTests();
    report.baseline = { success: baseline.success, tests: baseline.jest?.tests, durationMs: baseline.durationMs };
    if (!baseline.success && !baseline.jest) throw new RefusedError(failingBaselineMessage(baseline));

    const collected = await collectPromptInput({
      request,
      layout,
      plan,
      allowedWrites,
      coverageBefore: baseline.coverage,
      model: settings.model,
    });
    if (collected.sourceFiles.length === 0) {
      report.message = `no files to write tests for (scope ${request.scope ?? GENERATE_DEFAULTS.scope}${request.include ? `, include ${request.include.join(' ')}` : ''}); Codex was not called`;
      report.status = 'completed';
      return finish();
    }
    if (collected.secretsRedacted > 0)
      log(`${collected.secretsRedacted} secret(s) in the files for the prompt replaced by [REDACTED:<rule>]`);
    log(
      `asking Codex for tests of ${collected.sourceFiles.length} file(s); allowed writes: ${allowedWrites.join(', ')}`,
    );
    session = new CodexSession(
      client,
      {
        // Codex's workspace-write sandbox is the checkout's project folder, never the user's tree.
        cwd: path.join(layout.gitRoot, layout.projectDir),
        model: request.model,
        profile: request.profile,
        approvalPolicy: 'never',
        config: settings.config,
        timeoutMs: (request.timeoutSeconds ?? GENERATE_DEFAULTS.timeoutSeconds) * 1000,
        maxRetries: request.maxRetries ?? GENERATE_DEFAULTS.maxRetries,
        signal: request.signal,
        passEnv: settings.passEnv,
        codexHome: settings.codexHome,
      },
      (event) => {
        const line = describeEvent(event);
        if (line) log(line);
      },
    );
    const loop = await runValidationLoop(
      {
        session,
        snapshot,
        layout,
        rules,
        testCommand: plan.command,
        baseline,
        runTests: runProjectTests,
        maxIterations: request.maxIterations ?? GENERATE_DEFAULTS.maxIterations,
        runs: Math.max(1, request.runs ?? GENERATE_DEFAULTS.runs),
        requireCoverageGain: request.requireCoverageGain !== false,
        measureMutants: request.mutation
          ? mutationStep({ request, plan, layout, env, checkoutFolder: checkout.folder, snapshot, rules, log })
          : undefined,
        canRunSomeTests: plan.directJest === true,
        copies,
        log,
      },
      buildWritePrompt(collected.input),
    );
    keepSideEffectsOut(snapshot, loop, rules, layout, log);
    fillFromLoop(report, loop, layout, baseline);
    const kept = loop.files.active().map((f) => f.path);
    if (request.dryRun) {
      patchText = buildPatch(snapshot, kept);
      report.patch = toPosix(path.relative(request.workspaceRoot, patchFile));
    } else {
      handBack(kept, layout, start, copies, report, log);
    }
    report.status = 'completed';
    report.message = completedMessage(report);
    return finish();
  } catch (error) {
    const cancelled = await stoppedByUser(error, request.signal);
    // Codex's work in the checkout is not lost with it: a copy goes to the run folder.
    if (snapshot && copies) for (const change of changesSince(snapshot)) copies.keep(change.path);
    report.status = cancelled ? 'cancelled' : 'failed';
    report.error = { message: errorMessage(error) };
    report.message = cancelled
      ? 'interrupted; your working tree was not touched'
      : error instanceof RefusedError
        ? 'refused to start'
        : 'failed; your working tree was not touched';
    return finish();
  } finally {
    await client?.close().catch(() => undefined);
    checkout?.remove();
    watchdog?.stop();
    rmSync(resultsDir, { recursive: true, force: true });
  }

  function finish(): GenerateOutcome {
    report.durationMs = Date.now() - started.getTime();
    if (session) {
      report.usage = { ...session.usage };
      report.codex.threadId = session.threadId;
      report.notes = session.messages
        .map((text, index) => ({ round: index + 1, text }))
        .filter((note) => note.text.trim() !== '');
    }
    report.summary = summarize(report.files, report.rejected);
    if (patchText !== undefined) writeFileAtomic(patchFile, patchText, { mkdir: true });
    else rmSync(patchFile, { force: true });
    if (copies && copies.size > 0) report.savedCopies = copies.folder();
    writeReportAtomically(reportFile, report);
    for (const line of renderSummary(report).split('\n')) log(line);
    return { report, reportFile, success: report.status === 'completed' };
  }
}

class RefusedError extends Error {}

/**
 * StrykerJS for `mutation: true`, or undefined (with a log line) when the project cannot have it.
 * It mutates the checkout's sources in place; whatever a stopped run left changed is put back.
 */
function mutationStep(options: {
  request: GenerateRequest;
  plan: TestCommandPlan;
  layout: RepoLayout;
  env: NodeJS.ProcessEnv;
  checkoutFolder: string;
  snapshot: WorkspaceSnapshot;
  rules: ConfinementRules;
  log: (line: string) => void;
}): MutantMeasurer | undefined {
  const { request, snapshot, rules } = options;
  const measurer = mutantMeasurer({
    ...options,
    testTarget: request.testTarget,
    timeoutSeconds: request.mutationTimeoutSeconds,
    signal: request.signal,
    cleanupPaths: [options.checkoutFolder],
  });
  if (typeof measurer !== 'function') {
    options.log(measurer.skipped);
    return undefined;
  }
  return async (tests, sources) => {
    try {
      return await measurer(tests, sources);
    } finally {
      restorePaths(
        snapshot,
        changesSince(snapshot)
          .map((c) => c.path)
          .filter((file) => !isAllowedWrite(file, rules)),
      );
    }
  };
}

function refuseDirtyProject(project: string, user: RepoLayout): void {
  const dirty = findDirtyFiles(user);
  if (dirty.length > 0) throw new RefusedError(dirtyWorkspaceMessage(project, user, dirty));
}

function failingBaselineMessage(baseline: TestRun): string {
  return `The project's tests fail before Codex changed anything (\`${baseline.command}\` exit ${baseline.exitCode}), so a failing run could not be blamed on new tests. Fix them first, or point testCommand at a passing command.\n${baseline.outputTail.slice(-3000)}`;
}

/**
 * One run of the project's tests in the checkout. What a run writes outside the allowed writes
 * (a coverage folder, a cache) is put back at once, so it is never taken for Codex's work.
 */
function projectTestRunner(options: {
  request: GenerateRequest;
  plan: TestCommandPlan;
  layout: RepoLayout;
  rules: ConfinementRules;
  snapshot: WorkspaceSnapshot;
  resultsDir: string;
  env: NodeJS.ProcessEnv;
  checkoutFolder: string;
}): (only?: string[]) => Promise<TestRun> {
  const { request, plan, layout, rules, snapshot } = options;
  const countsForCoverage = (file: string): boolean => !isTestFile(file) && !isAllowedWrite(file, rules);
  return async (only) => {
    const run = await runTests({
      plan,
      only,
      cleanupPaths: [options.checkoutFolder],
      layout,
      workDir: options.resultsDir,
      withCoverage: true,
      env: options.env,
      timeoutMs: (request.testTimeoutSeconds ?? GENERATE_DEFAULTS.testTimeoutSeconds) * 1000,
      signal: request.signal,
      countsForCoverage,
      onOutput: request.printTestOutput ? (chunk) => process.stdout.write(chunk) : undefined,
    });
    const leftovers = changesSince(snapshot)
      .map((c) => c.path)
      .filter((file) => !isAllowedWrite(file, rules));
    restorePaths(snapshot, leftovers);
    return run;
  };
}

/**
 * At the end, anything changed in the checkout that is not a kept file goes back (a Jest snapshot
 * of a removed test), except a Jest snapshot that a kept test wrote: it belongs to it.
 */
function keepSideEffectsOut(
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
function handBack(
  kept: string[],
  layout: RepoLayout,
  start: ProjectStart,
  copies: RunCopies,
  report: ReturnType<typeof emptyReport>,
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
