import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from '@nx-codex/core';
import { LineStdioServerTransport } from './stdio-transport';
import { createNxCodexServer } from './server';

export interface CliOptions {
  workspace?: string;
  allowDangerFullAccess: boolean;
  help: boolean;
  version: boolean;
  /** Arguments of a `codex mcp-server` command line that are accepted and ignored, to say so on stderr. */
  ignored: string[];
}

export const USAGE = `Usage: nx-codex-mcp [--workspace DIR] [--allow-danger-full-access]

A stdio MCP server: Codex as the tools "codex" and "codex-reply" (the schema of the removed
\`codex mcp-server\`), and the Nx tools list_projects, review_project, get_review, generate_tests.

  --workspace DIR               the Nx workspace to serve (default: the nearest folder with nx.json
                                above the current directory, else the current directory)
  --allow-danger-full-access    let a call ask for sandbox "danger-full-access" (never the default)
  --help, --version

An entry written for \`codex mcp-server\` keeps working with only its command changed: the
"mcp-server" argument is accepted, and its -c/--config options are ignored, as that server
ignored them for the sessions it started (put settings in $CODEX_HOME/config.toml).`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { allowDangerFullAccess: false, help: false, version: false, ignored: [] };
  const valueOf = (arg: string, i: number): [string | undefined, number] =>
    arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1), i] : [argv[i + 1], i + 1];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--allow-danger-full-access') options.allowDangerFullAccess = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--version' || arg === '-V') options.version = true;
    else if (arg === 'mcp-server') options.ignored.push(arg);
    else if (arg === '--workspace' || arg.startsWith('--workspace=')) {
      const [value, next] = valueOf(arg, i);
      if (!value) throw new Error('--workspace needs a directory: nx-codex-mcp --workspace /path/to/workspace');
      options.workspace = value;
      i = next;
    } else if (arg === '-c' || arg === '--config' || arg.startsWith('--config=')) {
      const [value, next] = valueOf(arg, i);
      if (!value) throw new Error(`${arg} needs key=value.`);
      options.ignored.push(`-c ${value}`);
      i = next;
    } else throw new Error(`Unknown argument "${arg}".\n\n${USAGE}`);
  }
  return options;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  const cli = parseCliArgs(argv);
  if (cli.help) return void process.stdout.write(`${USAGE}\n`);
  if (cli.version) return void process.stdout.write(`${packageVersion()}\n`);
  const workspaceRoot = cli.workspace ? resolve(cli.workspace) : findWorkspaceRoot(process.cwd());
  if (!existsSync(workspaceRoot) || !statSync(workspaceRoot).isDirectory()) {
    throw new Error(`--workspace ${cli.workspace}: ${workspaceRoot} is not a directory.`);
  }
  if (cli.ignored.length) {
    process.stderr.write(
      `nx-codex-mcp: ignoring ${cli.ignored.join(' ')} (accepted for entries written for \`codex mcp-server\`; put settings in $CODEX_HOME/config.toml or the tool call's config).\n`,
    );
  }
  // The legacy `codex` tool resolves a relative cwd against the server's cwd: make that the workspace.
  process.chdir(workspaceRoot);

  const { server, shutdown } = createNxCodexServer({
    workspaceRoot,
    allowDangerFullAccess: cli.allowDangerFullAccess,
    version: packageVersion(),
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await shutdown();
    process.exit(code);
  };
  // The client closing our stdin is how a stdio MCP session ends: stop what runs, then exit.
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('close', () => void stop(0));
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  // One bad call must not end the session: report and keep serving.
  process.on('uncaughtException', (error) =>
    process.stderr.write(`nx-codex-mcp: unexpected error (server keeps running): ${error.stack ?? error}\n`),
  );
  process.on('unhandledRejection', (error) =>
    process.stderr.write(`nx-codex-mcp: unhandled rejection (server keeps running): ${String(error)}\n`),
  );

  await server.connect(new LineStdioServerTransport());
  process.stderr.write(
    `nx-codex-mcp ${packageVersion()}: serving ${workspaceRoot}${cli.allowDangerFullAccess ? ' (danger-full-access allowed)' : ''}\n`,
  );
}

/** The command line entry: bin/nx-codex-mcp.js and `node dist/main.js`. */
export function runCli(): void {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`nx-codex-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}

if (require.main === module) runCli();
