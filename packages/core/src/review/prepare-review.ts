import { findCodexBinary, NO_SHELL_TOOLS, providerEnvNames } from '../codex';
import type { CodexBinary } from '../codex/types';
import { chunkKey, codexStoreDir } from '../chunk-store';
import {
  canonicalJson,
  codexConfigOverrides,
  loadTargetSettings,
  refuseRepositoryDotenv,
  settingsFingerprint,
  type EffectiveSettings,
  type RefusedSetting,
} from '../config';
import { joinContextSources, readContextSources } from '../context/assemble-context';
import { selectFiles, type FileSelection, type SelectedFile } from '../files';
import type { SkippedFile } from '../findings/types';
import {
  CleanScanCache,
  redactDiffFromNewVersion,
  secretDetectorFingerprint,
  validateSecretOptions,
  type ScannedText,
  type SecretHit,
} from '../secrets';
import { resolve } from 'node:path';
import { reviewDigest } from './digest';
export { CODEX_INPUT_CHAR_LIMIT } from './plan-prompts';
import { planPrompts } from './plan-prompts';
import { PROMPT_VERSION } from './prompt';
import { REVIEW_DEFAULTS, type ReviewRequest } from './types';

/** The codex binary and settings of a review, resolved once (the overhead probe needs them before the plan). */
export interface ReviewCodex {
  binary: CodexBinary;
  settings: EffectiveSettings;
  /** The CODEX_HOME the settings were read from; every codex call of the review uses it. */
  codexHome: string;
  /**
   * The `-c` settings Codex is given: the allowed keys of the repository's .codex/config.toml and of
   * the options (all of them with the trust option), then the shell tools off unless `shellTools`.
   * The effective settings, review.json's model and the cache key describe exactly these.
   */
  codexConfig: Record<string, unknown>;
  /** Environment variables the codex process keeps beyond the scrub's list: the provider's credentials. */
  passEnv: string[];
  /** Repository settings kept from Codex (each also among `warnings`). */
  refused: RefusedSetting[];
  model: string;
  warnings: string[];
  settingsFingerprint: string;
}

/** One model call of the plan: a chunk of files, its prompt, and the content address of its result. */
export interface PlannedCall {
  prompt: string;
  files: string[];
  /** Tokens of the prompt: exact when counted, else its byte length (an upper bound that fits the budget). */
  promptTokens: number;
  key: string;
}

/** Everything a review decides before the model is called. Pure but for reading files and git. */
export interface PreparedReview {
  binary: CodexBinary;
  model: string;
  /** See ReviewCodex. */
  codexConfig: Record<string, unknown>;
  passEnv: string[];
  refused: RefusedSetting[];
  warnings: string[];
  scope: 'project' | 'changes';
  base?: string;
  head?: string;
  reviewed: string[];
  /** Lines of each reviewed file: findings are clamped to them. */
  lineCounts: Map<string, number>;
  /** scope 'changes': the changed line ranges of each reviewed file, to mark findings outside them. */
  changedLines?: Record<string, Array<[number, number]>>;
  skipped: SkippedFile[];
  contextFiles: string[];
  /** Secrets found in the reviewed files and context files; each was replaced by a placeholder in the prompts. */
  secrets: SecretHit[];
  /** Secrets found only in the diffs of scope 'changes' (removed lines, say): redacted there too, no line of the file to report. */
  diffSecrets: number;
  calls: PlannedCall[];
  /** Tokens Codex adds to each request (its share, measured by request-overhead.ts). */
  overheadTokens: number;
  digest: string;
  timings: { fileSelectionMs: number; secretScanMs: number; promptMs: number };
}

/**
 * A review is read-only without approvals whatever a (trusted) config says, and the shell flags go
 * last so that not even a trusted `[features]` table brings the shell back.
 */
function reviewCodexConfig(settings: EffectiveSettings, shellTools: boolean): Record<string, unknown> {
  const { sandbox_mode: _sandbox, approval_policy: _approvals, ...passed } = codexConfigOverrides(settings);
  return { ...passed, ...(shellTools ? {} : NO_SHELL_TOOLS) };
}

