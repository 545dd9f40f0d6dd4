/**
 * The contract of the Codex client: what a caller passes, what comes back, what can go wrong.
 * Every transport produces exactly these shapes.
 */

import type { SandboxMode } from '../config/types';

export type { SandboxMode };
export type ApprovalPolicy = 'untrusted' | 'on-failure' | 'on-request' | 'never';
/** `app-server`: a shared `codex app-server`, chosen by batch mode (an AppServerPool), never by an option. */
export type TransportName = 'exec' | 'app-server';
/**
 * The `transport` option: `exec` (`auto` means the same); `mcp`, the legacy transport removed with
 * Codex 0.154's `codex mcp-server`, is refused with the reason. `app-server` is never chosen here.
 */
export type TransportChoice = 'exec' | 'auto' | 'mcp';

/** Token usage of one call. `inputTokens` includes `cachedInputTokens`; `outputTokens` includes `reasoningOutputTokens`. */
export interface CodexUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}

/** What codex is doing, parsed from its JSONL events. */
export type CodexEvent =
  | { type: 'thread.started'; threadId: string }
  | { type: 'turn.started' }
  | { type: 'agent_message'; text: string }
  | { type: 'reasoning'; text: string }
  | {
      type: 'command';
      command: string;
      status: 'in_progress' | 'completed' | 'failed' | string;
      exitCode?: number;
      output?: string;
    }
  | {
      type: 'file_change';
      changes: Array<{ path: string; kind: 'add' | 'delete' | 'update' | string }>;
      status?: string;
    }
  | { type: 'warning'; message: string }
  | { type: 'turn.completed'; usage: CodexUsage }
  | { type: 'turn.failed'; message: string }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string };

export interface CodexCallOptions {
  prompt: string;
  /** Directory codex works in (`-C`). */
  cwd: string;
  /** JSON Schema for a structured answer: sent with `--output-schema`, and the answer is validated against it. */
  outputSchema?: Record<string, unknown>;
  model?: string;
  /** `-p NAME`: layers `$CODEX_HOME/NAME.config.toml`. */
  profile?: string;
  sandbox?: SandboxMode;
  approvalPolicy?: ApprovalPolicy;
  /** `-c key=value` overrides (values are serialised as TOML). Dotted keys allowed. */
  config?: Record<string, unknown>;
  baseInstructions?: string;
  developerInstructions?: string;
  /** Directory used as CODEX_HOME for this call (default: the environment's). */
  codexHome?: string;
  /**
   * Extra environment for the codex process. Like the client's base environment it is scrubbed to
   * what Codex needs (codex/environment/scrub-env.ts): name a variable in `passEnv` to keep it.
   */
  env?: Record<string, string | undefined>;
  /**
   * Variables of the base environment the codex process may keep beyond the scrub's own list: exact
   * names, or prefixes ending in `*`. Normally `providerEnvNames(settings)` (the provider's env_key…).
   */
  passEnv?: readonly string[];
  /** Default true for new threads (`--ephemeral`); ignored when resuming. */
  ephemeral?: boolean;
  /** Continue this thread (`exec resume <id>`). */
  resumeThreadId?: string;
  /** Whole-call timeout, per attempt. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Retries of transient model failures (HTTP 429/5xx, stream cut). Default 2. */
  maxRetries?: number;
  onEvent?: (event: CodexEvent) => void;
}

export interface CodexResult<T = unknown> {
  threadId?: string;
  /**
   * Cumulative usage of the whole thread as codex reports it. Equals `usage` for a new thread;
   * for a resumed thread `usage` is this call's share when it can be known (the same client ran the
   * earlier turn), else the thread total.
   */
  threadUsage?: CodexUsage;
  /** The last agent message, as text. */
  text: string;
  /** The parsed and validated answer when `outputSchema` was given. */
  structured?: T;
  usage: CodexUsage;
  attempts: number;
  durationMs: number;
  transport: TransportName;
  codexVersion: string;
}

export interface CodexClient {
  readonly transport: TransportName;
  readonly binary: CodexBinary;
  run<T = unknown>(options: CodexCallOptions): Promise<CodexResult<T>>;
  /**
   * Starts, without waiting, what the next call with these options needs before its turn (batch
   * mode: its app-server thread), while the caller waits for its turn at the model. Exec: nothing.
   */
  prepare?(options: Omit<CodexCallOptions, 'prompt'>): void;
  close(): Promise<void>;
}

export interface CodexBinary {
  path: string;
  version: string;
  /** Where the path came from: option, CODEX_BIN, node_modules, PATH. */
  source: 'option' | 'env' | 'node_modules' | 'path';
  abilities: { outputSchema: boolean; execResume: boolean };
  /** `@openai/codex/bin/codex.js` when `path` is the native binary that launcher would start. */
  launcher?: string;
}

export type CodexErrorKind =
  | 'not-found'
  | 'too-old'
  | 'model'
  | 'transient'
  | 'timeout'
  | 'cancelled'
  | 'invalid-answer'
  | 'spawn'
  /** The call's own options cannot work (a bad output schema, a value with no TOML form, ...). */
  | 'invalid-options';
