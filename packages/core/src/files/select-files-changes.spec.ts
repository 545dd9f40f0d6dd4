import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectFiles } from './select-files';
import { gitIn, MAX, paths, useSelectFilesWorkspace } from './testing/select-files-workspace';

describe('selectFiles: scope changes and where the workspace sits in the repository', () => {
  const ws = useSelectFilesWorkspace();
  const { write, initRepo, commitAll, select } = ws;

  describe('scope changes', () => {
    let baseCommit: string;
    beforeEach(() => {
      initRepo();
      write('apps/web/src/a.ts', 'export const a = 1;\n');
      write('apps/web/src/b.ts', 'export const b = 1;\n');
      write('apps/web/src/old-name.ts', 'export const renamed = 1;\n');
      write('apps/other/c.ts', 'export const c = 1;\n');
      baseCommit = commitAll('base');
      gitIn(ws.root, 'checkout', '-q', '-b', 'feature');
      write('apps/web/src/a.ts', 'export const a = 2;\n');
      fs.rmSync(path.join(ws.root, 'apps/web/src/b.ts'));
      gitIn(ws.root, 'mv', 'apps/web/src/old-name.ts', 'apps/web/src/new-name.ts');
      write('apps/other/c.ts', 'export const c = 2;\n');
      commitAll('feature');
    });

    it('reviews base...head, without deleted files or other projects, renames under their new name', async () => {
      const selection = await select({ scope: 'changes', base: 'main', head: 'HEAD' });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection).toMatchObject({ base: 'main', head: 'HEAD' });
    });

    it('compares base with the working tree and adds untracked files when there is no head', async () => {
      write('apps/web/src/unstaged.ts', 'u\n');
      gitIn(ws.root, 'add', 'apps/web/src/unstaged.ts');
      write('apps/web/src/untracked.ts', 'new\n');
      write('apps/web/src/new-name.ts', 'export const renamed = 2;\n');
      const selection = await select({ scope: 'changes', base: 'main' });
      expect(paths(selection)).toEqual([
        'apps/web/src/a.ts',
        'apps/web/src/new-name.ts',
        'apps/web/src/unstaged.ts',
        'apps/web/src/untracked.ts',
      ]);
      expect(selection.files.find((f) => f.path.endsWith('new-name.ts'))?.content).toBe('export const renamed = 2;\n');
      expect(selection.head).toBeUndefined();
    });

    it('takes base and head from NX_BASE and NX_HEAD, as nx affected sets them', async () => {
      const selection = await select({ scope: 'changes', env: { NX_BASE: baseCommit, NX_HEAD: 'feature' } });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection).toMatchObject({ base: baseCommit, head: 'feature' });
    });

    it('reads the files of head when head is not the checked-out commit', async () => {
      gitIn(ws.root, 'checkout', '-q', 'main');
      const selection = await select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(selection.files.map((f) => [f.path, f.content])).toEqual([
        ['apps/web/src/a.ts', 'export const a = 2;\n'],
        ['apps/web/src/new-name.ts', 'export const renamed = 1;\n'],
      ]);
    });

    it('applies the same filters to the files of a head that is not checked out', async () => {
      write('apps/web/src/big.ts', 'x'.repeat(MAX + 1));
      fs.symlinkSync('a.ts', path.join(ws.root, 'apps/web/src/link.ts'));
      write('apps/web/src/bin.dat', Buffer.from([1, 0, 2]));
      commitAll('more');
      gitIn(ws.root, 'checkout', '-q', 'main');
      const selection = await select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection.skipped.map((s) => [s.file, s.reason])).toEqual([
        ['apps/web/src/big.ts', 'too-large'],
        ['apps/web/src/bin.dat', 'binary'],
        ['apps/web/src/link.ts', 'symlink'],
      ]);
    });

    it('throws an error naming the base and advising NX_BASE (which nx affected leaves to the tasks) when the base cannot be resolved', async () => {
      await expect(select({ scope: 'changes', base: 'origin/develop' })).rejects.toThrow(
        /Cannot resolve the base "origin\/develop" \(from the changesBase option\).*NX_BASE=/,
      );
      await expect(select({ scope: 'changes', env: { NX_BASE: 'nope' } })).rejects.toThrow(/"nope" \(from NX_BASE\)/);
    });

    it('defaults the base to nx.json defaultBase, else the default branch (main, or master when there is no main)', async () => {
      write('apps/web/src/a.ts', 'export const a = 3;\n');
      expect(paths(await select({ scope: 'changes' }))).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      gitIn(ws.root, 'branch', '-m', 'main', 'master');
      expect((await select({ scope: 'changes' })).base).toBe('master');
      write('nx.json', JSON.stringify({ defaultBase: 'release' }));
      await expect(select({ scope: 'changes' })).rejects.toThrow(/"release" \(from nx.json defaultBase\)/);
      gitIn(ws.root, 'update-ref', 'refs/remotes/origin/release', baseCommit);
      expect((await select({ scope: 'changes' })).base).toBe('origin/release');
    });

    it("attaches each changed file's diff and changed lines; a file new since the base is all change", async () => {
      write('apps/web/src/a.ts', 'export const a = 2;\nexport const d = 4;\n');
      const selection = await select({ scope: 'changes', base: 'main' });
      const a = selection.files.find((f) => f.path === 'apps/web/src/a.ts');
      expect(a?.change).toMatchObject({ newFile: false, changedLines: [[1, 2]] });
      expect(a?.change?.diff).toMatch(
        /^@@ -1 \+1,2 @@\n-export const a = 1;\n\+export const a = 2;\n\+export const d = 4;\n$/,
      );
      expect(selection.files.find((f) => f.path === 'apps/web/src/new-name.ts')?.change).toMatchObject({
        newFile: true,
      });
      expect((await select({ scope: 'project' })).files.every((f) => f.change === undefined)).toBe(true);
    });

    it('refuses the changes scope outside a git repository', async () => {
      fs.rmSync(path.join(ws.root, '.git'), { recursive: true, force: true });
      await expect(select({ scope: 'changes' })).rejects.toThrow(/needs a git repository/);
    });
  });

  describe('a workspace nested in a larger repository, and a project at the workspace root', () => {
    it('gives workspace-relative paths in both scopes', async () => {
      initRepo();
      write('README.md', 'repo readme\n');
      write('ws/package.json', '{}\n');
      write('ws/apps/web/a.ts', 'a\n');
      commitAll('base');
      gitIn(ws.root, 'checkout', '-q', '-b', 'feature');
      write('ws/apps/web/a.ts', 'a2\n');
      write('README.md', 'changed outside the workspace\n');
      commitAll('feature');
      const workspaceRoot = path.join(ws.root, 'ws');
      const project = await selectFiles({
        workspaceRoot,
        projectRoot: 'apps/web',
        scope: 'project',
        maxFileBytes: MAX,
        env: {},
      });
      expect(paths(project)).toEqual(['apps/web/a.ts']);
      const whole = await selectFiles({
        workspaceRoot,
        projectRoot: '.',
        scope: 'project',
        maxFileBytes: MAX,
        env: {},
      });
      expect(paths(whole)).toEqual(['apps/web/a.ts', 'package.json']);
      const changes = await selectFiles({
        workspaceRoot,
        projectRoot: '',
        scope: 'changes',
        base: 'main',
        head: 'feature',
        maxFileBytes: MAX,
        env: {},
      });
      expect(paths(changes)).toEqual(['apps/web/a.ts']);
    });
  });
});
