import { isDeepStrictEqual } from 'node:util';
import { MCP_SERVER_BIN } from '../../../utils/packages';

export interface McpServerEntry {
  type?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  [key: string]: unknown;
}

export interface McpJson {
  mcpServers?: Record<string, McpServerEntry>;
  [key: string]: unknown;
}

/**
 * `--no-install`: when @nx-codex/mcp-server is not installed, fail with npx's clear message
 * instead of npx (which says yes by itself when stdin is not a terminal, as under Claude Code)
 * downloading whatever registry package is called nx-codex-mcp.
 */
export function nxCodexServerEntry(): McpServerEntry {
  return { type: 'stdio', command: 'npx', args: ['--no-install', MCP_SERVER_BIN], env: {} };
}

export type MergeOutcome = 'added' | 'unchanged' | 'kept' | 'replaced';

/**
 * Adds or replaces one server. Other servers and top-level keys keep their values and order;
 * a replaced entry keeps its position.
 */
export function mergeMcpServer(
  config: McpJson,
  name: string,
  entry: McpServerEntry,
  force: boolean,
): { config: McpJson; outcome: MergeOutcome } {
  const servers = config.mcpServers ?? {};
  if (!(name in servers)) {
    return { config: { ...config, mcpServers: { ...servers, [name]: entry } }, outcome: 'added' };
  }
  if (isDeepStrictEqual(servers[name], entry)) return { config, outcome: 'unchanged' };
  if (!force) return { config, outcome: 'kept' };
  const replaced = Object.fromEntries(
    Object.entries(servers).map(([key, value]) => [key, key === name ? entry : value]),
  );
  return { config: { ...config, mcpServers: replaced }, outcome: 'replaced' };
}

function commandLine(entry: McpServerEntry): string[] {
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  return [
    ...String(entry.command ?? '')
      .trim()
      .split(/\s+/),
    ...args,
  ].filter((word) => word !== '');
}

function isCodexExecutable(word: string): boolean {
  const file = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1).toLowerCase();
  return /^codex(\.js|\.cmd|\.exe)?$/.test(file) || /^@openai\/codex(@[^/]+)?$/.test(word);
}

/**
 * True for an entry that starts Codex's removed `mcp-server` subcommand: `codex mcp-server`,
 * `npx [-y] codex|@openai/codex[@v] mcp-server`, or the same written into `command` alone.
 */
export function runsLegacyCodexMcpServer(entry: McpServerEntry): boolean {
  const words = commandLine(entry);
  const codexAt = words.findIndex(isCodexExecutable);
  return codexAt >= 0 && words[codexAt + 1] === 'mcp-server';
}

export function legacyCodexServers(config: McpJson): string[] {
  return Object.entries(config.mcpServers ?? {})
    .filter(([, entry]) => entry && typeof entry === 'object' && runsLegacyCodexMcpServer(entry))
    .map(([name]) => name);
}