/** Finds codex and reads the settings of a review. */
export function resolveReviewCodex(request: ReviewRequest): ReviewCodex {
  const env = request.env ?? process.env;
  // A variable codex receives (CODEX_HOME, CODEX_BIN, a proxy…) that the repository's .env files
  // chose (the workspace's or the project's) is refused before any codex, even `codex --version`, starts.
  refuseRepositoryDotenv(request.workspaceRoot, [resolve(request.workspaceRoot, request.projectRoot)], env);
  const { settings, warnings, refused, codexHome } = loadTargetSettings({
    workspaceRoot: request.workspaceRoot,
    env,
    options: request,
  });
  const binary = findCodexBinary({ explicit: request.codexPath, env, workspaceRoot: request.workspaceRoot });
  return {
    binary,
    settings,
    codexHome,
    codexConfig: reviewCodexConfig(settings, request.shellTools === true),
    passEnv: providerEnvNames(settings),
    refused,
    model: String(settings.model?.value ?? 'default'),
    warnings: warnings.map((warning) => warning.message),
    settingsFingerprint: settingsFingerprint(settings, {
      promptVersion: PROMPT_VERSION,
      codexVersion: binary.version,
      secretDetector: secretDetectorFingerprint(),
    }),
  };
}

/** What a review reads, and the digest of it: no secret scan, no prompt (cheap enough for a status check). */
export interface ReviewInputs {
  codex: ReviewCodex;
  scope: 'project' | 'changes';
  selection: FileSelection;
  contextSources: ReturnType<typeof readContextSources>;
  digest: string;
  fileSelectionMs: number;
}

/**
 * Reads the settings, files and context of a review and digests them. The digest covers the files
 * as read plus the secret detector's fingerprint: redaction is a function of both, so a digest of
 * the redacted prompt would say nothing more, and a status check need not run the detector.
 */
export async function readReviewInputs(request: ReviewRequest, codexResolved?: ReviewCodex): Promise<ReviewInputs> {
  const env = request.env ?? process.env;
  const scope = request.scope ?? REVIEW_DEFAULTS.scope;
  validateSecretOptions(request);
  const codex = codexResolved ?? resolveReviewCodex(request);
  const selectionStarted = Date.now();
  const selection = await selectFiles({
    workspaceRoot: request.workspaceRoot,
    projectRoot: request.projectRoot,
    scope,
    base: scope === 'changes' ? (request.base ?? env.NX_BASE) : undefined,
    head: scope === 'changes' ? (request.head ?? env.NX_HEAD) : undefined,
    include: request.include,
    exclude: request.exclude,
    maxFileBytes: request.maxFileBytes ?? REVIEW_DEFAULTS.maxFileBytes,
    // Not allowSecretPaths: it may come from a pull request's project.json, and a secret file (a .env
    // CI wrote, a key) is never sent. The option lifts the content scan of source files only.
  });
  const contextSources = readContextSources({ workspaceRoot: request.workspaceRoot, projectRoot: request.projectRoot });
  const fileSelectionMs = Date.now() - selectionStarted;
  const digest = reviewDigest({
    files: selection.files,
    skipped: selection.skipped,
    context: joinContextSources(contextSources).text,
    instructions: request.instructions,
    settingsFingerprint: codex.settingsFingerprint,
    // Every `-c` Codex gets (a hash: a trusted provider's header never shows).
    request: {
      codexConfig: codex.codexConfig,
      scope,
      base: selection.base,
      head: selection.head,
      budget: request.maxPromptTokens ?? REVIEW_DEFAULTS.maxPromptTokens,
      chunkTokens: request.chunkTokens ?? REVIEW_DEFAULTS.chunkTokens,
      include: request.include ?? [],
      exclude: request.exclude ?? [],
      maxFileBytes: request.maxFileBytes ?? REVIEW_DEFAULTS.maxFileBytes,
      secrets: secretDetectorFingerprint(request),
    },
  });
  return { codex, scope, selection, contextSources, digest, fileSelectionMs };
}

/**
 * Every file and context file is scanned once, after it was read and before any prompt exists;
 * scope 'changes' sends each file's diff too, whose removed lines the file no longer holds.
 */
