import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitIn, MAX, paths, useSelectFilesWorkspace } from './testing/select-files-workspace';

// The module object itself (an `import * as` binding is a copy that spies would not reach).
const realFs: typeof fs = require('node:fs');

describe('selectFiles', () => {
  const ws = useSelectFilesWorkspace();
  const { write, initRepo, commitAll, select } = ws;

  describe('scope project, in a git repository', () => {
    it("leaves out the project's .codex/context.md, which goes into the prompt as context", async () => {
      initRepo();
      write('apps/web/src/main.ts', 'export const main = 1;\n');
      write('apps/web/.codex/context.md', '<!-- template -->\n## Review focus\n');
      write('apps/web/.codex/notes.md', 'reviewed like any file\n');
      commitAll('initial');
      expect(paths(await select())).toEqual(['apps/web/.codex/notes.md', 'apps/web/src/main.ts']);
    });

    it('lists tracked and untracked files of the project, honouring .gitignore, without deleted files', async () => {
      initRepo();
      write('.gitignore', 'node_modules/\n*.log\n');
      write('apps/web/src/main.ts', 'export const main = 1;\n');
      write('apps/web/src/gone.ts', 'export const gone = 1;\n');
      write('apps/web/README.md', '# Web\n');
      write('apps/other/src/x.ts', 'export const x = 1;\n');
      commitAll('initial');
      fs.rmSync(path.join(ws.root, 'apps/web/src/gone.ts'));
      write('apps/web/src/new.ts', 'export const fresh = 1;\n');
      write('apps/web/debug.log', 'noise\n');
      write('apps/web/node_modules/dep/index.js', 'module.exports = 1;\n');

      const selection = await select();
      expect(paths(selection)).toEqual(['apps/web/README.md', 'apps/web/src/main.ts', 'apps/web/src/new.ts']);
      expect(selection.skipped).toEqual([]);
      expect(selection.files[1]).toEqual({
        path: 'apps/web/src/main.ts',
        content: 'export const main = 1;\n',
        bytes: 23,
      });
    });

    it('does not mix in a sibling folder whose name starts with the project root', async () => {
      initRepo();
      write('apps/web/a.ts', 'a\n');
      write('apps/web-admin/b.ts', 'b\n');
      commitAll('initial');
      expect(paths(await select())).toEqual(['apps/web/a.ts']);
    });

    it('reports symlinks as skipped without following them', async () => {
      initRepo();
      write('secret.txt', 'outside the project\n');
      write('apps/web/a.ts', 'a\n');
      fs.symlinkSync('../../secret.txt', path.join(ws.root, 'apps/web/link.txt'));
      commitAll('initial');
      const selection = await select();
      expect(paths(selection)).toEqual(['apps/web/a.ts']);
      expect(selection.skipped).toEqual([
        { file: 'apps/web/link.txt', reason: 'symlink', detail: 'symbolic links are never followed' },
      ]);
    });
  });

  describe('scope project, outside git', () => {
    it('walks the folder honouring every .gitignore on the way and always skipping build folders', async () => {
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

      const selection = await select();
      expect(paths(selection)).toEqual([
        'apps/web/.gitignore',
        'apps/web/keep.log',
        'apps/web/src/main.ts',
        'apps/web/src/nested/.gitignore',
        'apps/web/src/nested/kept.ts',
      ]);
    });

    it('returns nothing for a project folder that an ancestor .gitignore ignores', async () => {
      write('.gitignore', 'apps/\n');
      write('apps/web/a.ts', 'a\n');
      expect(await select()).toEqual({ files: [], skipped: [] });
    });

    it('reports symlinks found by the walk as skipped', async () => {
      write('apps/web/a.ts', 'a\n');
      fs.symlinkSync(ws.root, path.join(ws.root, 'apps/web/loop'));
      const selection = await select();
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

    it('matches globs relative to the project root, dot files included', async () => {
      expect(paths(await select({ include: ['**/*.ts', '.eslintrc.json'], exclude: ['**/*.spec.ts'] }))).toEqual([
        'apps/web/.eslintrc.json',
        'apps/web/src/a.ts',
        'apps/web/src/legacy/old.ts',
      ]);
    });

    it('lets a glob naming a folder cover the files under it', async () => {
      expect(paths(await select({ exclude: ['src/legacy'] }))).not.toContain('apps/web/src/legacy/old.ts');
      expect(paths(await select({ include: ['src'] }))).toEqual([
        'apps/web/src/a.spec.ts',
        'apps/web/src/a.ts',
        'apps/web/src/legacy/old.ts',
      ]);
    });

    it('includes everything by default and with an empty include list', async () => {
      expect(paths(await select({ include: [] }))).toHaveLength(5);
    });
  });

  describe('skipped files', () => {
    it('lists every refused file with its reason and never returns its content', async () => {
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
      fs.mkdirSync(path.join(ws.root, 'apps/web/not-a-link'));

      const selection = await select();
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

    it('does not read a file over maxFileBytes', async () => {
      write('apps/web/huge.bin', Buffer.alloc(MAX * 3, 0x61));
      const readFileSync = jest.spyOn(realFs, 'readFileSync');
      const selection = await select();
      expect(selection.skipped.map((s) => s.reason)).toEqual(['too-large']);
      expect(readFileSync).toHaveBeenCalled(); // the spy sees the reads (.gitignore files at least)
      expect(readFileSync.mock.calls.filter(([file]) => String(file).endsWith('huge.bin'))).toEqual([]);
    });

    it('keeps a file that only mentions generation further down', async () => {
      write(
        'apps/web/codegen.ts',
        `${'// notes\n'.repeat(6)}// This file is generated by nobody. DO NOT EDIT.\nexport {};\n`,
      );
      expect(paths(await select())).toEqual(['apps/web/codegen.ts']);
    });

    it('reports a file that cannot be read as unreadable', async () => {
      write('apps/web/locked.ts', 'locked\n');
      const realRead = realFs.readFileSync;
      jest.spyOn(realFs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
        if (String(file).endsWith('locked.ts'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return realRead(file, options as never);
      }) as typeof fs.readFileSync);
      expect((await select()).skipped).toEqual([
        { file: 'apps/web/locked.ts', reason: 'unreadable', detail: 'EACCES' },
      ]);
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

    it('skips them with the reason secret-file, keeps templates and .npmrc files without a credential', async () => {
      plantSecretFiles();
      write('apps/web/sub/.npmrc', 'registry=http://127.0.0.1:4873\n');
      const selection = await select();
      expect(paths(selection)).toEqual(['apps/web/.env.example', 'apps/web/main.ts', 'apps/web/sub/.npmrc']);
      expect(selection.skipped.map((file) => `${file.file}: ${file.reason}`).sort()).toEqual(
        SECRET_FILES.map((file) => `apps/web/${file}: secret-file`).sort(),
      );
      expect(JSON.stringify(selection)).not.toMatch(/planted/);
    });

    it('reads them like any file under allowSecretPaths (workspace-relative)', async () => {
      plantSecretFiles();
      const selection = await select({ allowSecretPaths: ['apps/web/certs'] });
      expect(paths(selection)).toEqual(
        expect.arrayContaining(['apps/web/certs/server.pem', 'apps/web/certs/store.p12']),
      );
      expect(selection.skipped.map((file) => file.file)).not.toContain('apps/web/certs/server.pem');
    });

    it('skips them in scope changes too, when reading from a commit', async () => {
      initRepo();
      write('apps/web/main.ts', 'export const main = 1;\n');
      commitAll('base');
      gitIn(ws.root, 'checkout', '-q', '-b', 'feature');
      plantSecretFiles();
      commitAll('feature');
      gitIn(ws.root, 'checkout', '-q', 'main');
      const selection = await select({ scope: 'changes', base: 'main', head: 'feature' });
      expect(selection.skipped.filter((file) => file.reason === 'secret-file')).toHaveLength(SECRET_FILES.length);
      expect(JSON.stringify(selection)).not.toMatch(/planted/);
    });
  });

  it('rejects a project root outside the workspace, or one that does not exist', async () => {
    await expect(select({ projectRoot: '../elsewhere' })).rejects.toThrow(
      /The project root \.\.\/elsewhere is outside the workspace/,
    );
    await expect(select({ projectRoot: 'apps/missing' })).rejects.toThrow(
      /The project root apps\/missing is not a folder in the workspace .*project\.json/,
    );
  });
});
