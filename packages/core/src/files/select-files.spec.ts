import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { selectFiles, type SelectFilesOptions } from './select-files';

const MAX = 10_000;
// The module object itself (an `import * as` binding is a copy that spies would not reach).
const realFs: typeof fs = require('node:fs');

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

describe('selectFiles', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'nx-codex-files-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(root, { recursive: true, force: true });
  });

  function write(file: string, content: string | Buffer): void {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  function initRepo(): void {
    gitIn(root, 'init', '-q', '-b', 'main');
  }
  function commitAll(message: string): string {
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', message);
    return gitIn(root, 'rev-parse', 'HEAD').trim();
  }
  function select(options: Partial<SelectFilesOptions> = {}) {
    return selectFiles({
      workspaceRoot: root,
      projectRoot: 'apps/web',
      scope: 'project',
      maxFileBytes: MAX,
      env: {},
      ...options,
    });
  }
  const paths = (selection: ReturnType<typeof select>) => selection.files.map((file) => file.path);

  describe('scope project, in a git repository', () => {
    it("leaves out the project's .codex/context.md, which goes into the prompt as context", () => {
      initRepo();
      write('apps/web/src/main.ts', 'export const main = 1;\n');
      write('apps/web/.codex/context.md', '<!-- template -->\n## Review focus\n');
      write('apps/web/.codex/notes.md', 'reviewed like any file\n');
      commitAll('initial');
      expect(paths(select())).toEqual(['apps/web/.codex/notes.md', 'apps/web/src/main.ts']);
    });

    it('lists tracked and untracked files of the project, honouring .gitignore, without deleted files', () => {
      initRepo();
      write('.gitignore', 'node_modules/\n*.log\n');
      write('apps/web/src/main.ts', 'export const main = 1;\n');
      write('apps/web/src/gone.ts', 'export const gone = 1;\n');
      write('apps/web/README.md', '# Web\n');
      write('apps/other/src/x.ts', 'export const x = 1;\n');
      commitAll('initial');
      fs.rmSync(path.join(root, 'apps/web/src/gone.ts'));
      write('apps/web/src/new.ts', 'export const fresh = 1;\n');
      write('apps/web/debug.log', 'noise\n');
      write('apps/web/node_modules/dep/index.js', 'module.exports = 1;\n');

      const selection = select();
      expect(paths(selection)).toEqual(['apps/web/README.md', 'apps/web/src/main.ts', 'apps/web/src/new.ts']);
      expect(selection.skipped).toEqual([]);
      expect(selection.files[1]).toEqual({
        path: 'apps/web/src/main.ts',
        content: 'export const main = 1;\n',
        bytes: 23,
      });
    });

    it('does not mix in a sibling folder whose name starts with the project root', () => {
      initRepo();
      write('apps/web/a.ts', 'a\n');
      write('apps/web-admin/b.ts', 'b\n');
      commitAll('initial');
      expect(paths(select())).toEqual(['apps/web/a.ts']);
    });

    it('reports symlinks as skipped without following them', () => {
      initRepo();
      write('secret.txt', 'outside the project\n');
      write('apps/web/a.ts', 'a\n');
      fs.symlinkSync('../../secret.txt', path.join(root, 'apps/web/link.txt'));
      commitAll('initial');
      const selection = select();
      expect(paths(selection)).toEqual(['apps/web/a.ts']);
      expect(selection.skipped).toEqual([
        { file: 'apps/web/link.txt', reason: 'symlink', detail: 'symbolic links are never followed' },
      ]);
    });
  });

  describe('scope project, outside git', () => {
    it('walks the folder honouring every .gitignore on the way and always skipping build folders', () => {
      write('.gitignore', '*.log\n');
      write('apps/.gitignore', 'tmp/\n');
      write('apps/web/.gitignore', 'secret.txt\n!keep.log\n');
      write('apps/web/src/main.ts', 'main\n');
      write('apps/web/src/nested/.gitignore', 'local.ts\n');
      write('apps/web/src/nested/local.ts', 'ignored by the nested file\n');
      write('apps/web/src/nested/kept.ts', 'kept\n');
      write('apps/web/app.log', 'ignored by the root file\n');
      write('apps/web/keep.log', 're-included by the project file\n');
      write('apps/web/secret.txt', 'ignored by the project file\n');
      write('apps/web/tmp/cache.ts', 'ignored by apps/.gitignore\n');
      for (const dir of ['node_modules', '.git', 'dist', '.nx', 'coverage']) write(`apps/web/${dir}/x.ts`, 'skipped\n');

      const selection = select();
      expect(paths(selection)).toEqual([
        'apps/web/.gitignore',
        'apps/web/keep.log',
        'apps/web/src/main.ts',
        'apps/web/src/nested/.gitignore',
        'apps/web/src/nested/kept.ts',
      ]);
    });

    it('returns nothing for a project folder that an ancestor .gitignore ignores', () => {
      write('.gitignore', 'apps/\n');
      write('apps/web/a.ts', 'a\n');
      expect(select()).toEqual({ files: [], skipped: [] });
    });

    it('reports symlinks found by the walk as skipped', () => {
      write('apps/web/a.ts', 'a\n');
      fs.symlinkSync(root, path.join(root, 'apps/web/loop'));
      const selection = select();
      expect(paths(selection)).toEqual(['apps/web/a.ts']);
      expect(selection.skipped.map((s) => [s.file, s.reason])).toEqual([['apps/web/loop', 'symlink']]);
    });
  });

  describe('include and exclude', () => {
    beforeEach(() => {
      write('apps/web/src/a.ts', 'a\n');
      write('apps/web/src/a.spec.ts', 'a spec\n');
      write('apps/web/src/legacy/old.ts', 'old\n');
      write('apps/web/.eslintrc.json', '{}\n');
      write('apps/web/README.md', '# readme\n');
    });

    it('matches globs relative to the project root, dot files included', () => {
      expect(paths(select({ include: ['**/*.ts', '.eslintrc.json'], exclude: ['**/*.spec.ts'] }))).toEqual([
        'apps/web/.eslintrc.json',
        'apps/web/src/a.ts',
        'apps/web/src/legacy/old.ts',
      ]);
    });

    it('lets a glob naming a folder cover the files under it', () => {
      expect(paths(select({ exclude: ['src/legacy'] }))).not.toContain('apps/web/src/legacy/old.ts');
      expect(paths(select({ include: ['src'] }))).toEqual([
        'apps/web/src/a.spec.ts',
        'apps/web/src/a.ts',
        'apps/web/src/legacy/old.ts',
      ]);
    });

    it('includes everything by default and with an empty include list', () => {
      expect(paths(select({ include: [] }))).toHaveLength(5);
    });
  });

  describe('skipped files', () => {
    it('lists every refused file with its reason and never returns its content', () => {
      write('apps/web/ok.ts', 'export const ok = true;\n');
      write('apps/web/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
      write('apps/web/big.ts', 'x'.repeat(MAX + 1));
      write('apps/web/package-lock.json', '{}\n');
      write('apps/web/vendor.min.js', 'var a=1;\n');
      write('apps/web/main.js.map', '{}\n');
      write('apps/web/__snapshots__/a.spec.ts.snap', 'exports[`a`] = 1;\n');
      write('apps/web/api.gen.ts', '// Code generated by openapi-gen. DO NOT EDIT.\nexport {};\n');
      write('apps/web/schema.ts', '/**\n * @generated by prisma\n */\nexport {};\n');
      write('apps/web/latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
      fs.mkdirSync(path.join(root, 'apps/web/not-a-link'));

      const selection = select();
      expect(paths(selection)).toEqual(['apps/web/ok.ts']);
      expect(selection.skipped).toEqual([
        { file: 'apps/web/__snapshots__/a.spec.ts.snap', reason: 'generated', detail: '.snap file' },
        { file: 'apps/web/api.gen.ts', reason: 'generated', detail: 'marker "DO NOT EDIT" in the first 5 lines' },
        { file: 'apps/web/big.ts', reason: 'too-large', detail: `${MAX + 1} bytes > maxFileBytes ${MAX}` },
        { file: 'apps/web/latin1.txt', reason: 'not-utf8', detail: 'not valid UTF-8' },
        { file: 'apps/web/logo.png', reason: 'binary', detail: 'NUL byte in the first 8 KB' },
        { file: 'apps/web/main.js.map', reason: 'generated', detail: '.map file' },
        { file: 'apps/web/package-lock.json', reason: 'generated', detail: 'lockfile' },
        { file: 'apps/web/schema.ts', reason: 'generated', detail: 'marker "@generated" in the first 5 lines' },
        { file: 'apps/web/vendor.min.js', reason: 'generated', detail: '.min.js file' },
      ]);
    });

    it('does not read a file over maxFileBytes', () => {
      write('apps/web/huge.bin', Buffer.alloc(MAX * 3, 0x61));
      const readFileSync = jest.spyOn(realFs, 'readFileSync');
      const selection = select();
      expect(selection.skipped.map((s) => s.reason)).toEqual(['too-large']);
      expect(readFileSync).toHaveBeenCalled(); // the spy sees the reads (.gitignore files at least)
      expect(readFileSync.mock.calls.filter(([file]) => String(file).endsWith('huge.bin'))).toEqual([]);
    });

    it('keeps a file that only mentions generation further down', () => {
      write(
        'apps/web/codegen.ts',
        `${'// notes\n'.repeat(6)}// This file is generated by nobody. DO NOT EDIT.\nexport {};\n`,
      );
      expect(paths(select())).toEqual(['apps/web/codegen.ts']);
    });

    it('reports a file that cannot be read as unreadable', () => {
      write('apps/web/locked.ts', 'locked\n');
      const realRead = realFs.readFileSync;
      jest.spyOn(realFs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
        if (String(file).endsWith('locked.ts'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return realRead(file, options as never);
      }) as typeof fs.readFileSync);
      expect(select().skipped).toEqual([{ file: 'apps/web/locked.ts', reason: 'unreadable', detail: 'EACCES' }]);
    });
  });

  describe('secret files', () => {
    const SECRET_FILES = [
      '.env',
      '.env.production',
      'config/id_rsa',
      'certs/server.pem',
      'certs/store.p12',
      'tls.key',
      'credentials.json',
      '.npmrc',
      '.pypirc',
    ];
    function plantSecretFiles(): void {
      for (const file of SECRET_FILES) write(`apps/web/${file}`, 'value\n');
      write('apps/web/.npmrc', '//registry.npmjs.org/:_authToken=npm_planted\n');
      write('apps/web/.pypirc', '[pypi]\nusername = __token__\npassword = pypi-planted\n');
      write('apps/web/.env.example', 'API_KEY=\n');
      write('apps/web/main.ts', 'export const main = 1;\n');
    }

    it('skips them with the reason secret-file, keeps templates and .npmrc files without a credential', () => {
      plantSecretFiles();
      write('apps/web/sub/.npmrc', 'registry=http://127.0.0.1:4873\n');
      const selection = select();
      expect(paths(selection)).toEqual(['apps/web/.env.example', 'apps/web/main.ts', 'apps/web/sub/.npmrc']);
      expect(selection.skipped.map((file) => `${file.file}: ${file.reason}`).sort()).toEqual(
        SECRET_FILES.map((file) => `apps/web/${file}: secret-file`).sort(),
      );
      expect(JSON.stringify(selection)).not.toMatch(/planted/);
    });

    it('reads them like any file under allowSecretPaths (workspace-relative)', () => {
      plantSecretFiles();
      const selection = select({ allowSecretPaths: ['apps/web/certs'] });
      expect(paths(selection)).toEqual(
        expect.arrayContaining(['apps/web/certs/server.pem', 'apps/web/certs/store.p12']),
      );
      expect(selection.skipped.map((file) => file.file)).not.toContain('apps/web/certs/server.pem');
    });

    it('skips them in scope changes too, when reading from a commit', () => {
      initRepo();
      write('apps/web/main.ts', 'export const main = 1;\n');
      commitAll('base');
      gitIn(root, 'checkout', '-q', '-b', 'feature');
      plantSecretFiles();
      commitAll('feature');
      gitIn(root, 'checkout', '-q', 'main');
      const selection = select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(selection.skipped.filter((file) => file.reason === 'secret-file')).toHaveLength(SECRET_FILES.length);
      expect(JSON.stringify(selection)).not.toMatch(/planted/);
    });
  });

  describe('scope changes', () => {
    let baseCommit: string;
    beforeEach(() => {
      initRepo();
      write('apps/web/src/a.ts', 'export const a = 1;\n');
      write('apps/web/src/b.ts', 'export const b = 1;\n');
      write('apps/web/src/old-name.ts', 'export const renamed = 1;\n');
      write('apps/other/c.ts', 'export const c = 1;\n');
      baseCommit = commitAll('base');
      gitIn(root, 'checkout', '-q', '-b', 'feature');
      write('apps/web/src/a.ts', 'export const a = 2;\n');
      fs.rmSync(path.join(root, 'apps/web/src/b.ts'));
      gitIn(root, 'mv', 'apps/web/src/old-name.ts', 'apps/web/src/new-name.ts');
      write('apps/other/c.ts', 'export const c = 2;\n');
      commitAll('feature');
    });

    it('reviews base...head, without deleted files or other projects, renames under their new name', () => {
      const selection = select({ scope: 'changes', base: 'main', head: 'HEAD' });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection).toMatchObject({ base: 'main', head: 'HEAD' });
    });

    it('compares base with the working tree and adds untracked files when there is no head', () => {
      write('apps/web/src/unstaged.ts', 'u\n');
      gitIn(root, 'add', 'apps/web/src/unstaged.ts');
      write('apps/web/src/untracked.ts', 'new\n');
      write('apps/web/src/new-name.ts', 'export const renamed = 2;\n');
      const selection = select({ scope: 'changes', base: 'main' });
      expect(paths(selection)).toEqual([
        'apps/web/src/a.ts',
        'apps/web/src/new-name.ts',
        'apps/web/src/unstaged.ts',
        'apps/web/src/untracked.ts',
      ]);
      expect(selection.files.find((f) => f.path.endsWith('new-name.ts'))?.content).toBe('export const renamed = 2;\n');
      expect(selection.head).toBeUndefined();
    });

    it('takes base and head from NX_BASE and NX_HEAD, as nx affected sets them', () => {
      const selection = select({ scope: 'changes', env: { NX_BASE: baseCommit, NX_HEAD: 'feature' } });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection).toMatchObject({ base: baseCommit, head: 'feature' });
    });

    it('reads the files of head when head is not the checked-out commit', () => {
      gitIn(root, 'checkout', '-q', 'main');
      const selection = select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(selection.files.map((f) => [f.path, f.content])).toEqual([
        ['apps/web/src/a.ts', 'export const a = 2;\n'],
        ['apps/web/src/new-name.ts', 'export const renamed = 1;\n'],
      ]);
    });

    it('applies the same filters to the files of a head that is not checked out', () => {
      write('apps/web/src/big.ts', 'x'.repeat(MAX + 1));
      fs.symlinkSync('a.ts', path.join(root, 'apps/web/src/link.ts'));
      write('apps/web/src/bin.dat', Buffer.from([1, 0, 2]));
      commitAll('more');
      gitIn(root, 'checkout', '-q', 'main');
      const selection = select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(paths(selection)).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      expect(selection.skipped.map((s) => [s.file, s.reason])).toEqual([
        ['apps/web/src/big.ts', 'too-large'],
        ['apps/web/src/bin.dat', 'binary'],
        ['apps/web/src/link.ts', 'symlink'],
      ]);
    });

    it('throws an error naming the base and advising NX_BASE (which nx affected leaves to the tasks) when the base cannot be resolved', () => {
      expect(() => select({ scope: 'changes', base: 'origin/develop' })).toThrow(
        /Cannot resolve the base "origin\/develop" \(from the changesBase option\).*NX_BASE=/,
      );
      expect(() => select({ scope: 'changes', env: { NX_BASE: 'nope' } })).toThrow(/"nope" \(from NX_BASE\)/);
    });

    it('defaults the base to nx.json defaultBase, else the default branch (main, or master when there is no main)', () => {
      write('apps/web/src/a.ts', 'export const a = 3;\n');
      expect(paths(select({ scope: 'changes' }))).toEqual(['apps/web/src/a.ts', 'apps/web/src/new-name.ts']);
      gitIn(root, 'branch', '-m', 'main', 'master');
      expect(select({ scope: 'changes' }).base).toBe('master');
      write('nx.json', JSON.stringify({ defaultBase: 'release' }));
      expect(() => select({ scope: 'changes' })).toThrow(/"release" \(from nx.json defaultBase\)/);
      gitIn(root, 'update-ref', 'refs/remotes/origin/release', baseCommit);
      expect(select({ scope: 'changes' }).base).toBe('origin/release');
    });

    it("attaches each changed file's diff and changed lines; a file new since the base is all change", () => {
      write('apps/web/src/a.ts', 'export const a = 2;\nexport const d = 4;\n');
      const selection = select({ scope: 'changes', base: 'main' });
      const a = selection.files.find((f) => f.path === 'apps/web/src/a.ts');
      expect(a?.change).toMatchObject({ newFile: false, changedLines: [[1, 2]] });
      expect(a?.change?.diff).toMatch(
        /^@@ -1 \+1,2 @@\n-export const a = 1;\n\+export const a = 2;\n\+export const d = 4;\n$/,
      );
      expect(selection.files.find((f) => f.path === 'apps/web/src/new-name.ts')?.change).toMatchObject({
        newFile: true,
      });
      expect(select({ scope: 'project' }).files.every((f) => f.change === undefined)).toBe(true);
    });

    it('refuses the changes scope outside a git repository', () => {
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
      expect(() => select({ scope: 'changes' })).toThrow(/needs a git repository/);
    });
  });

  describe('a workspace nested in a larger repository, and a project at the workspace root', () => {
    it('gives workspace-relative paths in both scopes', () => {
      initRepo();
      write('README.md', 'repo readme\n');
      write('ws/package.json', '{}\n');
      write('ws/apps/web/a.ts', 'a\n');
      commitAll('base');
      gitIn(root, 'checkout', '-q', '-b', 'feature');
      write('ws/apps/web/a.ts', 'a2\n');
      write('README.md', 'changed outside the workspace\n');
      commitAll('feature');
      const workspaceRoot = path.join(root, 'ws');
      const project = selectFiles({
        workspaceRoot,
        projectRoot: 'apps/web',
        scope: 'project',
        maxFileBytes: MAX,
        env: {},
      });
      expect(paths(project)).toEqual(['apps/web/a.ts']);
      const whole = selectFiles({ workspaceRoot, projectRoot: '.', scope: 'project', maxFileBytes: MAX, env: {} });
      expect(paths(whole)).toEqual(['apps/web/a.ts', 'package.json']);
      const changes = selectFiles({
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

  it('rejects a project root outside the workspace, or one that does not exist', () => {
    expect(() => select({ projectRoot: '../elsewhere' })).toThrow(
      /The project root \.\.\/elsewhere is outside the workspace/,
    );
    expect(() => select({ projectRoot: 'apps/missing' })).toThrow(
      /The project root apps\/missing is not a folder in the workspace .*project\.json/,
    );
  });
});
