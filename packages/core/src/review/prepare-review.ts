import { findCodexBinary, NO_SHELL_TOOLS, providerEnvNames } from '../codex';
import type { CodexBinary } from '../codex/types';
import { codexConfigOverrides, loadSettings, settingsFingerprint, type RefusedSetting } from '../config';
import { assembleContext } from '../context';
import { countTokens, planChunks, selectFiles, type SelectedFile } from '../files';
import type { SkippedFile } from '../findings/types';
import { reviewDigest } from './digest';
import { buildReviewPrompt, promptHead, PROMPT_VERSION, renderPromptFile, type ReviewPromptInput } from './prompt';
import { REVIEW_DEFAULTS, type ReviewRequest } from './types';

/** Everything a review decides before the model is called. Pure but for reading files and git. */
export interface PreparedReview {
  binary: CodexBinary;
  model: string;
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
  prompts: string[];
  /** Tokens of each prompt: exact when chunked, else its byte length (an upper bound that fits the budget). */
  promptTokens: number[];
  digest: string;
  timings: { fileSelectionMs: number; promptMs: number };
}

type PromptShared = Omit<ReviewPromptInput, 'files' | 'allFiles' | 'chunk'>;

/**
 * The prompts of a review, each within `budget` tokens. Every token covers at least one byte, so a
 * single prompt whose byte length fits the budget needs no tokenizer (loading it costs ~150 ms);
 * only a larger project is counted exactly and split into chunks.
 */
function planPrompts(files: SelectedFile[], shared: PromptShared, budget: number, model: string) {
  const listed = files.map((file) => file.path);
  const whole = buildReviewPrompt({ ...shared, allFiles: listed, files });
  if (Buffer.byteLength(whole) <= budget) {
    return { prompts: files.length ? [whole] : [], promptTokens: files.length ? [Buffer.byteLength(whole)] : [], reviewed: listed, skipped: [] as SkippedFile[] };
  }
  const fixedTokens = countTokens(promptHead({ ...shared, allFiles: listed, chunk: { index: 0, count: 2 } }), model);
  // +2 per file: token counts of concatenated parts may differ from the sum at the seams.
  const plan = planChunks({ files, budgetTokens: budget, fixedTokens, model, fileTokens: (file) => countTokens(renderPromptFile(file), model) + 2 });
  const reviewed = plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path));
  const prompts = plan.chunks.map((chunk, index) =>
    buildReviewPrompt({ ...shared, allFiles: reviewed, files: chunk.files, chunk: { index, count: plan.chunks.length } }),
  );
  const promptTokens = prompts.map((prompt) => countTokens(prompt, model));
  const over = promptTokens.findIndex((tokens) => tokens > budget);
  if (over >= 0) {
    throw new Error(`Review prompt ${over + 1} of ${prompts.length} would carry ${promptTokens[over]} tokens, over maxPromptTokens ${budget}; nothing was sent. Raise maxPromptTokens or exclude files.`);
  }
  return { prompts, promptTokens, reviewed, skipped: plan.skipped };
}

export function prepareReview(request: ReviewRequest): PreparedReview {
  const env = request.env ?? process.env;
  const scope = request.scope ?? REVIEW_DEFAULTS.scope;
  const budget = request.maxPromptTokens ?? REVIEW_DEFAULTS.maxPromptTokens;
  const binary = findCodexBinary({ explicit: request.codexPath, env, workspaceRoot: request.workspaceRoot });
  const { settings, warnings, refused } = loadSettings({
    workspaceRoot: request.workspaceRoot,
    env,
    profile: request.profile,
    options: { model: request.model, model_reasoning_effort: request.reasoningEffort, ...request.config },
    trustRepositoryConfig: request.trustCodexConfig === true,
  });
  // A review is read-only without approvals whatever a (trusted) config says, and the shell flags go
  // last so that not even a trusted `[features]` table brings the shell back.
  const { sandbox_mode: _sandbox, approval_policy: _approvals, ...passed } = codexConfigOverrides(settings);
  const codexConfig = { ...passed, ...(request.shellTools ? {} : NO_SHELL_TOOLS) };
  const model = String(settings.model?.value ?? 'default');

  const selectionStarted = Date.now();
  const base = scope === 'changes' ? (request.base ?? env.NX_BASE) : undefined;
  const head = scope === 'changes' ? (request.head ?? env.NX_HEAD) : undefined;
  const selection = selectFiles({
    workspaceRoot: request.workspaceRoot,
    projectRoot: request.projectRoot,
    scope,
    base,
    head,
    include: request.include,
    exclude: request.exclude,
    maxFileBytes: request.maxFileBytes ?? REVIEW_DEFAULTS.maxFileBytes,
  });
  const context = assembleContext({ workspaceRoot: request.workspaceRoot, projectRoot: request.projectRoot });
  const fileSelectionMs = Date.now() - selectionStarted;

  const promptStarted = Date.now();
  const shared = { project: request.project, projectRoot: request.projectRoot, scope, context: context.text, instructions: request.instructions };
  const { prompts, promptTokens, reviewed, skipped: overBudget } = planPrompts(selection.files, shared, budget, model);
  const skipped = [...selection.skipped, ...overBudget];
  const digest = reviewDigest({
    files: selection.files,
    skipped,
    context: context.text,
    instructions: request.instructions,
    settingsFingerprint: settingsFingerprint(settings, { promptVersion: PROMPT_VERSION, codexVersion: binary.version }),
    // Every `-c` Codex gets (a hash: a trusted provider's header never shows).
    request: { codexConfig, scope, base: selection.base, head: selection.head, budget, include: request.include ?? [], exclude: request.exclude ?? [], maxFileBytes: request.maxFileBytes ?? REVIEW_DEFAULTS.maxFileBytes },
  });
  return {
    binary,
    model,
    codexConfig,
    passEnv: providerEnvNames(settings),
    refused,
    warnings: warnings.map((warning) => warning.message),
    scope,
    base: selection.base,
    head: selection.head,
    reviewed,
    lineCounts: new Map(selection.files.map((file) => [file.path, lineCount(file.content)])),
    changedLines: scope === 'changes' ? Object.fromEntries(selection.files.map((file) => [file.path, file.change?.changedLines ?? []])) : undefined,
    skipped,
    contextFiles: context.files,
    prompts,
    promptTokens,
    digest,
    timings: { fileSelectionMs, promptMs: Date.now() - promptStarted },
  };
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(content: string): number {
  const newlines = content.split('\n').length - 1;
  return content.endsWith('\n') ? newlines : newlines + 1;
}
