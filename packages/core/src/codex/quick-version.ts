import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { findCodexBinary } from './binary';

/** The version in an @openai/codex package.json (any alias of the package), or undefined. */
function packageCodexVersion(packageJson: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: string; version?: string };
    return pkg.name === '@openai/codex' && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What CODEX_BIN names, without running it: the version of the package whose launcher it is
 * (`<package>/bin/codex.js`), else the file's identity (real path, size, modification time).
 * Nx computes the fingerprint with the task's environment, which includes the repository's .env
 * files, so a CODEX_BIN here may be the repository's choice: the executor refuses that before
 * starting anything, and hashing must not start it either.
 */
function codexBinIdentity(workspaceRoot: string, codexBin: string): string | undefined {
  const file = path.resolve(workspaceRoot, codexBin);
  const beside = packageCodexVersion(path.join(path.dirname(file), '..', 'package.json'));
  if (beside) return beside;
  try {
    const stat = statSync(file);
    return `${realpathSync(file)} (${stat.size} bytes, modified ${stat.mtimeMs})`;
  } catch {
    return undefined;
  }
}

/**
 * The version of the codex a run in this workspace would use, cheaply: for CODEX_BIN, its
 * package's version or its file identity (never run); else the workspace's
 * node_modules/@openai/codex/package.json, else `codex --version` of the codex on PATH.
 * `undefined` when there is no codex at all; the run itself will say so.
 */
export function quickCodexVersion(
  workspaceRoot: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (env.CODEX_BIN) return codexBinIdentity(workspaceRoot, env.CODEX_BIN);
  const local = packageCodexVersion(path.join(workspaceRoot, 'node_modules', '@openai', 'codex', 'package.json'));
  if (local) return local;
  try {
    return findCodexBinary({ env, workspaceRoot }).version;
  } catch {
    return undefined;
  }
}
