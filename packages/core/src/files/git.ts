import { execFile, spawnSync } from 'node:child_process';

const MAX_GIT_OUTPUT = 256 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    /** git itself was not found on PATH. */
    readonly missing = false,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** Our parsing must not depend on the user's pager, colours or language. */
const gitEnv = () => ({ ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' });

/** Runs git in `cwd` and returns stdout as a Buffer (for `-z` output and blobs); `input` goes to its stdin. */
export function gitBuffer(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', args, {
    cwd,
    input,
    maxBuffer: MAX_GIT_OUTPUT,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: gitEnv(),
  });
  if (result.error) throw startFailure(args, result.error as NodeJS.ErrnoException);
  if (result.status !== 0) throw exitFailure(cwd, args, result.status, result.stderr);
  return result.stdout;
}

/**
 * git() without blocking the thread while git runs: a batch reviews many projects on one
 * JavaScript thread, and Codex's answers wait while it is blocked.
 */
export function gitAsync(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: MAX_GIT_OUTPUT },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout.toString('utf8'));
        const code = (error as NodeJS.ErrnoException).code as unknown;
        if (typeof code === 'number') return reject(exitFailure(cwd, args, code, stderr));
        // Not started (ENOENT…), output over the limit, or killed by a signal (no exit code).
        if (typeof code === 'string' && !code.startsWith('ERR_'))
          return reject(startFailure(args, error as NodeJS.ErrnoException));
        reject(exitFailure(cwd, args, null, Buffer.from(error.message)));
      },
    );
  });
}

function startFailure(args: string[], error: NodeJS.ErrnoException): GitError {
  const missing = error.code === 'ENOENT';
  return new GitError(
    missing
      ? 'git was not found on PATH: nx-codex reads the repository with git (changed files, ignored files, the base commit) and protects your files with it. Install git.'
      : `git ${args.join(' ')} could not start: ${error.message}`,
    args,
    null,
    '',
    missing,
  );
}

function exitFailure(cwd: string, args: string[], status: number | null, stderrBytes: Buffer): GitError {
  const stderr = stderrBytes.toString('utf8').trim();
  const tail = stderr.split('\n').slice(-5).join('\n');
  return new GitError(`git ${args.join(' ')} failed in ${cwd} (exit ${status}): ${tail}`, args, status, stderr);
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

/** isInsideGitWorkTree without blocking the thread. */
export async function isInsideGitWorkTreeAsync(cwd: string): Promise<boolean> {
  try {
    return (await gitAsync(cwd, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
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
