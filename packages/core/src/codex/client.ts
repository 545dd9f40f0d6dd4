import path from 'node:path';
import { resolveCodexHome } from '../config/load-settings';
import { parseStructuredAnswer, requireText } from './answer';
import { compileOutputSchema } from './schema-check';
import { findCodexBinary } from './binary';
import { withRefreshLock } from './chatgpt-login';
import { CodexError } from './errors';
import { scrubCodexEnv, SHELL_ENVIRONMENT_POLICY } from './environment';
import { AppServerTransport, type AppServerPool } from './app-server/app-server-transport';
import { ExecTransport } from './exec/exec-transport';
import { DEFAULT_KILL_GRACE_MS } from './process';
import { cancelledError, DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry';
import type { AttemptContext, Transport } from './transport';
import type {
  CodexBinary,
  CodexCallOptions,
  CodexClient,
  CodexEvent,
  CodexResult,
  CodexUsage,
  TransportChoice,
  TransportName,
} from './types';
import { subtractUsage } from './usage';
import { FIRST_VERSION_WITHOUT_MCP_SERVER, MIN_CODEX_VERSION } from './version';

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export interface CreateCodexClientOptions {
  /** `exec` (the default; `auto` means the same). `mcp`, the removed legacy transport, is refused with the reason. */
  transport?: TransportChoice;
  /** A codex path (found as `explicit`), or an already found binary. */
  binary?: string | CodexBinary;
  workspaceRoot: string;
  /** Base environment of codex processes (default: process.env). Also where CODEX_BIN and PATH are read. */
  env?: Record<string, string | undefined>;
  /** Backoff of transient retries (tests shorten it). */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Between SIGTERM and SIGKILL when a call is stopped. Default 3 s. */
  killGraceMs?: number;
  /**
   * Calls go to threads of these shared `codex app-server` processes instead of a `codex exec` each
   * (batch mode; the pool's owner closes it). Not a user option.
   */
  appServer?: AppServerPool;
}

/**
 * The legacy mcp transport drove `codex mcp-server`, which Codex removed in 0.154; exec drives every
 * Codex we support (MIN_CODEX_VERSION on). A caller still asking for it (`transport: "mcp"`, or an
 * `mcpServer` from an older nx-codex) is told so rather than silently given something else.
 */
export function pickTransport(options: { transport?: TransportChoice; mcpServer?: unknown }): 'exec' {
  const choice = options.transport ?? 'auto';
  if (choice === 'mcp' || options.mcpServer !== undefined) {
    throw new CodexError(
      `The mcp transport was removed from nx-codex: it drove \`codex mcp-server\`, which Codex removed in ${FIRST_VERSION_WITHOUT_MCP_SERVER}, ` +
        `and the exec transport (\`codex exec --json\`) drives every supported Codex (${MIN_CODEX_VERSION} and newer) with the same results. ` +
        'Remove the `transport` option (or set it to "exec").',
      { kind: 'invalid-options' },
    );
  }
  if (choice !== 'exec' && choice !== 'auto') {
    throw new CodexError(`Unknown transport ${JSON.stringify(choice)}: use "exec" (the default).`, {
      kind: 'invalid-options',
    });
  }
  return 'exec';
}

function validateCall(options: CodexCallOptions): void {
  if (typeof options.prompt !== 'string' || options.prompt.trim() === '') {
    throw new CodexError('The codex call has an empty prompt: give it something to do.', { kind: 'invalid-options' });
  }
  if (!options.cwd)
    throw new CodexError('The codex call has no cwd: pass the directory codex should work in.', {
      kind: 'invalid-options',
    });
  if (options.outputSchema) compileOutputSchema(options.outputSchema);
}

/**
 * The environment of one call's codex process, and the CODEX_HOME it uses. Scrubbed, the call's own
 * additions included (environment/scrub-env.ts): a caller that hands over its whole environment still
 * gives codex only what it needs, plus what passEnv names. The call's `codexHome` (the folder its
 * settings were read from: LoadedSettings.codexHome) wins. Codex finds ~/.codex by itself and creates
 * it, while a CODEX_HOME it is given must exist: the variable is set only for another folder.
 */
function callEnvironment(
  baseEnv: Record<string, string | undefined>,
  options: Pick<CodexCallOptions, 'env' | 'passEnv' | 'codexHome'>,
): { env: Record<string, string | undefined>; codexHome: string } {
  const env: Record<string, string | undefined> = scrubCodexEnv(
    { ...baseEnv, ...(options.env ?? {}) },
    options.passEnv,
  );
  const inherited = resolveCodexHome(undefined, env).path;
  const codexHome = options.codexHome ? path.resolve(options.codexHome) : inherited;
  if (codexHome !== inherited) env.CODEX_HOME = codexHome;
  return { env, codexHome };
}

/** What every call gets, whatever the transport: the options Codex sees and the environment it runs in. */
function callSetup<T extends Omit<CodexCallOptions, 'prompt'>>(
  baseEnv: Record<string, string | undefined>,
  call: T,
): { options: T; env: Record<string, string | undefined>; codexHome: string } {
  // Whatever the call, the shell (when on) inherits nothing secret; a trusted caller's own policy wins.
  const options: T = { ...call, config: { ...SHELL_ENVIRONMENT_POLICY, ...call.config } };
  return { options, ...callEnvironment(baseEnv, options) };
}

/**
 * Batch mode: starts the shared `codex app-server` that calls with these options (a client made by
 * createCodexClient with this pool and binary, on process.env) will use, without waiting for it, so
 * it initializes while the reviews prepare their prompts instead of when the first call is made.
 * The key is computed as run() computes it; a start that fails is left for the first call to meet
 * (the pool starts again for it) and reports. A profile goes through exec: nothing to start.
 */
export function prestartAppServer(
  pool: AppServerPool,
  binary: CodexBinary,
  call: Omit<CodexCallOptions, 'prompt'>,
): void {
  if (call.profile !== undefined || call.resumeThreadId !== undefined) return;
  const { options, env } = callSetup({ ...process.env }, call);
  const context = {
    binary,
    env,
    emit: () => undefined,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    killGraceMs: DEFAULT_KILL_GRACE_MS,
  };
  pool.connection({ ...options, prompt: '' }, context).catch(() => undefined);
}

/** The answer's text, and with an output schema its parsed and validated value. */
function answerOf<T>(
  text: string,
  outputSchema: Record<string, unknown> | undefined,
): { text: string; structured?: T } {
  if (!outputSchema) return { text: requireText(text) };
  return { text, structured: parseStructuredAnswer<T>(text, outputSchema) };
}

class Client implements CodexClient {
  /** Thread totals seen so far, so a resumed call can report its own share of the usage. */
  private readonly threadTotals = new Map<string, CodexUsage>();
  private closed = false;

  constructor(
    readonly binary: CodexBinary,
    private readonly impl: Transport,
    private readonly baseEnv: Record<string, string | undefined>,
    private readonly retryPolicy: Omit<RetryPolicy, 'maxRetries'>,
    private readonly killGraceMs: number,
  ) {}

  get transport(): TransportName {
    return this.impl.name;
  }

  prepare(call: Omit<CodexCallOptions, 'prompt'>): void {
    if (this.closed || !this.impl.prepare) return;
    const { options, env } = callSetup(this.baseEnv, call);
    this.impl.prepare(options, this.attemptContext(options, env));
  }

  async run<T = unknown>(call: CodexCallOptions): Promise<CodexResult<T>> {
    if (this.closed)
      throw new CodexError('This codex client is closed: create a new one.', { kind: 'invalid-options' });
    validateCall(call);
    if (call.signal?.aborted) throw cancelledError();
    const { options, env, codexHome } = callSetup(this.baseEnv, call);
    const started = Date.now();
    const policy: RetryPolicy = {
      ...this.retryPolicy,
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    };
    const context = this.attemptContext(options, env);
    const emit = context.emit;
    // Parallel codex processes on one ChatGPT login must not refresh its tokens at once (chatgpt-login.ts).
    const attempt = () =>
      withRefreshLock(codexHome, () => this.impl.attempt(options, context), { signal: options.signal });
    const { value: outcome, attempts } = await withRetries(attempt, policy, emit, options.signal);
    try {
      return {
        ...answerOf<T>(outcome.text, options.outputSchema),
        threadId: outcome.threadId,
        usage: this.turnUsage(options.resumeThreadId, outcome.threadId, outcome.threadUsage, outcome.turnUsage),
        threadUsage: outcome.threadUsage,
        attempts,
        durationMs: Date.now() - started,
        transport: this.impl.name,
        codexVersion: this.binary.version,
      };
    } catch (error) {
      if (error instanceof CodexError) error.attempts = attempts;
      throw error;
    }
  }

  private attemptContext(
    options: Omit<CodexCallOptions, 'prompt'>,
    env: Record<string, string | undefined>,
  ): AttemptContext {
    return {
      binary: this.binary,
      env,
      emit: (event: CodexEvent): void => options.onEvent?.(event),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      killGraceMs: this.killGraceMs,
      signal: options.signal,
    };
  }

  private turnUsage(
    resumed: string | undefined,
    threadId: string | undefined,
    threadUsage: CodexUsage,
    turnUsage?: CodexUsage,
  ): CodexUsage {
    const before = resumed ? this.threadTotals.get(resumed) : undefined;
    if (threadId) this.threadTotals.set(threadId, threadUsage);
    if (turnUsage) return turnUsage;
    return before ? subtractUsage(threadUsage, before) : threadUsage;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.impl.close();
  }
}

/** Finds codex (unless given) and returns a client for many calls. */
export async function createCodexClient(options: CreateCodexClientOptions): Promise<CodexClient> {
  pickTransport(options);
  const env = options.env ?? process.env;
  const binary =
    typeof options.binary === 'object'
      ? options.binary
      : findCodexBinary({ explicit: options.binary, env, workspaceRoot: options.workspaceRoot });
  const retryPolicy = { ...DEFAULT_RETRY_POLICY, ...(options.retry ?? {}) };
  const transport = options.appServer ? new AppServerTransport(options.appServer) : new ExecTransport();
  return new Client(binary, transport, { ...env }, retryPolicy, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
}
