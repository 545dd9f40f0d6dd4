import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodexClient } from '@nx-codex/core';
import { CodexSession } from '../codex/codex-session';
import { resolveCodexSettings } from '../codex/codex-settings';
import { compareCoverage } from '../tests/coverage';
import { DEFAULT_ALLOWED_WRITES, isAllowedWrite, type ConfinementRules } from '../workspace/confinement';
import { dirtyWorkspaceMessage, findDirtyFiles } from '../workspace/dirty-check';
import { isTestFile, snapshotOwner } from '../tests/judge-run';
import { buildPatch } from '../workspace/patch';
import { buildWritePrompt, PROMPT_VERSION, trimMiddle } from '../codex/prompt';
import { collectPromptInput } from '../codex/prompt-input';
import { REMOVED_FOLDER, RemovedCopies } from '../workspace/removed-copies';
import { renderSummary, summarize, writeFileAtomically, writeReportAtomically, type GenerateReport } from './report';
import { displayPath, readRepoLayout, repoPath, type RepoLayout } from '../workspace/repo-layout';
import { isGitIgnored } from '../workspace/git';
import { planTestCommand } from '../tests/test-command';
import { runTests, type TestRun } from '../tests/test-run';
import { GENERATE_DEFAULTS, type GenerateOutcome, type GenerateRequest } from './types';
import { runValidationLoop, type LoopResult } from './validation-loop';
import { changesSince, removeNewFile, restorePaths, takeSnapshot, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';

const REPORT_FILE = 'report.json';
const PATCH_FILE = 'tests.patch';

/**
 * The whole run: refuse a dirty project, measure the baseline, let Codex write tests, keep what
 * passes. Whatever happens (an error, Ctrl-C), the workspace ends as it was, plus the kept tests.
 */
export async function generateTests(request: GenerateRequest): Promise<GenerateOutcome> {
  const started = Date.now();
  const log = request.log ?? (() => undefined);
  const env = request.env ?? process.env;
  const reportFile = path.join(request.outputDir, REPORT_FILE);
  const patchFile = path.join(request.outputDir, PATCH_FILE);
  const allowedWrites = request.allowedWrites && request.allowedWrites.length > 0 ? request.allowedWrites : DEFAULT_ALLOWED_WRITES;
  const report = emptyReport(request, started);

  let layout: RepoLayout | undefined;
  let snapshot: WorkspaceSnapshot | undefined;
  let session: CodexSession | undefined;
  let client: CodexClient | undefined;
  let patchText: string | undefined;
  let copies: RemovedCopies | undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), 'codex-generate-tests-'));
  try {
    layout = readRepoLayout(request.workspaceRoot, request.projectRoot);
    copies = new RemovedCopies(layout, request.outputDir);
    const rules: ConfinementRules = { projectDir: layout.projectDir, allowedWrites };
    const plan = planTestCommand({ project: request.project, testCommand: request.testCommand, testRunner: request.testRunner, testTarget: request.testTarget });
    report.testCommand = { command: plan.command, runner: plan.runner, detectedFrom: plan.detectedFrom };
    if (!request.allowDirty) {
      const dirty = findDirtyFiles(layout);
      if (dirty.length > 0) throw new RefusedError(dirtyWorkspaceMessage(request.project, layout, dirty));
    }

    const settings = await resolveCodexSettings(request, env);
    for (const notice of settings.notices) log(notice);
    report.codex.model = settings.model;
    const { createCodexClient, describeEvent } = await import('@nx-codex/core');
    client = await createCodexClient({ transport: 'exec', binary: request.codexPath, workspaceRoot: request.workspaceRoot, env });
    report.codex.version = client.binary.version;

    // Taken before the baseline: whatever the test runs leave in the working tree goes back too.
    snapshot = takeSnapshot(layout.gitRoot);
    const currentLayout = layout;
    const currentSnapshot = snapshot;
    const currentCopies = copies;
    const countsForCoverage = (file: string): boolean => !isTestFile(file) && !isAllowedWrite(file, rules);
    const testTimeoutMs = (request.testTimeoutSeconds ?? GENERATE_DEFAULTS.testTimeoutSeconds) * 1000;
    const runProjectTests = async (): Promise<TestRun> => {
      const run = await runTests({
        plan,
        layout: currentLayout,
        workDir,
        withCoverage: true,
        env,
        timeoutMs: testTimeoutMs,
        signal: request.signal,
        countsForCoverage,
        onOutput: request.printTestOutput ? (chunk) => process.stdout.write(chunk) : undefined,
      });
      putBackTestRunChanges(currentSnapshot, rules, currentLayout, currentCopies, log);
      return run;
    };

    log(`baseline: ${plan.command}${plan.runner === 'jest' ? ' (Jest: per-file results and coverage)' : ''}`);
    const baseline = await runProjectTests();
    report.baseline = { success: baseline.success, tests: baseline.jest?.tests, durationMs: baseline.durationMs };
    if (!baseline.success && !baseline.jest) {
      throw new RefusedError(
        `The project's tests fail before Codex changed anything (\`${baseline.command}\` exit ${baseline.exitCode}), so a failing run could not be blamed on new tests. Fix them first, or point testCommand at a passing command.\n${trimMiddle(baseline.outputTail, 3000)}`,
      );
    }

    const collected = collectPromptInput({ request, layout, plan, allowedWrites, coverageBefore: baseline.coverage, model: settings.model });
    if (collected.sourceFiles.length === 0) {
      report.message = `no files to write tests for (scope ${request.scope ?? GENERATE_DEFAULTS.scope}${request.include ? `, include ${request.include.join(' ')}` : ''}); Codex was not called`;
      report.status = 'completed';
      return finish();
    }
    log(`asking Codex for tests of ${collected.sourceFiles.length} file(s); allowed writes: ${allowedWrites.join(', ')}`);

    session = new CodexSession(
      client,
      {
        cwd: path.join(layout.gitRoot, layout.projectDir),
        model: request.model,
        profile: request.profile,
        approvalPolicy: 'never',
        config: settings.config,
        timeoutMs: (request.timeoutSeconds ?? GENERATE_DEFAULTS.timeoutSeconds) * 1000,
        maxRetries: request.maxRetries ?? GENERATE_DEFAULTS.maxRetries,
        signal: request.signal,
        passEnv: settings.passEnv,
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
        copies,
        log,
      },
      buildWritePrompt(collected.input),
    );
    keepSideEffectsOut(snapshot, loop, rules, layout, copies, log);
    fillFromLoop(report, loop, layout, baseline);
    if (request.dryRun) {
      const kept = loop.files.active().map((f) => f.path);
      patchText = buildPatch(snapshot, kept);
      restoreEverything(snapshot, layout, session);
      report.patch = displayPath(layout, path.relative(layout.gitRoot, patchFile));
    }
    report.status = 'completed';
    report.message = completedMessage(report);
    return finish();
  } catch (error) {
    const cancelled = request.signal?.aborted === true;
    if (snapshot && layout) {
      log(cancelled ? 'interrupted: putting the workspace back as it was' : 'failed: putting the workspace back as it was');
      restoreEverything(snapshot, layout, session, copies);
    }
    report.status = cancelled ? 'cancelled' : 'failed';
    report.error = { message: errorMessage(error) };
    report.message = cancelled ? 'interrupted; the workspace is as it was before' : error instanceof RefusedError ? 'refused to start' : 'failed; the workspace is as it was before';
    return finish();
  } finally {
    await client?.close().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }

  function finish(): GenerateOutcome {
    report.durationMs = Date.now() - started;
    if (session) {
      report.usage = { ...session.usage };
      report.codex.threadId = session.threadId;
      report.notes = session.messages.map((text, index) => ({ round: index + 1, text })).filter((note) => note.text.trim() !== '');
    }
    report.summary = summarize(report.files, report.rejected);
    // Written after every restore: a report or patch inside the repository is never "put back".
    if (patchText !== undefined) writeFileAtomically(patchFile, patchText);
    else rmSync(patchFile, { force: true });
    copies?.write();
    if (copies && copies.size > 0) report.removedCopies = path.relative(request.workspaceRoot, path.join(request.outputDir, REMOVED_FOLDER)).split(path.sep).join('/');
    writeReportAtomically(reportFile, report);
    for (const line of renderSummary(report).split('\n')) log(line);
    return { report, reportFile, success: report.status === 'completed' };
  }
}