async function redactInputs(inputs: ReviewInputs, request: ReviewRequest) {
  const options = { disableSecretRules: request.disableSecretRules, allowSecretPaths: request.allowSecretPaths };
  const { selection } = inputs;
  const contextTexts = inputs.contextSources.map((source) => ({ path: source.file, content: source.body }));
  const cache = new CleanScanCache(
    codexStoreDir(request.workspaceRoot, request.env ?? process.env),
    request.projectRoot,
    options,
  );
  const scan = await cache.scan<ScannedText>([...selection.files, ...contextTexts]);
  // The scan keeps each item's other fields: the first ones are the selected files.
  const scanned = scan.files.slice(0, selection.files.length) as SelectedFile[];
  const diffTexts = scanned.flatMap((file) =>
    file.change?.diff ? [{ path: file.path, content: redactDiffFromNewVersion(file.change.diff, file.content) }] : [],
  );
  const diffScan = await cache.scan(diffTexts);
  cache.save();
  const diffs = new Map(diffScan.files.map((diff) => [diff.path, diff.content]));
  const files = scanned.map((file) =>
    file.change && diffs.has(file.path) ? { ...file, change: { ...file.change, diff: diffs.get(file.path) } } : file,
  );
  const context = joinContextSources(
    scan.files.slice(selection.files.length).map((text) => ({ file: text.path, body: text.content })),
  );
  const diffOnly = diffScan.hits.filter(
    (hit) => !scan.hits.some((found) => found.file === hit.file && found.rule === hit.rule),
  );
  return { files, context, hits: scan.hits, diffOnly };
}

export async function prepareReview(
  request: ReviewRequest,
  options: { codex?: ReviewCodex; overheadTokens?: number } = {},
): Promise<PreparedReview> {
  const overheadTokens = options.overheadTokens ?? 0;
  const budget = promptBudget(request, overheadTokens);
  const inputs = await readReviewInputs(request, options.codex);
  const { codex, scope, selection } = inputs;
  const { binary, model } = codex;

  const scanStarted = Date.now();
  const { files, context, hits, diffOnly } = await redactInputs(inputs, request);
  const secretScanMs = Date.now() - scanStarted;

  const promptStarted = Date.now();
  const shared = {
    project: request.project,
    projectRoot: request.projectRoot,
    scope,
    context: context.text,
    instructions: request.instructions,
  };
  const chunkTokens = request.chunkTokens ?? REVIEW_DEFAULTS.chunkTokens;
  const { prompts, reviewed, skipped: overBudget } = planPrompts(files, shared, { budget, target: chunkTokens, model });
  const sent = new Set([...reviewed, ...context.files]);
  return {
    binary,
    model,
    codexConfig: codex.codexConfig,
    passEnv: codex.passEnv,
    refused: codex.refused,
    warnings: codex.warnings,
    scope,
    base: selection.base,
    head: selection.head,
    reviewed,
    lineCounts: new Map(files.map((file) => [file.path, lineCount(file.content)])),
    changedLines:
      scope === 'changes'
        ? Object.fromEntries(files.map((file) => [file.path, file.change?.changedLines ?? []]))
        : undefined,
    skipped: [...selection.skipped, ...overBudget],
    contextFiles: context.files,
    secrets: hits.filter((hit) => sent.has(hit.file)),
    diffSecrets: diffOnly.filter((hit) => sent.has(hit.file)).length,
    calls: plannedCalls(prompts, codex),
    overheadTokens,
    digest: inputs.digest,
    timings: { fileSelectionMs: inputs.fileSelectionMs, secretScanMs, promptMs: Date.now() - promptStarted },
  };
}

/** Tokens left for our prompt in one call: maxPromptTokens less Codex's share. */
function promptBudget(request: ReviewRequest, overheadTokens: number): number {
  const maxPromptTokens = request.maxPromptTokens ?? REVIEW_DEFAULTS.maxPromptTokens;
  const budget = maxPromptTokens - overheadTokens;
  if (budget <= 0) {
    throw new Error(
      `maxPromptTokens ${maxPromptTokens} leaves nothing for the files: Codex's own share of each request is ${overheadTokens} tokens. Raise maxPromptTokens.`,
    );
  }
  return budget;
}

/** Each prompt as a call, addressed by what decides its answer: settings, Codex's `-c` table, the prompt. */
function plannedCalls(
  prompts: Array<{ prompt: string; files: string[]; tokens: number }>,
  codex: ReviewCodex,
): PlannedCall[] {
  return prompts.map((call) => ({
    prompt: call.prompt,
    files: call.files,
    promptTokens: call.tokens,
    key: chunkKey({
      settingsFingerprint: codex.settingsFingerprint,
      codexConfig: canonicalJson(codex.codexConfig),
      prompt: call.prompt,
    }),
  }));
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(content: string): number {
  const newlines = content.split('\n').length - 1;
  return content.endsWith('\n') ? newlines : newlines + 1;
}
