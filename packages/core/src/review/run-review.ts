/**
 * The review pipeline: prepare (settings, files, context, chunks) -> Codex -> findings -> reports.
 * Executors call runReview and turn its outcome into `{ success }`; nothing here knows about Nx.
 */
import { createCodexClient } from '../codex';
import { pickTransport } from '../codex/client';
import { chatgptLoginCiNotice } from '../codex/chatgpt-login';
import { sumUsage } from '../codex/usage';
import { capFindingCount, deriveVerdict, markOutsideChange, mergeFindings, meetsFailOn } from '../findings';
import type { ReviewResult } from '../findings/types';
import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  githubAnnotations,
  renderMarkdown,
  renderSummary,
  REPORT_FILES,
  repositoryPrefix,
  writeReports,
} from '../reports';
import { stripControls, terminalText } from '../sanitise';
import { BudgetGuard, costOf, currentRunId, priceOf, RunLedger, type ModelPrice } from '../budget';
import { ChunkStore, codexStoreDir } from '../chunk-store';
import { secretFindings } from '../secrets';
import { prepareReview, resolveReviewCodex } from './prepare-review';
import { requestOverhead } from './request-overhead';
import { reviewCallOptions } from './review-call';
import { readPreviousResult, removeReports } from './previous-result';
import { PROMPT_VERSION } from './prompt';
import { reviewChunks } from './review-chunks';
import { writeRunMarker } from './run-marker';
import { REVIEW_DEFAULTS, type ReviewOutcome, type ReviewRequest } from './types';

