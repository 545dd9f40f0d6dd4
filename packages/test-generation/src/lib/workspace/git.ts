import { spawnSync } from 'node:child_process';

const MAX_GIT_OUTPUT = 256 * 1024 * 1024;

/** Runs git in `cwd`; stdout as a Buffer (for `-z` listings and file contents). Throws with git's stderr on failure. */
export function gitBuffer(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', args, {
    cwd,
    input,
    maxBuffer: MAX_GIT_OUTPUT,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    // Parsing must not depend on the user's pager, colours or language.
    env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'git was not found on PATH: codex-generate-tests needs git to protect your files. Install git.'
        : `git ${args.join(' ')} could not start: ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    const tail = result.stderr.toString('utf8').trim().split('\n').slice(-5).join('\n');
    throw new Error(`git ${args.join(' ')} failed in ${cwd} (exit ${result.status}): ${tail}`);
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

export function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}

/** True when git ignores the (repository-relative) path, whether or not it exists. */
export function isGitIgnored(gitRoot: string, file: string): boolean {
  return tryGit(gitRoot, ['check-ignore', '-q', '--', file]) !== undefined;
}
