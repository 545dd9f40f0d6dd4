import { addDependenciesToPackageJson, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { formatFilesSafely } from '../../utils/format';
import { MCP_SERVER_BIN, MCP_SERVER_PACKAGE, nxCodexVersion } from '../../utils/packages';
import { CODEX_CONFIG_TOML, mergeCodexMcpServer } from './lib/codex-config-toml';
import {
  legacyCodexServers,
  mergeMcpServer,
  nxCodexServerEntry,
  type McpJson,
  type MergeOutcome,
} from './lib/mcp-json';
import { parseJsonFile } from './lib/parse-json-file';
import type { McpGeneratorSchema } from './schema';

export const MCP_JSON = '.mcp.json';
export const DEFAULT_SERVER_NAME = 'nx-codex';

function readMcpJson(tree: Tree): McpJson {
  const text = tree.read(MCP_JSON, 'utf-8');
  if (text === null) return {};
  const parsed = parseJsonFile(text, MCP_JSON);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(
      `nx-codex: ${MCP_JSON} must contain a JSON object ({ "mcpServers": { … } }). Fix the file and run the generator again; nothing was written.`,
    );
  }
  const servers = (parsed as McpJson).mcpServers;
  if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) {
    throw new Error(
      `nx-codex: "mcpServers" in ${MCP_JSON} must be an object keyed by server name. Fix the file and run the generator again; nothing was written.`,
    );
  }
  return parsed as McpJson;
}

function warnAboutLegacyServers(config: McpJson): void {
  for (const name of legacyCodexServers(config)) {
    logger.warn(
      `nx-codex: server "${name}" in ${MCP_JSON} runs \`codex mcp-server\`, which Codex >= 0.154 no longer has (it now exits with "stdin is not a terminal"). ` +
        `@nx-codex/mcp-server is a drop-in replacement: change only that entry's command, to "command": "npx", "args": ["--no-install", "${MCP_SERVER_BIN}"]. The entry was left as it is.`,
    );
  }
}

/** The indentation the file already uses (tabs or N spaces), so a merge changes only our entry's lines; 2 for a new file. */
function indentOf(text: string | null): string | number {
  const indent = /\n([ \t]+)\S/.exec(text ?? '')?.[1];
  return indent === undefined ? 2 : indent.startsWith('\t') ? '\t' : indent.length;
}

function reportOutcome(outcome: MergeOutcome, name: string, file: string, hint: string): void {
  if (outcome === 'added' || outcome === 'replaced') {
    logger.info(`nx-codex: ${outcome} MCP server "${name}" in ${file}. ${hint}`);
  } else if (outcome === 'kept') {
    logger.warn(
      `nx-codex: ${file} already has a server "${name}" that differs from ours; it was kept as it is (run with --force to replace it, or choose another --name).`,
    );
  }
}

/**
 * Codex's own project config, merged into when the workspace already has one (`nx
 * configure-ai-agents` keeps its nx-mcp server and features there). None is created: every
 * review would then warn that the repository's `mcp_servers` is not passed to Codex (core's trust
 * rule), for a server the user's own config can hold. Both files are decided first, then
 * written, so a bad one leaves both untouched.
 */
function codexConfigChange(
  tree: Tree,
  name: string,
  force: boolean,
): { text: string; outcome: MergeOutcome } | undefined {
  const text = tree.read(CODEX_CONFIG_TOML, 'utf-8');
  if (text === null) {
    logger.info(
      `nx-codex: the workspace has no ${CODEX_CONFIG_TOML}, so none was created. For the Codex CLI, add the server to your own config: \`codex mcp add ${name} -- npx --no-install ${MCP_SERVER_BIN}\`.`,
    );
    return undefined;
  }
  const entry = nxCodexServerEntry();
  return mergeCodexMcpServer(text, name, { command: entry.command as string, args: entry.args as string[] }, force);
}

/** Registers the nx-codex MCP server for Claude Code (.mcp.json) and the Codex CLI (an existing .codex/config.toml). */
export async function mcpGenerator(tree: Tree, options: McpGeneratorSchema): Promise<GeneratorCallback> {
  const name = options.name ?? DEFAULT_SERVER_NAME;
  const force = !!options.force;
  const { config, outcome } = mergeMcpServer(readMcpJson(tree), name, nxCodexServerEntry(), force);
  const codex = options.skipCodexConfig ? undefined : codexConfigChange(tree, name, force);

  if (outcome === 'added' || outcome === 'replaced')
    tree.write(MCP_JSON, `${JSON.stringify(config, null, indentOf(tree.read(MCP_JSON, 'utf-8')))}\n`);
  reportOutcome(
    outcome,
    name,
    MCP_JSON,
    'Claude Code asks to approve project servers on first use; `claude mcp list` checks it.',
  );
  if (codex) {
    if (codex.outcome === 'added' || codex.outcome === 'replaced') tree.write(CODEX_CONFIG_TOML, codex.text);
    reportOutcome(
      codex.outcome,
      name,
      CODEX_CONFIG_TOML,
      'Codex reads it in a trusted project; `codex mcp list` checks it.',
    );
  }
  warnAboutLegacyServers(config);

  let install: GeneratorCallback = () => undefined;
  if (!options.skipPackageJson) {
    const task = addDependenciesToPackageJson(tree, {}, { [MCP_SERVER_PACKAGE]: nxCodexVersion() }, undefined, true);
    if (!options.skipInstall) install = task;
  }
  await formatFilesSafely(tree, options.skipFormat);
  return install;
}

export default mcpGenerator;