export async function runReview(request: ReviewRequest): Promise<ReviewOutcome> {
  const started = Date.now();
  // A removed transport is refused before anything is read, run or removed.
  const transport = pickTransport({ transport: request.transport });
  const env = request.env ?? process.env;
  // Any line may carry text from the repository or the model (warnings, file names, notes): no control character reaches the terminal.
  const log = (line: string) => request.log?.(stripControls(line));
  const codex = resolveReviewCodex(request);
  const storeDir = codexStoreDir(request.workspaceRoot, env);
  const codexOptions = {
    profile: request.profile,
    config: codex.codexConfig,
    passEnv: codex.passEnv,
    codexHome: codex.codexHome,
  };
  const overhead = await requestOverhead({
    binary: codex.binary,
    model: codex.model,
    callOptions: reviewCallOptions(codexOptions, codex.binary.version, request.workspaceRoot),
    storeDir,
    workspaceRoot: request.workspaceRoot,
    env,
  });
  const prepared = await prepareReview(request, { codex, overheadTokens: overhead.tokens });
  for (const warning of prepared.warnings) log(`warning: ${warning}`);
  const secretLine = describeSecretScan(prepared);
  if (secretLine) log(secretLine);

  const previous = request.reusePrevious === false ? undefined : readPreviousResult(request.outputDir, prepared.digest);
  if (request.reusePrevious === false)
    log('a fresh review was asked for (--skip-nx-cache): the stored review.json is not reused');
  if (previous) {
    log('inputs unchanged since the last review: reusing its result (no model call)');
    return conclude(request, previous, reportPaths(request.outputDir), true, log);
  }
  removeReports(request.outputDir);
  if (prepared.calls.length === 0) log(nothingToReview(prepared));
  const loginNotice = prepared.calls.length > 0 ? chatgptLoginCiNotice(codex.codexHome, env) : undefined;
  if (loginNotice) log(`warning: ${loginNotice}`);

  const price = priceOf(prepared.model, request.prices);
  const budget = createBudget(request, prepared.model, price, storeDir, env, log);
  const client = await createCodexClient({
    transport,
    binary: prepared.binary,
    workspaceRoot: request.workspaceRoot,
    appServer: request.appServer,
  });
  const modelStarted = Date.now();
  try {
    if (prepared.calls.length > 0)
      log(
        `reviewing ${prepared.reviewed.length} file(s) in ${prepared.calls.length} chunk(s) (codex ${prepared.binary.version}, ${client.transport}, model ${prepared.model}, ${overhead.tokens} tokens of Codex's own per request)`,
      );
    const answers = await reviewChunks({
      client,
      calls: prepared.calls,
      cwd: request.workspaceRoot,
      workspaceRoot: request.workspaceRoot,
      lineCounts: prepared.lineCounts,
      concurrency: request.concurrency ?? REVIEW_DEFAULTS.concurrency,
      timeoutMs: (request.timeoutSeconds ?? REVIEW_DEFAULTS.timeoutSeconds) * 1000,
      maxRetries: request.maxRetries ?? REVIEW_DEFAULTS.maxRetries,
      codexOptions,
      model: prepared.model,
      store:
        request.chunkStore === false
          ? undefined
          : new ChunkStore({ dir: storeDir, env, warn: (message) => log(`warning: ${message}`) }),
      reuseStored: request.reusePrevious !== false,
      budget,
      overheadTokens: prepared.overheadTokens,
      reserveOutputTokens: request.reserveOutputTokens ?? REVIEW_DEFAULTS.reserveOutputTokens,
      signal: request.signal,
      log,
    });
    const usage = sumUsage(answers.map((answer) => answer.usage));
    const run = budget.runTotals();
    const findingNotes = answers.flatMap((answer) => answer.notes);
    // The scan's own findings are never capped nor marked outside the change: each names a secret the user must move out.
    const modelFindings = markOutsideChange(
      capFindingCount(mergeFindings(answers.map((answer) => answer.findings)), findingNotes),
      prepared.changedLines,
    );
    const findings = mergeFindings([modelFindings, secretFindings(prepared.secrets)]);
    for (const note of findingNotes)
      log(`model finding ${note.action} (${note.reason}): ${terminalText(note.finding)}: ${note.detail}`);
    const result: ReviewResult = {
      schemaVersion: 1,
      project: request.project,
      projectRoot: request.projectRoot,
      scope: prepared.scope,
      base: prepared.base,
      head: prepared.head,
      filesReviewed: prepared.reviewed,
      filesSkipped: prepared.skipped,
      findings,
      findingNotes,
      verdict: deriveVerdict(prepared.reviewed, findings),
      ...(answers.length > 0
        ? {
            modelVerdict: answers.some((answer) => answer.modelVerdict === 'patch is incorrect')
              ? 'patch is incorrect'
              : 'patch is correct',
          }
        : {}),
      explanation: answers
        .map((answer) => answer.explanation)
        .filter(Boolean)
        .join('\n\n'),
      confidence: answers.length ? Math.min(...answers.map((answer) => answer.confidence)) : 1,
      codexVersion: prepared.binary.version,
      transport: client.transport,
      model: prepared.model,
      chunks: prepared.calls.length,
      chunkResults: prepared.calls.map((call, index) => ({
        key: call.key,
        files: call.files,
        source: answers[index].source,
        promptTokens: call.promptTokens,
      })),
      usage,
      requestOverheadTokens: prepared.overheadTokens,
      ...(price ? { cost: costOf(usage, price) } : {}),
      ...(run ? { run } : {}),
      timings: { ...prepared.timings, modelMs: Date.now() - modelStarted, reportsMs: 0, totalMs: 0 },
      contextFiles: prepared.contextFiles,
      promptVersion: PROMPT_VERSION,
      inputsDigest: prepared.digest,
      ...(prepared.refused.length
        ? {
            settingsRefused: prepared.refused.map((entry) => ({
              ...entry,
              ...(entry.file ? { file: relative(request.workspaceRoot, entry.file) } : {}),
            })),
          }
        : {}),
      createdAt: new Date().toISOString(),
    };
    return conclude(request, result, writeFreshReports(request, result, started), false, log);
  } finally {
    await client.close();
  }
}

/** The task's budget guard, with the run's shared ledger when the run can be identified. */
function createBudget(
  request: ReviewRequest,
  model: string,
  price: ModelPrice | undefined,
  storeDir: string,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): BudgetGuard {
  const runId = currentRunId(env);
  const runBudget = request.maxRunTokens !== undefined || request.maxRunCost !== undefined;
  if (runBudget && !runId)
    log(
      'warning: this review runs outside an Nx run (no nx process above it, no NX_CODEX_RUN_ID): the run budget covers this task only',
    );
  const ledger = new RunLedger(storeDir, runId ?? `task-${process.pid}-${Date.now()}`);
  return new BudgetGuard({
    task: request.project,
    model,
    price,
    ledger: runId || runBudget ? ledger : undefined,
    limits: {
      maxTaskTokens: request.maxTaskTokens,
      maxTaskCost: request.maxTaskCost,
      maxRunTokens: request.maxRunTokens,
      maxRunCost: request.maxRunCost,
    },
  });
}

