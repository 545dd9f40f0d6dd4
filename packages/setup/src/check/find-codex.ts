import { firstLine, isCodexConfigError, isCodexError, locateCodexBinary, readCodexVersion } from '@nx-codex/core';
import type { CodexFacts } from './types';

type CoreSource = ReturnType<typeof locateCodexBinary>['source'];

/** How the check names where codex came from. */
const SOURCE_LABEL: Record<CoreSource, Extract<CodexFacts, { found: true }>['source']> = {
  option: 'CODEX_BIN',
  env: 'CODEX_BIN',
  node_modules: 'workspace',
  path: 'PATH',
};

function firstLineOf(error: unknown): string {
  return firstLine(error instanceof Error ? error.message : String(error));
}

/**
 * Core's own lookup (CODEX_BIN, the workspace's node_modules, then PATH), so the check reports the
 * codex the executors will run, or core's reason why there is none (or why it refuses to run one).
 */
export function findCodex(workspaceRoot: string, env: NodeJS.ProcessEnv): CodexFacts {
  let located: ReturnType<typeof locateCodexBinary>;
  try {
    located = locateCodexBinary({ env, workspaceRoot });
  } catch (error) {
    if (isCodexError(error)) return { found: false, reason: firstLineOf(error) };
    // A CODEX_BIN (or proxy…) that a dotenv file of the repository set: refused before it runs.
    if (isCodexConfigError(error))
      return { found: false, reason: firstLineOf(error), fix: 'remove it from that dotenv file (see above)' };
    throw error;
  }
  const source = SOURCE_LABEL[located.source];
  try {
    return { found: true, path: located.path, source, version: readCodexVersion(located.path, env) };
  } catch (error) {
    return { found: true, path: located.path, source, versionError: firstLineOf(error) };
  }
}
