// git() and gitAsync() against the real git: the same answers and the same errors, and what
// listProjectFiles makes of a folder git cannot list.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, gitAsync, GitError } from './git';
import { listProjectFiles } from './list-files';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'nx-codex-git-'));
  mkdirSync(path.join(root, 'libs/a'), { recursive: true });
  writeFileSync(path.join(root, 'libs/a/index.ts'), 'export const a = 1;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const withEnv = async <T>(name: string, value: string, run: () => Promise<T>): Promise<T> => {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
};
const withPath = <T>(value: string, run: () => Promise<T>) => withEnv('PATH', value, run);

describe('gitAsync', () => {
  it('answers as git() does, and fails the same way with the exit code and the end of stderr', async () => {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    expect(await gitAsync(root, ['ls-files', '--others', '-z'])).toBe(git(root, ['ls-files', '--others', '-z']));
    const failure = await gitAsync(root, ['rev-parse', '--verify', 'no-such-ref']).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GitError);
    expect(failure).toMatchObject({ exitCode: 128, args: ['rev-parse', '--verify', 'no-such-ref'] });
    expect((failure as GitError).message).toMatch(
      /^git rev-parse --verify no-such-ref failed in .* \(exit 128\): fatal: /,
    );
    expect(() => git(root, ['rev-parse', '--verify', 'no-such-ref'])).toThrow((failure as GitError).message);
  });

  it('says to install git when there is none on PATH', async () => {
    const failure = await withPath(path.join(root, 'no-bin'), () =>
      gitAsync(root, ['status']).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(failure).toMatchObject({ exitCode: null });
    expect((failure as GitError).message).toContain('git was not found on PATH');
  });
});

describe('listProjectFiles', () => {
  it("lists git's view in a repository, walks the folder outside one, in one git refuses, or without git, and reports a broken one", async () => {
    expect(await listProjectFiles(root, 'libs/a')).toEqual(['libs/a/index.ts']); // no repository: a walk
    expect(await withPath(path.join(root, 'no-bin'), () => listProjectFiles(root, 'libs/a'))).toEqual([
      'libs/a/index.ts',
    ]);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    writeFileSync(path.join(root, '.gitignore'), 'ignored.ts\n');
    writeFileSync(path.join(root, 'libs/a/ignored.ts'), '');
    expect(await listProjectFiles(root, 'libs/a')).toEqual(['libs/a/index.ts']);
    // A repository git refuses to open (another owner, as in a container without safe.directory): a
    // walk, as before. Only git reads .git/info/exclude, so the excluded file tells the two apart.
    writeFileSync(path.join(root, '.git/info/exclude'), 'excluded.ts\n');
    writeFileSync(path.join(root, 'libs/a/excluded.ts'), '');
    expect(await listProjectFiles(root, 'libs/a')).toEqual(['libs/a/index.ts']);
    const refused = await withEnv('GIT_TEST_ASSUME_DIFFERENT_OWNER', '1', () => listProjectFiles(root, 'libs/a'));
    expect(refused).toEqual(['libs/a/excluded.ts', 'libs/a/index.ts']);
    // A broken repository is an error to report, not a reason to walk past git's rules.
    writeFileSync(path.join(root, '.git/index'), 'not an index');
    await expect(listProjectFiles(root, 'libs/a')).rejects.toThrow(/failed in .*\(exit 128\): .*index/);
  });
});
