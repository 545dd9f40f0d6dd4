import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { CodexFacts } from './types';

const VERSION_TIMEOUT_MS = 15_000;

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (file.endsWith('.js')) return true;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === 'win32' ? ['codex.exe', 'codex'] : ['codex'];
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = join(dir, name);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

/**
 * `codex --version` with stdin ignored: codex waits for EOF on a piped stdin. A `.js` launcher
 * runs under this Node, so the check works where the file has no execute bit or shebang support.
 */
export function readCodexVersion(path: string, env: NodeJS.ProcessEnv): string {
  const [file, args] = path.endsWith('.js') ? [process.execPath, [path, '--version']] : [path, ['--version']];
  const output = execFileSync(file, args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: VERSION_TIMEOUT_MS,
  });
  const version = /(\d+\.\d+\.\d+[-.\w]*)/.exec(output)?.[1];
  if (!version) throw new Error(`it printed no version: "${output.trim().slice(0, 200)}"`);
  return version;
}

/** Same search order as @nx-codex/core: CODEX_BIN, the workspace's node_modules, then PATH. */
export function findCodex(workspaceRoot: string, env: NodeJS.ProcessEnv): CodexFacts {
  const local = join(workspaceRoot, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  const explicit = env['CODEX_BIN'] ? resolve(workspaceRoot, env['CODEX_BIN']) : undefined;
  const candidates: Array<[string | undefined, 'CODEX_BIN' | 'workspace' | 'PATH']> = [
    [explicit && isExecutableFile(explicit) ? explicit : undefined, 'CODEX_BIN'],
    [isExecutableFile(local) ? local : undefined, 'workspace'],
    [onPath(env), 'PATH'],
  ];
  const hit = candidates.find(([path]) => path !== undefined);
  if (!hit) {
    return { found: false, searched: [...(explicit ? [`${explicit} (CODEX_BIN)`] : []), local, 'PATH'] };
  }
  const path = hit[0] as string;
  try {
    return { found: true, path, source: hit[1], version: readCodexVersion(path, env) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { signal?: string };
    const reason =
      e.signal === 'SIGTERM' ? `no answer within ${VERSION_TIMEOUT_MS / 1000} s` : e.message.split('\n')[0];
    return { found: true, path, source: hit[1], versionError: reason };
  }
}
