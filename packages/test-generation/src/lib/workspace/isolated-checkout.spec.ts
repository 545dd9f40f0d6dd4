import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { copyBack, recordProjectStart } from './copy-back';
import { createIsolatedCheckout, removeStaleCheckouts } from './isolated-checkout';
import { readRepoLayout } from './repo-layout';
import { RunCopies } from './run-copies';
import { git, read, write } from './testing/git-repo';

describe('isolated checkout and copy-back (real git)', () => {
  let repo: string;
  let output: string;

  beforeEach(() => {
    repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'tg-checkout-')));
    output = path.join(repo, 'dist/out');
    git(repo, 'init', '-q');
    write(repo, '.gitignore', 'node_modules\ndist\n');
    write(repo, 'lib/src/a.ts', 'export const a = 1;\n');
    write(repo, 'lib/src/a.spec.ts', "test('a', () => {});\n");
    write(repo, 'other/b.ts', 'export const b = 1;\n');
    write(repo, 'node_modules/dep/index.js', 'module.exports = 1;\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'init');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('checks out HEAD with the dirty project copied in and node_modules linked, and removes itself', () => {
    write(repo, 'lib/src/a.ts', 'export const a = "mine";\n');
    write(repo, 'lib/src/new.ts', 'new\n');
    rmSync(path.join(repo, 'lib/src/a.spec.ts'));
    write(repo, 'other/b.ts', 'not copied: outside the project\n');
    // An untracked symlink loop elsewhere is never read.
    symlinkSync('loop-b', path.join(repo, 'loop-a'));
    symlinkSync('loop-a', path.join(repo, 'loop-b'));
    const user = readRepoLayout(repo, 'lib');
    const statusBefore = git(repo, 'status', '--porcelain');

    const checkout = createIsolatedCheckout(user, { copyDirtyProject: true });
    const root = checkout.layout.gitRoot;
    expect(root).not.toBe(repo);
    expect(read(root, 'lib/src/a.ts')).toBe('export const a = "mine";\n');
    expect(read(root, 'lib/src/new.ts')).toBe('new\n');
    expect(existsSync(path.join(root, 'lib/src/a.spec.ts'))).toBe(false);
    expect(read(root, 'other/b.ts')).toBe('export const b = 1;\n');
    expect(lstatSync(path.join(root, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(read(root, 'node_modules/dep/index.js')).toBe('module.exports = 1;\n');

    checkout.remove();
    expect(existsSync(path.dirname(root))).toBe(false);
    expect(read(repo, 'node_modules/dep/index.js')).toBe('module.exports = 1;\n');
    expect(git(repo, 'worktree', 'list')).not.toContain(root);
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
  });

  it('copies back only new files and files the user left alone; a conflict is saved, never written', () => {
    const user = readRepoLayout(repo, 'lib');
    const start = recordProjectStart(user);
    const checkout = createIsolatedCheckout(user, { copyDirtyProject: false });
    const root = checkout.layout.gitRoot;
    try {
      write(root, 'lib/src/a.spec.ts', "test('a, better', () => {});\n");
      write(root, 'lib/src/c.spec.ts', "test('c', () => {});\n");
      write(root, 'lib/src/d.spec.ts', "test('d', () => {});\n");
      write(root, 'lib/src/deep/e.spec.ts', "test('e', () => {});\n");
      // Meanwhile the user edits one and creates another.
      write(repo, 'lib/src/a.spec.ts', "test('a', () => { /* mine */ });\n");
      write(repo, 'lib/src/d.spec.ts', 'my own d\n');
      const copies = new RunCopies(checkout.layout, repo, output, new Date('2026-01-02T03:04:05Z'));
      const results = copyBack(
        ['lib/src/a.spec.ts', 'lib/src/c.spec.ts', 'lib/src/d.spec.ts', 'lib/src/deep/e.spec.ts'],
        checkout.layout,
        start,
        copies,
      );
      expect(results.map((r) => [r.path, r.outcome])).toEqual([
        ['lib/src/a.spec.ts', 'conflict'],
        ['lib/src/c.spec.ts', 'copied'],
        ['lib/src/d.spec.ts', 'conflict'],
        ['lib/src/deep/e.spec.ts', 'copied'],
      ]);
      expect(read(repo, 'lib/src/a.spec.ts')).toBe("test('a', () => { /* mine */ });\n");
      expect(read(repo, 'lib/src/d.spec.ts')).toBe('my own d\n');
      expect(read(repo, 'lib/src/c.spec.ts')).toBe("test('c', () => {});\n");
      expect(read(repo, 'lib/src/deep/e.spec.ts')).toBe("test('e', () => {});\n");
      const saved = results[0].savedAs as string;
      expect(saved).toMatch(/^dist\/out\/runs\/2026-01-02T03-04-05-000Z-\d+\/lib\/src\/a\.spec\.ts$/);
      expect(read(repo, saved)).toBe("test('a, better', () => {});\n");
    } finally {
      checkout.remove();
    }
  });

  it('overwrites a file the run found unchanged (a test Codex improved)', () => {
    const user = readRepoLayout(repo, 'lib');
    const start = recordProjectStart(user);
    const checkout = createIsolatedCheckout(user, { copyDirtyProject: false });
    try {
      write(checkout.layout.gitRoot, 'lib/src/a.spec.ts', "test('a, better', () => {});\n");
      const results = copyBack(
        ['lib/src/a.spec.ts'],
        checkout.layout,
        start,
        new RunCopies(checkout.layout, repo, output, new Date()),
      );
      expect(results).toEqual([{ path: 'lib/src/a.spec.ts', outcome: 'copied' }]);
      expect(read(repo, 'lib/src/a.spec.ts')).toBe("test('a, better', () => {});\n");
    } finally {
      checkout.remove();
    }
  });

  it("removes the checkout of a run that was killed (its process is gone), not a live run's", () => {
    const user = readRepoLayout(repo, 'lib');
    const live = createIsolatedCheckout(user, { copyDirtyProject: false });
    // A checkout named after a process that no longer exists, as a SIGKILLed run leaves it.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const holder = path.join(tmpdir(), `nx-codex-generate-tests-${dead}-stale`);
    git(repo, 'worktree', 'add', '--detach', '--quiet', path.join(holder, 'repo'), 'HEAD');
    symlinkSync(path.join(repo, 'node_modules'), path.join(holder, 'repo/node_modules'));
    try {
      removeStaleCheckouts(repo);
      expect(existsSync(holder)).toBe(false);
      expect(read(repo, 'node_modules/dep/index.js')).toBe('module.exports = 1;\n');
      expect(git(repo, 'worktree', 'list')).not.toContain(holder);
      expect(existsSync(live.layout.gitRoot)).toBe(true);
    } finally {
      live.remove();
      rmSync(holder, { recursive: true, force: true });
    }
  });
});
