export interface CodexConfigErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * A settings problem that stops a run. The message says what is wrong, where (file:line) and what to
 * do; `file`, `line` and `column` carry the place for tools.
 */
export class CodexConfigError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, location: CodexConfigErrorLocation = {}) {
    super(message);
    this.name = 'CodexConfigError';
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }
}

export function isCodexConfigError(error: unknown): error is CodexConfigError {
  return error instanceof Error && error.name === 'CodexConfigError';
}

/** `file:line` (or `file`, or `where` for options): the place as a user reads it. */
export function placeOf(file: string | undefined, line?: number, column?: number): string {
  if (!file) return 'executor options';
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
