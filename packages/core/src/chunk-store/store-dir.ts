import { join } from 'node:path';

/**
 * Where nx-codex keeps what outlives a task: chunk results, measured request overheads, run ledgers.
 * Under Nx's workspace data folder (`.nx/workspace-data`, or NX_WORKSPACE_DATA_DIRECTORY), which new
 * workspaces ignore in git and `nx reset` clears.
 */
export function codexStoreDir(workspaceRoot: string, env: Record<string, string | undefined>): string {
  const data = env.NX_WORKSPACE_DATA_DIRECTORY
    ? join(workspaceRoot, env.NX_WORKSPACE_DATA_DIRECTORY)
    : join(workspaceRoot, '.nx', 'workspace-data');
  return join(data, 'codex-review');
}
