/**
 * For the integration specs: runs e2e-support/run-codex-client.js (the built client, real codex)
 * in a child Node process and reads its JSON lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const DRIVER = path.join(PACKAGE_ROOT, 'e2e-support', 'run-codex-client.js');
const SOURCES = path.join(PACKAGE_ROOT, 'src', 'codex');
const BUILT = path.join(PACKAGE_ROOT, 'dist', 'codex', 'index.js');

export interface DrivenError {
  kind?: string;
  message: string;
  attempts?: number;
  command?: string[];
  exitCode?: number;
  stderrTail?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON line of the client, read field by field by the specs
type Line = Record<string, any>;

export interface DriveResult {
  lines: Line[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  durationMs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- codex's events, read field by field by the specs
  events(call?: number): Array<{ type: string; [key: string]: any }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answer JSON, read field by field by the specs
  result(call?: number): Record<string, any> | undefined;
  error(call?: number): DrivenError | undefined;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** The driver runs the built client: refuse to test a dist older than the sources. */
export function assertBuiltClientIsFresh(): void {
  let built: number;
  try {
    built = statSync(BUILT).mtimeMs;
  } catch {
    throw new Error(`${BUILT} is missing: run \`npx nx run core:build\` first (\`npx nx test core\` does it for you).`);
  }
  if (newestSource(SOURCES) > built) {
    throw new Error(
      `${BUILT} is older than packages/core/src/codex: run \`npx nx run core:build\` first (\`npx nx test core\` does it for you).`,
    );
  }
}

export interface Driven {
  child: ChildProcess;
  /** Resolves with the first line for which `predicate` holds. */
  waitForLine(predicate: (line: Line) => boolean): Promise<Line>;
  done: Promise<DriveResult>;
}

/** Starts the driver with `request` ({ client, calls }, see run-codex-client.js). */
export function driveClient(request: unknown, options: { timeoutMs?: number } = {}): Driven {
  const started = Date.now();
  // A file, not an environment variable: a long prompt would exceed the 128 KiB limit of one.
  const requestDir = mkdtempSync(path.join(os.tmpdir(), 'codex-client-request-'));
  const requestFile = path.join(requestDir, 'request.json');
  writeFileSync(requestFile, JSON.stringify(request));
  const child = spawn(process.execPath, [DRIVER], {
    env: { ...process.env, NX_CODEX_CLIENT_REQUEST_FILE: requestFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: Array<{ predicate: (line: Line) => boolean; resolve: (line: Line) => void }> = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (!text.trim()) continue;
      const line = JSON.parse(text) as Line;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<DriveResult>((resolve) => {
    child.on('close', (exitCode, signal) => {
      clearTimeout(killer);
      rmSync(requestDir, { recursive: true, force: true });
      const ofCall = (call: number) => lines.filter((line) => line.call === call);
      resolve({
        lines,
        exitCode,
        signal,
        stderr,
        durationMs: Date.now() - started,
        events: (call = 0) =>
          ofCall(call)
            .filter((line) => line.event)
            .map((line) => line.event),
        result: (call = 0) => ofCall(call).find((line) => line.result)?.result,
        error: (call = 0) => lines.find((line) => line.error && (line.call === call || line.call === -1))?.error,
      });
    });
  });
  const waitForLine = (predicate: (line: Line) => boolean): Promise<Line> => {
    const seen = lines.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ predicate, resolve }));
  };
  return { child, waitForLine, done };
}

/** Runs the driver to the end. */
export function runClient(request: unknown, options: { timeoutMs?: number } = {}): Promise<DriveResult> {
  return driveClient(request, options).done;
}

/** The structured answer the client int specs ask for (the local model's `schema-json` scenario fits it). */
export const SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    count: { type: 'integer', minimum: 1 },
    level: { type: 'string', enum: ['low', 'high'] },
  },
  required: ['summary', 'count', 'level'],
  additionalProperties: false,
};

/** Codex itself (its binary or its Node launcher), not the watchdog whose arguments name it. */
export function isCodexItself(proc: { argv: string[] }): boolean {
  return proc.argv.slice(0, 2).some((arg) => /(^|\/)codex(\.js)?$/.test(arg));
}
