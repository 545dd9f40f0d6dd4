/** Line and column (1-based) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Strict JSON.parse (Claude Code reads .mcp.json as plain JSON, so comments or trailing commas
 * would break it there too), with an error that names the file, line and column.
 */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const where =
      offset === undefined
        ? path
        : (({ line, column }) => `${path}:${line}:${column}`)(lineAndColumn(text, Number(offset)));
    throw new Error(
      `nx-codex: ${where} is not valid JSON (${message}). Fix the file (or move it away) and run the generator again; nothing was written.`,
    );
  }
}