class RefusedError extends Error {}

function emptyReport(request: GenerateRequest, started: number): GenerateReport {
  return {
    version: 1,
    project: request.project,
    projectRoot: request.projectRoot,
    status: 'failed',
    dryRun: request.dryRun === true,
    message: '',
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    summary: { written: 0, kept: 0, repaired: 0, discarded: 0, rejected: 0, testsKept: 0 },
    testCommand: { command: request.testCommand ?? '', runner: 'other', detectedFrom: '' },
    // Placeholders keep the report's key order readable; JSON drops them when unset.
    baseline: undefined,
    coverage: undefined,
    files: [],
    rejected: [],
    rounds: [],
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 },
    codex: { model: request.model, promptVersion: PROMPT_VERSION },
    notes: [],
    patch: undefined,
    removedCopies: undefined,
    error: undefined,
  };
}

function fillFromLoop(report: GenerateReport, loop: LoopResult, layout: RepoLayout, baseline: TestRun): void {
  report.files = loop.files.toReport((file) => displayPath(layout, file), (text) => trimMiddle(text, 4000));
  report.rejected = loop.rejected;
  report.rounds = loop.rounds;
  if (baseline.coverage) {
    // Nothing kept: coverage is what it was.
    report.coverage = compareCoverage(baseline.coverage, loop.finalRun?.coverage ?? baseline.coverage);
  }
}

