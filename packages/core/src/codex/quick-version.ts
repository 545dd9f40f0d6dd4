import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findCodexBinary } from './binary';

function workspaceCodexVersion(workspaceRoot: string): string | undefined {
  try {
    const pkg = JSON.parse(
      readFileSync(path.join(workspaceRoot, 'node_modules', '@openai', 'codex', 'package.json'), 'utf8'),
    ) as { name?: string; version?: string };
    return pkg.name === '@openai/codex' && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The version of the codex a run in this workspace would use, cheaply: the workspace's
 * node_modules/@openai/codex/package.json when that is the codex findCodexBinary picks (no
 * CODEX_BIN), else `codex --version` through findCodexBinary.
 * `undefined` when there is no codex at all; the run itself will say so.
 */
export function quickCodexVersion(
  workspaceRoot: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (!env.CODEX_BIN) {
    const local = workspaceCodexVersion(workspaceRoot);
    if (local) return local;
  }
  try {
    return findCodexBinary({ env, workspaceRoot }).version;
  } catch {
    return undefined;
  }
}
