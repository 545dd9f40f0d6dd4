import { isDeepStrictEqual } from 'node:util';
import { parse, stringify, TomlError } from 'smol-toml';
import type { MergeOutcome } from './mcp-json';

export const CODEX_CONFIG_TOML = '.codex/config.toml';

/** Our table in Codex's config: what `codex mcp add` would write, without Claude Code's "type". */
export interface CodexMcpServer {
  command: string;
  args: string[];
}

type TomlTable = Record<string, unknown>;

function parseConfig(text: string, path: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    const where = error instanceof TomlError ? `${path}:${error.line}:${error.column}` : path;
    throw new Error(
      `nx-codex: ${where} is not valid TOML (${(error as Error).message.split('\n')[0]}). Fix the file and run the generator again; nothing was written.`,
    );
  }
}

function parseOrUndefined(text: string): TomlTable | undefined {
  try {
    return parse(text) as TomlTable;
  } catch {
    return undefined;
  }
}

/** `[mcp_servers.nx-codex]`, quoting a name that is not a bare TOML key. */
function tableHeader(name: string): string {
  return `[mcp_servers.${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)}]`;
}

function tableText(name: string, server: CodexMcpServer): string {
  return `${tableHeader(name)}\n${stringify(server).trimEnd()}\n`;
}

/** smol-toml's tables have no prototype; compare values only. */
function sameValue(a: unknown, b: unknown): boolean {
  const plain = (value: unknown): unknown =>
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? value.map(plain)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
          : value;
  return isDeepStrictEqual(plain(a), plain(b));
}

/** Lines where a table header starts: `[x]` or `[[x]]`, outside multi-line strings (the parse succeeded, so a line that starts with "[" and is not inside a string is a header). */
function headerLines(lines: string[]): number[] {
  const headers: number[] = [];
  let inMultiline: string | undefined;
  lines.forEach((line, index) => {
    if (!inMultiline && /^\s*\[/.test(line)) headers.push(index);
    for (const quote of line.match(/"""|'''/g) ?? [])
      inMultiline = inMultiline === quote ? undefined : (inMultiline ?? quote);
  });
  return headers;
}

function normalizedHeader(line: string): string {
  return line
    .replace(/#.*$/, '')
    .replace(/\s+/g, '')
    .replace(/"([A-Za-z0-9_-]+)"/g, '$1');
}

/**
 * Replaces our server's table (its header, keys and sub-tables such as `.env`) in place, leaving
 * every other line, comment included, as it was. Undefined when the server is not written as a
 * `[mcp_servers.<name>]` table (an inline table or dotted keys): that is the user's layout to keep.
 */
function replaceTable(text: string, name: string, server: CodexMcpServer): string | undefined {
  const lines = text.split('\n');
  const header = normalizedHeader(tableHeader(name));
  const headers = headerLines(lines);
  const start = headers.find((index) => normalizedHeader(lines[index]) === header);
  if (start === undefined) return undefined;
  const prefix = `${header.slice(0, -1)}.`;
  const end =
    headers.find((index) => index > start && !normalizedHeader(lines[index]).startsWith(prefix)) ?? lines.length;
  let blankTail = 0;
  // Blank and comment lines at the end of the block lead into the next table: they stay.
  while (end - blankTail - 1 > start && /^\s*(#.*)?$/.test(lines[end - blankTail - 1])) blankTail++;
  const replacement = tableText(name, server).trimEnd().split('\n');
  return [...lines.slice(0, start), ...replacement, ...lines.slice(end - blankTail)].join('\n');
}

/**
 * Adds (or, with force, replaces) one MCP server in `.codex/config.toml` by editing its text:
 * `nx configure-ai-agents` and people keep other servers, `features`, agents and comments there,
 * and a parse-and-stringify round trip would drop the comments. The result is parsed again and
 * must equal the old document plus our table, or nothing is written.
 */
export function mergeCodexMcpServer(
  text: string | null,
  name: string,
  server: CodexMcpServer,
  force: boolean,
  path = CODEX_CONFIG_TOML,
): { text: string; outcome: MergeOutcome } {
  if (text === null || text.trim() === '') return { text: tableText(name, server), outcome: 'added' };
  const before = parseConfig(text, path);
  const servers = (before['mcp_servers'] ?? {}) as TomlTable;
  const existing = servers[name];
  let merged: string | undefined;
  let outcome: MergeOutcome;
  if (existing === undefined) {
    merged = `${text.replace(/\s*$/, '\n')}\n${tableText(name, server)}`;
    outcome = 'added';
  } else if (sameValue(existing, server)) {
    return { text, outcome: 'unchanged' };
  } else if (!force) {
    return { text, outcome: 'kept' };
  } else {
    merged = replaceTable(text, name, server);
    outcome = 'replaced';
    if (merged === undefined) {
      throw new Error(
        `nx-codex: MCP server "${name}" in ${path} is not written as a ${tableHeader(name)} table, so it cannot be replaced without rewriting your layout. Change it by hand, or remove it and run the generator again; nothing was written.`,
      );
    }
  }
  const expected = { ...before, mcp_servers: { ...servers, [name]: server } };
  if (!sameValue(parseOrUndefined(merged), expected)) {
    throw new Error(
      `nx-codex: adding MCP server "${name}" to ${path} would change other settings there (is "mcp_servers" an inline table?). Add it by hand:\n${tableText(name, server)}Nothing was written.`,
    );
  }
  return { text: merged, outcome };
}