/**
 * At the end, anything changed since the snapshot that is not a kept file goes back (a Jest
 * snapshot of a removed test), except a Jest snapshot that a kept test wrote: it belongs to it.
 */
function keepSideEffectsOut(snapshot: WorkspaceSnapshot, loop: LoopResult, rules: ConfinementRules, layout: RepoLayout, copies: RemovedCopies, log: (line: string) => void): void {
  const kept = new Set(loop.files.active().map((f) => f.path));
  const lastRound = loop.rounds[loop.rounds.length - 1]?.round ?? 1;
  const leftovers: string[] = [];
  for (const change of changesSince(snapshot)) {
    if (kept.has(change.path)) continue;
    const owner = snapshotOwner(change.path);
    if (owner !== undefined && kept.has(owner) && isAllowedWrite(change.path, rules)) loop.files.adopt(change, lastRound);
    else leftovers.push(change.path);
  }
  if (leftovers.length === 0) return;
  log(`putting back what the test runs changed: ${leftovers.map((f) => displayPath(layout, f)).join(', ')}`);
  for (const file of leftovers) copies.keep(file);
  restorePaths(snapshot, leftovers);
}

/**
 * A test run may write into the working tree (a coverage folder that is not git-ignored, a cache):
 * everything outside the allowed writes goes back at once, so it is never taken for Codex's work.
 */
function putBackTestRunChanges(snapshot: WorkspaceSnapshot, rules: ConfinementRules, layout: RepoLayout, copies: RemovedCopies, log: (line: string) => void): void {
  const changed = changesSince(snapshot)
    .map((c) => c.path)
    .filter((file) => !isAllowedWrite(file, rules));
  if (changed.length === 0) return;
  log(`putting back what the test run changed: ${changed.map((f) => displayPath(layout, f)).join(', ')}`);
  for (const file of changed) copies.keep(file);
  restorePaths(snapshot, changed);
}

/**
 * Back to the snapshot: every change since, plus git-ignored files Codex reported creating. With
 * `copies` (a failed or interrupted run), what was there is saved first.
 */
function restoreEverything(snapshot: WorkspaceSnapshot, layout: RepoLayout, session: CodexSession | undefined, copies?: RemovedCopies): void {
  const changed = changesSince(snapshot).map((c) => c.path);
  for (const file of copies ? changed : []) copies?.keep(file);
  restorePaths(snapshot, changed);
  const cwd = path.join(layout.gitRoot, layout.projectDir);
  for (const change of session?.allFileChanges ?? []) {
    const file = repoPath(layout, change.path, cwd);
    if (change.kind === 'add' && isGitIgnored(layout.gitRoot, file)) removeNewFile(snapshot, file);
  }
}

function completedMessage(report: GenerateReport): string {
  const kept = report.files.filter((f) => f.status === 'kept');
  if (report.files.length === 0) return 'completed: Codex wrote no test file, nothing kept';
  if (kept.length === 0) return `completed: nothing kept (${report.files.length} file(s) written, none passed)`;
  const coverage = report.coverage ? `, line coverage ${report.coverage.lines.beforePct}% -> ${report.coverage.lines.afterPct}%` : '';
  const where = report.dryRun ? ' (dry run: written to the patch, workspace unchanged)' : '';
  return `completed: kept ${kept.length} of ${report.files.length} test file(s)${coverage}${where}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
