import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { offlineCodexConfigToml } from './offline-config';

export interface LocalModel {
  /** http://127.0.0.1:PORT/v1 */
  url: string;
  pid: number;
  /** A temporary CODEX_HOME whose config.toml points codex at this server. */
  codexHome: string;
  stop(): Promise<void>;
}

export interface StartLocalModelOptions {
  /** The server script (tools/local-model/main.js of the nx-codex repo). */
  serverScript: string;
  /** A scenario file or built-in scenario name. */
  scenario: string;
  args?: string[];
  startTimeoutMs?: number;
}

/**
 * Starts the scripted model server on a free 127.0.0.1 port for the offline demo and tests,
 * and writes a CODEX_HOME that points codex at it. The answers are canned, not a model's.
 */
export async function startLocalModel(options: StartLocalModelOptions): Promise<LocalModel> {
  const script = resolve(options.serverScript);
  if (!existsSync(script)) {
    throw new Error(`The local model server ${script} was not found. The offline mode needs tools/local-model from the nx-codex repository.`);
  }
  const child = spawn(process.execPath, [script, '--port', '0', '--scenario', options.scenario, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = await readListeningUrl(child, options.startTimeoutMs ?? 10_000).catch((error: Error) => {
    throw new Error(`${error.message}${stderr ? `\n${stderr.trim()}` : ''}`);
  });
  const codexHome = mkdtempSync(join(tmpdir(), 'nx-codex-offline-'));
  writeFileSync(join(codexHome, 'config.toml'), offlineCodexConfigToml(url));
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid!,
    codexHome,
    stop: () => (stopped ??= stopChild(child).finally(() => rmSync(codexHome, { recursive: true, force: true }))),
  };
}

function readListeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`The local model server did not start within ${timeoutMs} ms.`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`The local model server exited (code ${code}) before listening.`)));
    lines.once('line', (line) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(line);
      if (!match) return fail(new Error(`Unexpected first line from the local model server: ${line}`));
      clearTimeout(timer);
      child.removeAllListeners('exit');
      lines.on('line', () => undefined); // keep draining stdout
      resolvePromise(match[1]);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
