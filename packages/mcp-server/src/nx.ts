import { LineSplitter, runProcess, tailLines } from '@nx-codex/core';
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
    throw new ToolError(
      `Nx is not installed in the workspace ${workspaceRoot} (no node_modules/nx). Run \`npm install\` there, then call the tool again.`,
    );
  }
}

/**
 * Runs `nx <args>` in the workspace through core's process runner: nx and everything it starts
 * (task runners, the codex they run) form one process group that a cancel, our interruption or our
 * own death (the MCP client killed us) stops. Resolves when nx has exited; never rejects for a
 * non-zero exit.
 */
export async function runNx(workspaceRoot: string, args: string[], options: NxRunOptions = {}): Promise<NxRun> {
  const nxBin = resolveNxBin(workspaceRoot);
  const command = `nx ${args.join(' ')}`;
  if (options.signal?.aborted) return { command, exitCode: null, output: '', stdout: '', cancelled: true };
  let stdout = '';
  const lines = {
    stdout: new LineSplitter(nonEmpty(options.onLine)),
    stderr: new LineSplitter(nonEmpty(options.onLine)),
  };
  const run = await runProcess({
    file: process.execPath,
    args: [nxBin, ...args],
    cwd: workspaceRoot,
    env: { ...process.env, NX_TUI: 'false', FORCE_COLOR: '0', ...options.env },
    signal: options.signal,
    keepChars: OUTPUT_LIMIT,
    onOutput: (text, stream) => {
      if (stream === 'stdout') stdout = (stdout + text).slice(-OUTPUT_LIMIT);
      lines[stream].push(text);
    },
  });
  lines.stdout.end();
  lines.stderr.end();
  if (run.spawnError)
    throw new ToolError(`Could not start \`${command}\` in ${workspaceRoot}: ${run.spawnError.message}`);
  return { command, exitCode: run.exitCode ?? null, output: run.output, stdout, cancelled: run.stopped !== undefined };
}

function nonEmpty(onLine: ((line: string) => void) | undefined): (line: string) => void {
  return (line) => {
    if (onLine && line.trim()) onLine(line);
  };
}

/** The last lines of an nx run, for error messages. */
export function tail(text: string): string {
  return tailLines(text, 25);
}

/** Nx's own report of where a task's result came from. */
export function cacheSource(output: string): 'local' | 'remote' | undefined {
  if (/\[remote cache\]/.test(output)) return 'remote';
  if (/\[local cache\]|\[existing outputs match the cache, left as is\]|read the output from the cache/.test(output))
    return 'local';
  return undefined;
}
