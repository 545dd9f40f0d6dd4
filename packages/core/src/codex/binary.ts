import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { refuseRepositoryDotenv } from '../config/repository-dotenv';
import { CodexError, tailLines } from './errors';
import { commandOf, nativeBinaryOf } from './launcher';
import { captureOutputSync } from './process';
import type { CodexBinary } from './types';
import {
  abilitiesOf,
  INSTALL_COMMAND,
  isTooOld,
  MIN_CODEX_VERSION,
  parseCodexVersion,
  RECOMMENDED_CODEX_VERSION,
} from './version';

export interface FindCodexBinaryOptions {
  /** A path given by the user (executor option); wins over everything else. */
  explicit?: string;
  /** Where `CODEX_BIN` and `PATH` are read from. */
  env: Record<string, string | undefined>;
  workspaceRoot: string;
  /** Which platform's native binary to look for (default: this machine's). */
  platform?: string;
  arch?: string;
}

export interface Candidate {
  path: string;
  source: CodexBinary['source'];
}

const versionCache = new Map<string, string>();

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

function searchPath(env: Record<string, string | undefined>): string | undefined {
  const names = process.platform === 'win32' ? ['codex.exe', 'codex.cmd', 'codex'] : ['codex'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

function notFound(message: string): CodexError {
  return new CodexError(message, { kind: 'not-found' });
}

/**
 * The first place that names a codex: option, CODEX_BIN, the workspace's node_modules, PATH.
 * Throws a `not-found` CodexError that says where it looked, or CodexConfigError when a dotenv file
 * of the repository set CODEX_BIN or another variable codex receives. Also the setup check's lookup, so the
 * check and the executors can never disagree on which codex runs.
 */
export function locateCodexBinary(options: FindCodexBinaryOptions): Candidate {
  // Before any codex starts, even `codex --version`: a CODEX_BIN (or PATH, proxy…) that a dotenv
  // file of the repository chose is refused here, so every caller (the check too) inherits it.
  // CODEX_HOME is not read here; loadSettings refuses it unless the caller gave its own.
  refuseRepositoryDotenv(options.workspaceRoot, [], options.env, ['CODEX_HOME']);
  const named: Array<[string | undefined, CodexBinary['source'], string]> = [
    [options.explicit, 'option', 'the codex binary option'],
    [options.env.CODEX_BIN, 'env', 'CODEX_BIN'],
  ];
  for (const [value, source, label] of named) {
    if (!value) continue;
    const file = path.resolve(options.workspaceRoot, value);
    if (!isExecutableFile(file)) {
      throw notFound(
        `Codex not found at ${file} (from ${label}): no executable file there. Fix the path, or unset it and run \`${INSTALL_COMMAND}\` in ${options.workspaceRoot}.`,
      );
    }
    return { path: file, source };
  }
  const local = path.join(options.workspaceRoot, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  if (isExecutableFile(local)) return { path: local, source: 'node_modules' };
  const onPath = searchPath(options.env);
  if (onPath) return { path: onPath, source: 'path' };
  throw notFound(
    `Codex CLI not found: no codex option, no CODEX_BIN, no ${local} and no \`codex\` on PATH. ` +
      `Install it in the workspace: \`${INSTALL_COMMAND}\` (or set CODEX_BIN to the codex binary).`,
  );
}

/** `codex --version`, once per path and modification time in this process. */
export function readCodexVersion(binaryPath: string, env?: Record<string, string | undefined>): string {
  const stat = statSync(binaryPath);
  const key = `${binaryPath}:${stat.mtimeMs}:${stat.size}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const { file, prefixArgs } = commandOf(binaryPath);
  const result = captureOutputSync(file, [...prefixArgs, '--version'], { env, timeoutMs: 15_000 });
  const command = [binaryPath, '--version'];
  if (result.spawnError) {
    throw new CodexError(
      `Could not start ${binaryPath}: ${result.spawnError.message}. Check that it is an executable codex binary, or reinstall: \`${INSTALL_COMMAND}\`.`,
      {
        kind: 'spawn',
        command,
      },
    );
  }
  const parsed = parseCodexVersion(result.stdout);
  if (result.exitCode !== 0 || !parsed) {
    const what = result.timedOut ? 'did not answer within 15 s' : `printed no version (exit ${result.exitCode})`;
    throw new CodexError(
      `\`${binaryPath} --version\` ${what}: is it the Codex CLI? Reinstall: \`${INSTALL_COMMAND}\`.`,
      {
        kind: 'spawn',
        command,
        exitCode: result.exitCode,
        stderrTail: tailLines(result.stderr + result.stdout),
      },
    );
  }
  versionCache.set(key, parsed.text);
  return parsed.text;
}

/** Finds codex, reads its version once, and says what it can do. */
export function findCodexBinary(options: FindCodexBinaryOptions): CodexBinary {
  const candidate = locateCodexBinary(options);
  const real = realpathSync(candidate.path);
  const native = nativeBinaryOf(real, options.platform, options.arch);
  const binaryPath = native ?? real;
  const version = readCodexVersion(binaryPath, options.env);
  if (isTooOld(version)) {
    throw new CodexError(
      `Codex ${version} at ${binaryPath} (from ${candidate.source}) is too old: nx-codex needs ${MIN_CODEX_VERSION} or newer ` +
        `(\`codex exec --json\`, \`--output-schema\`, \`exec resume --output-schema\`). Upgrade: \`npm install -D @openai/codex@${RECOMMENDED_CODEX_VERSION}\`.`,
      { kind: 'too-old', command: [binaryPath, '--version'] },
    );
  }
  return {
    path: binaryPath,
    version,
    source: candidate.source,
    abilities: abilitiesOf(version),
    ...(native ? { launcher: real } : {}),
  };
}
