/**
 * The review pipeline: prepare (settings, files, context, chunks) -> Codex -> findings -> reports.
 * Executors call runReview and turn its outcome into `{ success }`; nothing here knows about Nx.
 */
import { createCodexClient } from '../codex';
import { pickTransport, prestartAppServer } from '../codex/client';
import { chatgptLoginCiNotice } from '../codex/chatgpt-login';
import type { CodexClient } from '../codex/types';
import { terminalText, stripControls } from '../sanitise';
import { BudgetGuard, currentRunId, priceOf, RunLedger, type ModelPrice } from '../budget';
import { ChunkStore, codexStoreDir } from '../chunk-store';
import { conclude, reportPaths, writeFreshReports } from './conclude-review';
import { prepareReview, resolveReviewCodex, type PreparedReview, type ReviewCodex } from './prepare-review';
import { requestOverhead } from './request-overhead';
import { reviewCallOptions, type ReviewCodexOptions } from './review-call';
import { readPreviousResult, removeReports } from './previous-result';
import { reviewChunks, type ReviewChunksInput } from './review-chunks';
import { reviewResult } from './review-result';
import { REVIEW_DEFAULTS, type ReviewOutcome, type ReviewRequest } from './types';

type Env = Record<string, string | undefined>;
type Log = (line: string) => void;

/** A review planned: Codex and its settings, the store, and every call it will make. */
interface PlannedReview {
  codex: ReviewCodex;
  codexOptions: ReviewCodexOptions;
  storeDir: string;
  overheadTokens: number;
  prepared: PreparedReview;
}

export async function runReview(request: ReviewRequest): Promise<ReviewOutcome> {
  const started = Date.now();
  // A removed transport is refused before anything is read, run or removed.
  const transport = pickTransport({ transport: request.transport });
  const env = request.env ?? process.env;
  // Any line may carry text from the repository or the model (warnings, file names, notes): no control character reaches the terminal.
  const log = (line: string) => request.log?.(stripControls(line));
  const plan = await ownWork(request, () => planReview(request, env, log));
  const { prepared } = plan;
  const previous = request.reusePrevious === false ? undefined : readPreviousResult(request.outputDir, prepared.digest);
  if (request.reusePrevious === false)
    log('a fresh review was asked for (--skip-nx-cache): the stored review.json is not reused');
  if (previous) {
    log('inputs unchanged since the last review: reusing its result (no model call)');
    return conclude(request, previous, reportPaths(request.outputDir), true, log);
  }
  removeReports(request.outputDir);
  if (prepared.calls.length === 0) log(nothingToReview(prepared));
  const loginNotice = prepared.calls.length > 0 ? chatgptLoginCiNotice(plan.codex.codexHome, env) : undefined;
  if (loginNotice) log(`warning: ${loginNotice}`);

  const price = priceOf(prepared.model, request.prices);
  const budget = createBudget(request, prepared.model, price, plan.storeDir, env, log);
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
        `reviewing ${prepared.reviewed.length} file(s) in ${prepared.calls.length} chunk(s) (codex ${prepared.binary.version}, ${client.transport}, model ${prepared.model}, ${plan.overheadTokens} tokens of Codex's own per request)`,
      );
    const answers = await reviewChunks(chunksInput(request, plan, { client, budget, env, log }));
    return await ownWork(request, () => {
      const result = reviewResult(request, prepared, answers, {
        transport: client.transport,
        price,
        run: budget.runTotals(),
        modelMs: Date.now() - modelStarted,
      });
      for (const note of result.findingNotes)
        log(`model finding ${note.action} (${note.reason}): ${terminalText(note.finding)}: ${note.detail}`);
      return conclude(request, result, writeFreshReports(request, result, started), false, log);
    });
  } finally {
    await client.close();
  }
}

/** In a batch, a piece of the review's own work waits for its turn on the thread (ReviewSchedule); alone, it runs now. */
function ownWork<T>(request: ReviewRequest, work: () => T | Promise<T>): Promise<T> {
  return request.schedule ? request.schedule.ownWork(work) : Promise.resolve().then(work);
}

/** Codex and its settings, Codex's own share of a request (measured once), then the plan: files, secrets, chunks. */
async function planReview(request: ReviewRequest, env: Env, log: Log): Promise<PlannedReview> {
  const codex = resolveReviewCodex(request);
  const storeDir = codexStoreDir(request.workspaceRoot, env);
  const codexOptions = {
    profile: request.profile,
    config: codex.codexConfig,
    passEnv: codex.passEnv,
    codexHome: codex.codexHome,
  };
  const callOptions = reviewCallOptions(codexOptions, codex.binary.version, request.workspaceRoot);
  // Batch: the shared app-server starts now and initializes while this review prepares its prompts.
  if (request.appServer) prestartAppServer(request.appServer, codex.binary, callOptions);
  const overhead = await requestOverhead({
    binary: codex.binary,
    model: codex.model,
    callOptions,
    storeDir,
    workspaceRoot: request.workspaceRoot,
    env,
  });
  const prepared = await prepareReview(request, { codex, overheadTokens: overhead.tokens });
  for (const warning of prepared.warnings) log(`warning: ${warning}`);
  const secretLine = describeSecretScan(prepared);
  if (secretLine) log(secretLine);
  return { codex, codexOptions, storeDir, overheadTokens: overhead.tokens, prepared };
}

/** The chunk calls with the request's limits (or their defaults), the chunk store unless turned off. */
function chunksInput(
  request: ReviewRequest,
  plan: PlannedReview,
  run: { client: CodexClient; budget: BudgetGuard; env: Env; log: Log },
): ReviewChunksInput {
  const { prepared, storeDir } = plan;
  const { log } = run;
  return {
    client: run.client,
    calls: prepared.calls,
    cwd: request.workspaceRoot,
    workspaceRoot: request.workspaceRoot,
    lineCounts: prepared.lineCounts,
    concurrency: request.concurrency ?? REVIEW_DEFAULTS.concurrency,
    timeoutMs: (request.timeoutSeconds ?? REVIEW_DEFAULTS.timeoutSeconds) * 1000,
    maxRetries: request.maxRetries ?? REVIEW_DEFAULTS.maxRetries,
    codexOptions: plan.codexOptions,
    model: prepared.model,
    store:
      request.chunkStore === false
        ? undefined
        : new ChunkStore({ dir: storeDir, env: run.env, warn: (message) => log(`warning: ${message}`) }),
    reuseStored: request.reusePrevious !== false,
    budget: run.budget,
    overheadTokens: prepared.overheadTokens,
    reserveOutputTokens: request.reserveOutputTokens ?? REVIEW_DEFAULTS.reserveOutputTokens,
    signal: request.signal,
    schedule: request.schedule,
    log,
  };
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
