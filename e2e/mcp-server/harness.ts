/**
 * Drives the BUILT server (dist/main.js) as a child process over stdio, the way an MCP client does,
 * in a temporary Nx workspace whose node_modules is this repo's (so nx, the @nx-codex plugins and
 * the real codex binaries resolve).
 */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as testing from '@nx-codex/testing';

export { testing };
export const REPO_ROOT = testing.repoRoot;
export const SERVER_MAIN = join(REPO_ROOT, 'packages/mcp-server/dist/main.js');

/** Nx without a daemon or cloud: every nx process the server starts is its own child and ends with it. */
export const NX_ENV = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: undefined,
  // The tests' one native file cache (tools/testing), not a folder per temporary workspace.
  NX_NATIVE_FILE_CACHE_DIRECTORY: testing.nxEnv().NX_NATIVE_FILE_CACHE_DIRECTORY,
};

export function requireBuiltServer(): void {
  if (!existsSync(SERVER_MAIN))
    throw new Error(
      `${SERVER_MAIN} is missing: run \`npx nx run mcp-server:build\` first (\`npx nx test mcp-server\` does).`,
    );
}

export type TempWorkspace = testing.TempWorkspace;

/**
 * A committed Nx workspace with tsconfig.base.json and one project.json per entry of `projects`
 * (name -> files relative to libs/<name>), with the explicit `targets` given for it (none
 * otherwise). `installServerBin`: node_modules/.bin/nx-codex-mcp as `npm install -D
 * @nx-codex/mcp-server` leaves it, whatever the state of this repository's own .bin.
 */
export function createTempWorkspace(
  projects: Record<string, Record<string, string>>,
  options: {
    plugins?: string[];
    installServerBin?: boolean;
    targets?: Record<string, Record<string, unknown>>;
    nxJson?: Record<string, unknown>;
  } = {},
): TempWorkspace {
  return testing.createWorkspace({
    prefix: 'mcp-ws-',
    packageName: 'mcp-e2e-workspace',
    projects,
    projectJson: (name, root) => ({ root, sourceRoot: `${root}/src` }),
    targets: Object.fromEntries(Object.keys(projects).map((name) => [name, options.targets?.[name] ?? {}])),
    plugins: options.plugins ?? [],
    nxJson: options.nxJson,
    files: { 'tsconfig.base.json': JSON.stringify({ compilerOptions: {} }, null, 2) },
    gitignore: ['node_modules', 'dist', '.nx', 'coverage'],
    installBins: options.installServerBin ? [join(REPO_ROOT, 'packages/mcp-server')] : undefined,
  });
}

/**
 * The environment of a process a test starts: this one's, with Nx made predictable (NX_ENV),
 * without what CI or the shell sets that nx-codex reads (testing.HOST_ONLY_ENV: GITHUB_ACTIONS,
 * NX_BASE...) and without Jest's own variables, which would leak into a Jest run that nx starts in turn.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  return testing.cleanEnv({ ...testing.withoutHostEnv(process.env), ...NX_ENV, ...extra }) as Record<string, string>;
}

export interface RunningServer {
  client: Client;
  pid: number;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `node dist/main.js ARGS` in `cwd` and connects an SDK client to it. */
export async function startServer(options: {
  cwd: string;
  args?: string[];
  env?: Record<string, string | undefined>;
}): Promise<RunningServer> {
  requireBuiltServer();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_MAIN, ...(options.args ?? [])],
    cwd: options.cwd,
    env: childEnv(options.env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'nx-codex-mcp-e2e', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('the server process has no pid');
  return { client, pid, stderr: () => stderr, close: () => client.close() };
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content;
  const first = content?.[0];
  return first && first.type === 'text' ? first.text : '';
}

/** Processes (other than this one) whose cwd or command line is inside `dir`. */
export function processesIn(dir: string): testing.ProcessInfo[] {
  const found: testing.ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (cwd === dir || cwd.startsWith(`${dir}/`))
      found.push(...testing.listProcesses('').filter((p) => p.pid === Number(entry)));
  }
  return [...found, ...testing.listProcesses(dir).filter((p) => !found.some((f) => f.pid === p.pid))];
}

/** Waits until `check` returns true (polling), or fails with `what`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * After a suite: waits until no process runs in the workspace any more (the server and all it
 * started), then removes the temporary folders, also when the wait failed.
 */
export async function expectNothingLeftThenClean(
  workspace: TempWorkspace | undefined,
  ...others: Array<{ cleanup(): void } | undefined>
): Promise<void> {
  try {
    if (workspace)
      await waitFor(`no process left in ${workspace.dir}`, () => processesIn(workspace.dir).length === 0, 8000);
  } finally {
    for (const item of [...others, workspace]) item?.cleanup();
  }
}

/** Every user message text the local model received in one request body. */
export function inputTexts(body: {
  input?: Array<{ role?: string; content?: Array<{ text?: string }> | string }>;
}): string[] {
  return (body.input ?? []).flatMap((item) =>
    typeof item.content === 'string' ? [item.content] : (item.content ?? []).map((c) => c.text ?? ''),
  );
}
