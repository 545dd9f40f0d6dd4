import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ToolError } from './tool';

export interface NxRun {
  /** The command line, for messages. */
  command: string;
  exitCode: number | null;
  /** stdout and stderr interleaved as they came. */
  output: string;
  stdout: string;
  cancelled: boolean;
}

export interface NxRunOptions {
  signal?: AbortSignal;
  /** Called with each non-empty output line (stdout and stderr). */
  onLine?: (line: string) => void;
  env?: Record<string, string | undefined>;
}

/** Grace period between SIGTERM and SIGKILL when a run is cancelled. */
const KILL_GRACE_MS = 3000;
const OUTPUT_LIMIT = 4 * 1024 * 1024;

/** The workspace's own nx launcher: the version the workspace pinned, never a global one. */
export function resolveNxBin(workspaceRoot: string): string {
  // Without nx.json, Nx treats the folder as a workspace of package.json files and may crawl it for minutes.
  if (!existsSync(join(workspaceRoot, 'nx.json'))) {
    throw new ToolError(
      `${workspaceRoot} is not an Nx workspace (no nx.json), so the Nx tools cannot run there. Start nx-codex-mcp in the workspace root, or give it --workspace <dir>.`,
    );
  }
  try {
    const manifest = require.resolve('nx/package.json', { paths: [workspaceRoot] });
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin.nx;
    return join(dirname(manifest), bin);
  } catch {
    throw new ToolError(`Nx is not installed in the workspace ${workspaceRoot} (no node_modules/nx). Run \`npm install\` there, then call the tool again.`);
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal); // the whole group: nx, its task runners and the codex they started
  } catch {
    /* already gone */
  }
}

function lineSplitter(onLine: ((line: string) => void) | undefined): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    if (!onLine) return;
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  };
}

/**
 * Runs `nx <args>` in the workspace, in its own process group so that a cancel stops nx and
 * everything it started. Resolves when the group leader exits; never rejects for a non-zero exit.
 */
export function runNx(workspaceRoot: string, args: string[], options: NxRunOptions = {}): Promise<NxRun> {
  const nxBin = resolveNxBin(workspaceRoot);
  const command = `nx ${args.join(' ')}`;
  if (options.signal?.aborted) return Promise.resolve({ command, exitCode: null, output: '', stdout: '', cancelled: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nxBin, ...args], {
      cwd: workspaceRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_TUI: 'false', FORCE_COLOR: '0', ...options.env },
    });
    let output = '';
    let stdout = '';
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const splitOut = lineSplitter(options.onLine);
    const splitErr = lineSplitter(options.onLine);
    const keep = (text: string, into: string) => (into.length < OUTPUT_LIMIT ? into + text : into);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout = keep(text, stdout);
      output = keep(text, output);
      splitOut(text);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output = keep(text, output);
      splitErr(text);
    });
    const onAbort = () => {
      cancelled = true;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new ToolError(`Could not start \`${command}\` in ${workspaceRoot}: ${error.message}`));
    });
    child.on('close', (exitCode) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      // Task runners left behind by a killed nx still belong to the group.
      if (cancelled) killGroup(child.pid, 'SIGKILL');
      resolve({ command, exitCode, output, stdout, cancelled });
    });
  });
}

/** The last lines of an nx run, for error messages. */
export function tail(text: string, lines = 25): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

/** Nx's own report of where a task's result came from. */
export function cacheSource(output: string): 'local' | 'remote' | undefined {
  if (/\[remote cache\]/.test(output)) return 'remote';
  if (/\[local cache\]|\[existing outputs match the cache, left as is\]|read the output from the cache/.test(output)) return 'local';
  return undefined;
}
