/**
 * The review pipeline: prepare (settings, files, context, chunks) -> Codex -> findings -> reports.
 * Executors call runReview and turn its outcome into `{ success }`; nothing here knows about Nx.
 */
import { createCodexClient } from '../codex';
import { chatgptLoginCiNotice } from '../codex/chatgpt-login';
import { resolveCodexHome } from '../config/load-settings';
import { sumUsage } from '../codex/usage';
import { capFindingCount, deriveVerdict, markOutsideChange, mergeFindings, meetsFailOn, REVIEW_OUTPUT_SCHEMA } from '../findings';
import type { ReviewResult } from '../findings/types';
import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { githubAnnotations, renderMarkdown, renderSummary, REPORT_FILES, repositoryPrefix, writeReports } from '../reports';
import { stripControls, terminalText } from '../sanitise';
import { prepareReview } from './prepare-review';
import { readPreviousResult, removeReports } from './previous-result';
import { PROMPT_VERSION } from './prompt';
import { reviewChunks } from './review-chunks';
import { writeRunMarker } from './run-marker';
import { REVIEW_DEFAULTS, type ReviewOutcome, type ReviewRequest } from './types';

export async function runReview(request: ReviewRequest): Promise<ReviewOutcome> {
  const started = Date.now();
  const env = request.env ?? process.env;
  // Any line may carry text from the repository or the model (warnings, file names, notes): no control character reaches the terminal.
  const log = (line: string) => request.log?.(stripControls(line));
  const prepared = prepareReview(request);
  for (const warning of prepared.warnings) log(`warning: ${warning}`);

  const previous = request.reusePrevious === false ? undefined : readPreviousResult(request.outputDir, prepared.digest);
  if (request.reusePrevious === false) log('a fresh review was asked for (--skip-nx-cache): the stored review.json is not reused');
  if (previous) {
    log('inputs unchanged since the last review: reusing its result (no model call)');
    return conclude(request, previous, reportPaths(request.outputDir), true, log);
  }
  removeReports(request.outputDir);
  if (prepared.prompts.length === 0) log('nothing to review: no file was selected');
  const loginNotice = prepared.prompts.length > 0 ? chatgptLoginCiNotice(resolveCodexHome(undefined, env).path, env) : undefined;
  if (loginNotice) log(`warning: ${loginNotice}`);

  const client = await createCodexClient({ transport: request.transport ?? 'exec', binary: prepared.binary, workspaceRoot: request.workspaceRoot });
  const modelStarted = Date.now();
  try {
    log(`reviewing ${prepared.reviewed.length} file(s) in ${prepared.prompts.length} call(s) (codex ${prepared.binary.version}, ${client.transport}, model ${prepared.model})`);
    const answers = await reviewChunks({
      client,
      prompts: prepared.prompts,
      cwd: request.workspaceRoot,
      workspaceRoot: request.workspaceRoot,
      allowedFiles: prepared.reviewed,
      lineCounts: prepared.lineCounts,
      concurrency: request.concurrency ?? REVIEW_DEFAULTS.concurrency,
      timeoutMs: (request.timeoutSeconds ?? REVIEW_DEFAULTS.timeoutSeconds) * 1000,
      maxRetries: request.maxRetries ?? REVIEW_DEFAULTS.maxRetries,
      codexOptions: { profile: request.profile, config: prepared.codexConfig, passEnv: prepared.passEnv, codexHome: env.CODEX_HOME },
      outputSchema: REVIEW_OUTPUT_SCHEMA,
      signal: request.signal,
      log,
    });
    const findingNotes = answers.flatMap((answer) => answer.notes);
    const findings = markOutsideChange(capFindingCount(mergeFindings(answers.map((answer) => answer.findings)), findingNotes), prepared.changedLines);
    for (const note of findingNotes) log(`model finding ${note.action} (${note.reason}): ${terminalText(note.finding)}: ${note.detail}`);
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
      ...(answers.length > 0 ? { modelVerdict: answers.some((answer) => answer.modelVerdict === 'patch is incorrect') ? 'patch is incorrect' : 'patch is correct' } : {}),
      explanation: answers.map((answer) => answer.explanation).filter(Boolean).join('\n\n'),
      confidence: answers.length ? Math.min(...answers.map((answer) => answer.confidence)) : 1,
      codexVersion: prepared.binary.version,
      transport: client.transport,
      model: prepared.model,
      chunks: prepared.prompts.length,
      usage: sumUsage(answers.map((answer) => answer.usage)),
      timings: { ...prepared.timings, modelMs: Date.now() - modelStarted, reportsMs: 0, totalMs: 0 },
      contextFiles: prepared.contextFiles,
      promptVersion: PROMPT_VERSION,
      inputsDigest: prepared.digest,
      ...(prepared.refused.length ? { settingsRefused: prepared.refused.map((entry) => ({ ...entry, ...(entry.file ? { file: relative(request.workspaceRoot, entry.file) } : {}) })) } : {}),
      createdAt: new Date().toISOString(),
    };
    return conclude(request, result, writeFreshReports(request, result, started), false, log);
  } finally {
    await client.close();
  }
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
function conclude(request: ReviewRequest, result: ReviewResult, reportFiles: string[], reused: boolean, log: (line: string) => void): ReviewOutcome {
  const env = request.env ?? process.env;
  const reportsDir = relative(request.workspaceRoot, request.outputDir) || '.';
  // The summary sanitises the model's text itself and may colour its own words: it goes to the log as it is.
  for (const line of renderSummary(result, { reportPath: join(reportsDir, REPORT_FILES.markdown) }).split('\n')) request.log?.(line);
  log(`reports: ${reportsDir}/review.{json,md,sarif,rdjson}${reused ? ' (kept from the last review)' : ''}`);
  if (env.GITHUB_ACTIONS === 'true') {
    const print = request.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const line of githubAnnotations(result, { pathPrefix: repositoryPrefix(request.workspaceRoot) })) print(line);
  }
  if (env.GITHUB_STEP_SUMMARY) appendStepSummary(env.GITHUB_STEP_SUMMARY, result, log);
  writeRunMarker(request.outputDir, result, reused, env);
  return { result, reused, gateFailed: meetsFailOn(result.findings, request.failOn ?? REVIEW_DEFAULTS.failOn), reportFiles };
}

/** GitHub's job summary: the project's review.md, appended (other steps and projects write there too). */
function appendStepSummary(file: string, result: ReviewResult, log: (line: string) => void): void {
  try {
    appendFileSync(file, `${renderMarkdown(result)}\n`);
  } catch (error) {
    log(`warning: cannot append the job summary to GITHUB_STEP_SUMMARY (${file}): ${(error as Error).message}`);
  }
}
