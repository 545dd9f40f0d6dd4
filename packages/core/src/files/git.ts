import { spawnSync } from 'node:child_process';

const MAX_GIT_OUTPUT = 256 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** Runs git in `cwd` and returns stdout as a Buffer (for `-z` output and blobs); `input` goes to its stdin. */
export function gitBuffer(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', args, {
    cwd,
    input,
    maxBuffer: MAX_GIT_OUTPUT,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    // Our parsing must not depend on the user's pager, colours or language.
    env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new GitError(
      missing
        ? 'git was not found on PATH: nx-codex reads the repository with git (changed files, ignored files, the base commit) and protects your files with it. Install git.'
        : `git ${args.join(' ')} could not start: ${result.error.message}`,
      args,
      null,
      '',
    );
  }
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim();
    const tail = stderr.split('\n').slice(-5).join('\n');
    throw new GitError(
      `git ${args.join(' ')} failed in ${cwd} (exit ${result.status}): ${tail}`,
      args,
      result.status,
      stderr,
    );
  }
  return result.stdout;
}

export function git(cwd: string, args: string[]): string {
  return gitBuffer(cwd, args).toString('utf8');
}

/** Like git(), but undefined instead of an error (for questions such as "does HEAD:x exist?"). */
export function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

/** True when git ignores the (repository-relative) path, whether or not it exists. */
export function isGitIgnored(gitRoot: string, file: string): boolean {
  return tryGit(gitRoot, ['check-ignore', '-q', '--', file]) !== undefined;
}

/** Splits `-z` output into entries. */
export function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}

export function isInsideGitWorkTree(cwd: string): boolean {
  try {
    return git(cwd, ['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}

/** The commit a ref names, or undefined when it cannot be resolved. */
export function resolveCommit(cwd: string, ref: string): string | undefined {
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}
