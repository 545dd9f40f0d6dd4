import type { CodexErrorKind } from './types';

export const STDERR_TAIL_LINES = 20;

export interface CodexErrorDetails {
  kind: CodexErrorKind;
  /** How many times the call was tried (1 = no retry). */
  attempts?: number;
  /** argv of the codex process, secrets redacted and the prompt shortened. */
  command?: string[];
  exitCode?: number;
  stderrTail?: string;
  /** For transient failures: the wait codex's message asked for. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Everything that goes wrong while finding or running codex ends up as one of these. */
export class CodexError extends Error {
  readonly kind: CodexErrorKind;
  attempts: number;
  readonly command?: string[];
  readonly exitCode?: number;
  readonly stderrTail?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: CodexErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CodexError';
    this.kind = details.kind;
    this.attempts = details.attempts ?? 1;
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stderrTail = details.stderrTail;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A copy with the attempt count (and a note saying it) set by the retry loop. */
  withAttempts(attempts: number): CodexError {
    const note = attempts > 1 ? ` Tried ${attempts} times.` : '';
    const copy = new CodexError(this.message + note, {
      kind: this.kind,
      attempts,
      command: this.command,
      exitCode: this.exitCode,
      stderrTail: this.stderrTail,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    });
    copy.stack = this.stack;
    return copy;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      attempts: this.attempts,
      command: this.command,
      exitCode: this.exitCode,
      stderrTail: this.stderrTail,
    };
  }
}

export function isCodexError(value: unknown): value is CodexError {
  return value instanceof CodexError;
}

/** The last non-empty lines of a process's stderr (STDERR_TAIL_LINES by default). */
export { tailLines } from '../text/excerpts';
