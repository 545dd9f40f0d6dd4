import type { CodexBinary, CodexCallOptions, CodexEvent, CodexUsage, TransportName } from './types';

/** Everything one attempt of a call needs besides the caller's options. */
export interface AttemptContext {
  binary: CodexBinary;
  /** The complete environment for codex (ours, the call's `env`, CODEX_HOME). */
  env: Record<string, string | undefined>;
  emit(event: CodexEvent): void;
  timeoutMs: number;
  killGraceMs: number;
  signal?: AbortSignal;
}

export interface AttemptResult {
  threadId?: string;
  /** The last agent message. */
  text: string;
  /** Usage of the thread so far, as codex reports it. */
  threadUsage: CodexUsage;
  /** This turn's usage, when the transport can tell it apart from the thread's. */
  turnUsage?: CodexUsage;
}

/** One way of talking to codex (ExecTransport: a `codex exec` process per call). */
export interface Transport {
  readonly name: TransportName;
  attempt(options: CodexCallOptions, context: AttemptContext): Promise<AttemptResult>;
  /** Starts what the next attempt with these options needs (CodexClient.prepare). */
  prepare?(options: Omit<CodexCallOptions, 'prompt'>, context: AttemptContext): void;
  close(): Promise<void>;
}
