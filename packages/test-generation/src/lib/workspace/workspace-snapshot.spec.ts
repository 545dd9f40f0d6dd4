import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildPatch } from './patch';
import { changesSince, restorePaths, takeSnapshot } from './workspace-snapshot';
import { git as run, read, write } from './testing/git-repo';

describe('workspace snapshot', () => {
  let repo: string;

  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'tg-snapshot-'));
    run(repo, 'init', '-q');
    write(repo, '.gitignore', 'ignored/\n');
    write(repo, 'lib/src/a.ts', 'export const a = 1;\n');
    write(repo, 'lib/src/a.spec.ts', "test('a', () => {});\n");
    write(repo, 'README.md', '# readme\n');
    run(repo, 'add', '-A');
    run(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init');
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('sees added, modified and deleted files, and puts them all back', () => {
    const snapshot = takeSnapshot(repo);
    write(repo, 'lib/src/a.ts', 'export const a = 2;\n');
    write(repo, 'lib/src/new/deep/b.spec.ts', 'new\n');
    rmSync(path.join(repo, 'README.md'));
    expect(changesSince(snapshot)).toEqual([
      { path: 'README.md', kind: 'deleted' },
      { path: 'lib/src/a.ts', kind: 'modified' },
      { path: 'lib/src/new/deep/b.spec.ts', kind: 'added' },
    ]);
    restorePaths(
      snapshot,
      changesSince(snapshot).map((c) => c.path),
    );
    expect(changesSince(snapshot)).toEqual([]);
    expect(read(repo, 'lib/src/a.ts')).toBe('export const a = 1;\n');
    expect(read(repo, 'README.md')).toBe('# readme\n');
    // The folders Codex created for the new file go with it; the existing ones stay.
    expect(existsSync(path.join(repo, 'lib/src/new'))).toBe(false);
    expect(existsSync(path.join(repo, 'lib/src'))).toBe(true);
    expect(run(repo, 'status', '--porcelain')).toBe('');
  });

  it("keeps the user's uncommitted work: a dirty file comes back dirty, an untracked one untracked", () => {
    write(repo, 'lib/src/a.ts', 'export const a = "mine";\n');
    write(repo, 'lib/notes.txt', 'my notes\n');
    const snapshot = takeSnapshot(repo);
    expect(changesSince(snapshot)).toEqual([]);
    write(repo, 'lib/src/a.ts', 'export const a = "codex";\n');
    rmSync(path.join(repo, 'lib/notes.txt'));
    expect(changesSince(snapshot)).toEqual([
      { path: 'lib/notes.txt', kind: 'deleted' },
      { path: 'lib/src/a.ts', kind: 'modified' },
    ]);
    restorePaths(snapshot, ['lib/notes.txt', 'lib/src/a.ts']);
    expect(read(repo, 'lib/src/a.ts')).toBe('export const a = "mine";\n');
    expect(read(repo, 'lib/notes.txt')).toBe('my notes\n');
  });

  it('undoes a change Codex staged with git add', () => {
    const snapshot = takeSnapshot(repo);
    write(repo, 'lib/src/staged.spec.ts', 'x\n');
    write(repo, 'lib/src/a.ts', 'changed\n');
    run(repo, 'add', '-A');
    expect(changesSince(snapshot).map((c) => [c.path, c.kind])).toEqual([
      ['lib/src/a.ts', 'modified'],
      ['lib/src/staged.spec.ts', 'added'],
    ]);
    restorePaths(snapshot, ['lib/src/a.ts', 'lib/src/staged.spec.ts']);
    expect(run(repo, 'status', '--porcelain')).toBe('');
  });

  it('does not see git-ignored files', () => {
    const snapshot = takeSnapshot(repo);
    write(repo, 'ignored/out.txt', 'x\n');
    expect(changesSince(snapshot)).toEqual([]);
  });

  it('builds a patch that git apply turns into the same files', () => {
    const snapshot = takeSnapshot(repo);
    write(repo, 'lib/src/a.spec.ts', "test('a', () => {});\ntest('b', () => {});\n");
    write(repo, 'lib/src/c.spec.ts', "test('c', () => {});\n");
    const patch = buildPatch(snapshot, ['lib/src/c.spec.ts', 'lib/src/a.spec.ts']);
    expect(patch).toContain('diff --git a/lib/src/a.spec.ts b/lib/src/a.spec.ts');
    expect(patch).toContain('diff --git a/lib/src/c.spec.ts b/lib/src/c.spec.ts\nnew file mode');
    expect(patch).toContain("+test('b', () => {});");
    restorePaths(snapshot, ['lib/src/a.spec.ts', 'lib/src/c.spec.ts']);
    expect(run(repo, 'status', '--porcelain')).toBe('');
    writeFileSync(path.join(repo, '..', `${path.basename(repo)}.patch`), patch);
    run(repo, 'apply', path.join(repo, '..', `${path.basename(repo)}.patch`));
    rmSync(path.join(repo, '..', `${path.basename(repo)}.patch`));
    expect(read(repo, 'lib/src/c.spec.ts')).toBe("test('c', () => {});\n");
    expect(read(repo, 'lib/src/a.spec.ts')).toBe("test('a', () => {});\ntest('b', () => {});\n");
  });
});
