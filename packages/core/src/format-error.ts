/**
 * The one-paragraph message a user sees for an error: our own errors already say what happened,
 * where and what to do, so no stack trace. Anything unexpected keeps its first stack frame, to be reported.
 */
export function formatError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isOwnError(error)) return error.message;
  const frame = error.stack?.split('\n').find((line) => line.trim().startsWith('at '));
  return frame ? `${error.message} (unexpected error ${frame.trim()}; please report it)` : error.message;
}

function isOwnError(error: Error): boolean {
  return (
    ['CodexError', 'CodexConfigError', 'FileSelectionError', 'ReviewAnswerError', 'OutputPathError'].includes(
      error.name,
    ) || 'kind' in error
  );
}
