/**
 * Drives the BUILT server (dist/main.js) as a child process over stdio, the way an MCP client does,
 * in a temporary Nx workspace whose node_modules is this repo's (so nx, the @nx-codex plugins and
 * the real codex binaries resolve).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as testing from '@nx-codex/testing';

export { testing };
export const REPO_ROOT = testing.repoRoot;
export const SERVER_MAIN = join(REPO_ROOT, 'packages/mcp-server/dist/main.js');

/** Nx without a daemon or cloud: every nx process the server starts is its own child and ends with it. */
export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: undefined };

export function requireBuiltServer(): void {
  if (!existsSync(SERVER_MAIN))
    throw new Error(
      `${SERVER_MAIN} is missing: run \`npx nx run mcp-server:build\` first (\`npx nx test mcp-server\` does).`,
    );
}

export interface TempWorkspace {
  dir: string;
  cleanup(): void;
}

/**
 * node_modules as `npm install -D @nx-codex/mcp-server` leaves it: every package of this repo's
 * node_modules (linked), and .bin/nx-codex-mcp pointing at the package's bin, whatever the state of
 * this repo's own .bin.
 */
function linkNodeModulesWithServerBin(dir: string): void {
  const source = join(REPO_ROOT, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(join(target, '.bin'), { recursive: true });
  for (const entry of readdirSync(source)) if (entry !== '.bin') symlinkSync(join(source, entry), join(target, entry));
  for (const bin of readdirSync(join(source, '.bin')))
    symlinkSync(join(source, '.bin', bin), join(target, '.bin', bin));
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/mcp-server/package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  for (const [name, file] of Object.entries(manifest.bin)) {
    rmSync(join(target, '.bin', name), { force: true });
    symlinkSync(join('..', '@nx-codex', 'mcp-server', file), join(target, '.bin', name));
  }
}

/**
 * A git repository with nx.json, tsconfig.base.json, node_modules (this repo's), and one
 * project.json per entry of `projects` (name -> files relative to libs/<name>), with the explicit
 * `targets` given for it.
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
  const { dir, cleanup } = testing.makeTempDir('mcp-ws-');
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write('package.json', JSON.stringify({ name: 'mcp-e2e-workspace', private: true }, null, 2));
  write('nx.json', JSON.stringify({ plugins: options.plugins ?? [], ...options.nxJson }, null, 2));
  write('tsconfig.base.json', JSON.stringify({ compilerOptions: {} }, null, 2));
  write('.gitignore', 'node_modules\ndist\n.nx\ncoverage\n');
  if (options.installServerBin) linkNodeModulesWithServerBin(dir);
  else symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const [name, files] of Object.entries(projects)) {
    const project = {
      name,
      root: `libs/${name}`,
      sourceRoot: `libs/${name}/src`,
      targets: options.targets?.[name] ?? {},
    };
    write(`libs/${name}/project.json`, JSON.stringify(project, null, 2));
    for (const [file, text] of Object.entries(files)) write(`libs/${name}/${file}`, text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '-q', '-m', 'init');
  return { dir, cleanup };
}

/**
 * The environment of a process a test starts: this one's, with Nx made predictable (NX_ENV),
 * without what CI or the shell sets that nx-codex reads (testing.HOST_ONLY_ENV: GITHUB_ACTIONS,
 * NX_BASE...) and without Jest's own variables, which would leak into a Jest run that nx starts in turn.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...testing.withoutHostEnv(process.env), ...NX_ENV, ...extra })) {
    if (value !== undefined && !key.startsWith('JEST_') && key !== 'NODE_ENV') env[key] = value;
  }
  return env;
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