/** Why no model call is made: under scope changes the usual reason is that nothing of the project changed. */
function nothingToReview(prepared: { scope: string; base?: string; head?: string; skipped: unknown[] }): string {
  const skipped =
    prepared.skipped.length > 0 ? ` (${prepared.skipped.length} file(s) skipped: see filesSkipped in review.json)` : '';
  if (prepared.scope === 'changes') {
    const base = prepared.base ? prepared.base.slice(0, 12) : 'the base';
    return `nothing to review: no file of this project changed between ${base} and ${prepared.head ?? 'the working tree'}${skipped}; no model call`;
  }
  return `nothing to review: no file was selected (include/excludeFiles)${skipped}; no model call`;
}

const reportPaths = (outputDir: string) => Object.values(REPORT_FILES).map((name) => join(outputDir, name));

/** Writes a new result's reports; the timings are completed just before review.json is rendered. */
function writeFreshReports(request: ReviewRequest, result: ReviewResult, started: number): string[] {
  const reportsStarted = Date.now();
  const written = writeReports(result, request.outputDir, {
    pathPrefix: repositoryPrefix(request.workspaceRoot),
    beforeJson: () => {
      result.timings.reportsMs = Date.now() - reportsStarted;
      result.timings.totalMs = Date.now() - started;
    },
  });
  return Object.values(written);
}

/**
 * Prints the summary, and on GitHub Actions the annotations (through `print`: a workflow command
 * counts only at the start of a line) and the job summary; marks the run for `nx-codex summary`;
 * applies the failOn gate.
 */
function conclude(
  request: ReviewRequest,
  result: ReviewResult,
  reportFiles: string[],
  reused: boolean,
  log: (line: string) => void,
): ReviewOutcome {
  const env = request.env ?? process.env;
  const reportsDir = relative(request.workspaceRoot, request.outputDir) || '.';
  // The summary sanitises the model's text itself and may colour its own words: it goes to the log as it is.
  for (const line of renderSummary(result, { reportPath: join(reportsDir, REPORT_FILES.markdown) }).split('\n'))
    request.log?.(line);
  log(`reports: ${reportsDir}/review.{json,md,sarif,rdjson}${reused ? ' (kept from the last review)' : ''}`);
  if (env.GITHUB_ACTIONS === 'true') {
    const print = request.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const line of githubAnnotations(result, { pathPrefix: repositoryPrefix(request.workspaceRoot) })) print(line);
  }
  // A project with nothing to review (the usual case under scope: changes) would only add an empty section.
  if (env.GITHUB_STEP_SUMMARY && result.verdict !== 'nothing-reviewed')
    appendStepSummary(env.GITHUB_STEP_SUMMARY, result, log);
  writeRunMarker(request.outputDir, result, reused, env);
  return {
    result,
    reused,
    gateFailed: meetsFailOn(result.findings, request.failOn ?? REVIEW_DEFAULTS.failOn),
    reportFiles,
  };
}

/** GitHub's job summary: the project's review.md, appended (other steps and projects write there too). */
function appendStepSummary(file: string, result: ReviewResult, log: (line: string) => void): void {
  try {
    appendFileSync(file, `${renderMarkdown(result)}\n`);
  } catch (error) {
    log(`warning: cannot append the job summary to GITHUB_STEP_SUMMARY (${file}): ${(error as Error).message}`);
  }
}

/** What the secret scan kept from the model, by rule and place (never a value). */
function describeSecretScan(prepared: {
  secrets: Array<{ rule: string }>;
  diffSecrets: number;
  skipped: Array<{ reason: string }>;
  timings: { secretScanMs: number };
}): string | undefined {
  const secretFiles = prepared.skipped.filter((file) => file.reason === 'secret-file').length;
  if (prepared.secrets.length === 0 && prepared.diffSecrets === 0 && secretFiles === 0) return undefined;
  const rules = [...new Set(prepared.secrets.map((hit) => hit.rule))].join(', ');
  const inDiffs = prepared.diffSecrets > 0 ? ` (+${prepared.diffSecrets} in diffs only)` : '';
  return `secret scan: ${prepared.secrets.length} secret(s) redacted${rules ? ` (${rules})` : ''}${inDiffs}, ${secretFiles} secret file(s) not sent (${prepared.timings.secretScanMs} ms)`;
}
