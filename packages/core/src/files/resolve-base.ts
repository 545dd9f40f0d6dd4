/**
 * Which ref the `changes` scope compares against, decided the same way everywhere (the review and
 * `nx-codex base-commit`, whose output is in the cache key): the option, else NX_BASE, else nx.json
 * `defaultBase`, else the repository's default branch (origin/HEAD, or a local main/master).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, resolveCommit } from './git';

export interface BaseRef {
  /** The ref as it resolves here (a missing local branch falls back to its origin/ twin). */
  ref: string;
  /** Where it came from, for messages. */
  from: string;
}

/** What to try, in order; `optionName` names the option in messages. */
export interface BaseRefRequest {
  workspaceRoot: string;
  option?: string;
  optionName?: string;
  env: NodeJS.ProcessEnv;
}

export const BASE_ADVICE =
  'Set NX_BASE to a branch or commit (e.g. `NX_BASE=origin/master npx nx affected -t codex-review`), set "defaultBase" in nx.json, ' +
  'or give the target a changesBase option; in CI, fetch enough history for that ref (actions/checkout with fetch-depth: 0).';

/** The base ref to compare against, or a clear error naming what was tried. */
export function resolveBaseRef(request: BaseRefRequest): BaseRef {
  const { workspaceRoot, env } = request;
  const candidates: Array<[string | undefined, string]> = [
    [request.option, `the ${request.optionName ?? 'changesBase'} option`],
    [env.NX_BASE, 'NX_BASE'],
    [readDefaultBase(workspaceRoot), 'nx.json defaultBase'],
  ];
  for (const [ref, from] of candidates) {
    if (!ref) continue;
    const resolved = resolvable(workspaceRoot, ref);
    if (resolved) return { ref: resolved, from };
    throw new Error(`Cannot resolve the base "${ref}" (from ${from}) to a commit in ${workspaceRoot}. ${BASE_ADVICE}`);
  }
  const branch = defaultBranch(workspaceRoot);
  if (branch) return { ref: branch, from: "the repository's default branch" };
  throw new Error(
    `No base for the "changes" scope: no changesBase option, no NX_BASE, no nx.json defaultBase, and neither origin/HEAD nor a main or master branch in ${workspaceRoot}. ${BASE_ADVICE}`,
  );
}

/** `ref` if it names a commit, else `origin/ref` if that does (a CI checkout often has only the remote branch). */
function resolvable(workspaceRoot: string, ref: string): string | undefined {
  if (resolveCommit(workspaceRoot, ref)) return ref;
  return resolveCommit(workspaceRoot, `origin/${ref}`) ? `origin/${ref}` : undefined;
}

/** nx.json's `defaultBase` (or the older `affected.defaultBase`), as `nx affected` reads it. */
function readDefaultBase(workspaceRoot: string): string | undefined {
  const file = join(workspaceRoot, 'nx.json');
  if (!existsSync(file)) return undefined;
  try {
    const nxJson = JSON.parse(readFileSync(file, 'utf8'));
    const value = nxJson?.defaultBase ?? nxJson?.affected?.defaultBase;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return undefined; // Nx itself reports a malformed nx.json long before a task runs.
  }
}

/** origin/HEAD's branch (as `git clone` records it), else a local main, else master. */
function defaultBranch(workspaceRoot: string): string | undefined {
  try {
    const remoteHead = git(workspaceRoot, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).trim();
    if (remoteHead) return remoteHead.replace(/^refs\/remotes\//, '');
  } catch {
    // No origin/HEAD: a repository that was not cloned, or a CI checkout without it.
  }
  return ['main', 'master'].find((branch) => resolveCommit(workspaceRoot, `refs/heads/${branch}`));
}
