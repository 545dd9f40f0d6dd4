'use strict';
/**
 * The one temporary Nx workspace of the e2e suites and the benchmarks: real files, real git, real
 * nx (this repository's node_modules), with the @nx-codex plugins loaded from their built dist.
 */
const {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join } = require('node:path');
const { repoRoot } = require('./codex-bin');
const { makeTempDir } = require('./temp-dir');
const { run, runAsync } = require('./run-process');

const NX_BIN = join(repoRoot, 'node_modules/nx/dist/bin/nx.js');
const NOOP_TARGETS = { noop: { executor: 'nx:noop', cache: true } };

/**
 * node_modules of a workspace: a link to this repository's (the default); or each package linked
 * with @nx-codex/* copied from `builtPackages` (so a rebuild meanwhile cannot break a run); or with
 * .bin holding the bins of the @nx-codex package folders in `installBins`, as `npm install` leaves them.
 * @param {string} dir
 * @param {{ builtPackages?: string, installBins?: string[] }} options
 */
function provideNodeModules(dir, options) {
  const source = join(repoRoot, 'node_modules');
  const target = join(dir, 'node_modules');
  if (!options.builtPackages && !options.installBins) return symlinkSync(source, target, 'dir');
  mkdirSync(join(target, '.bin'), { recursive: true });
  const copied = options.builtPackages ? readdirSync(options.builtPackages) : [];
  for (const entry of readdirSync(source)) {
    if (entry === '.bin' || (entry === '@nx-codex' && copied.length > 0)) continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
  for (const name of copied)
    cpSync(join(/** @type {string} */ (options.builtPackages), name), join(target, '@nx-codex', name), {
      recursive: true,
    });
  for (const bin of readdirSync(join(source, '.bin')))
    symlinkSync(join(source, '.bin', bin), join(target, '.bin', bin));
  for (const packageDir of options.installBins ?? []) {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    for (const [name, file] of Object.entries(/** @type {Record<string, string>} */ (manifest.bin ?? {}))) {
      rmSync(join(target, '.bin', name), { force: true });
      symlinkSync(join('..', manifest.name, file), join(target, '.bin', name));
    }
  }
}

/**
 * Creates and commits a workspace. See index.d.ts (WorkspaceSpec) for the options.
 * @param {import('./index').WorkspaceSpec} spec
 * @returns {import('./index').TempWorkspace}
 */
function createWorkspace(spec) {
  const temp = makeTempDir(spec.prefix ?? 'nx-codex-e2e-');
  const dir = temp.dir;
  /** @param {string} path @param {string} content */
  const write = (path, content) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  provideNodeModules(dir, spec);
  const plugins = spec.plugins ?? [{ plugin: '@nx-codex/codex-review/plugin', options: spec.reviewPlugin ?? {} }];
  write('package.json', JSON.stringify({ name: spec.packageName ?? 'e2e-workspace', private: true }, null, 2));
  write('.gitignore', `${(spec.gitignore ?? ['node_modules', 'dist', '.nx']).join('\n')}\n`);
  write('nx.json', JSON.stringify({ plugins, ...spec.nxJson }, null, 2));
  for (const [name, files] of Object.entries(spec.projects ?? {})) {
    const root = `libs/${name}`;
    const project = { name, projectType: 'library', ...spec.projectJson?.(name, root) };
    write(
      `${root}/project.json`,
      JSON.stringify({ ...project, targets: spec.targets?.[name] ?? NOOP_TARGETS }, null, 2),
    );
    for (const [path, content] of Object.entries(files)) write(`${root}/${path}`, content);
  }
  for (const [path, content] of Object.entries(spec.files ?? {})) write(path, content);
  /** @param {string[]} args */
  const git = (...args) => run('git', args, dir, {}).stdout;
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'initial');
  return {
    dir,
    write,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    exists: (path) => existsSync(join(dir, path)),
    git,
    status: () => git('status', '--porcelain', '--untracked-files=all'),
    nx: (args, env = {}, options = {}) =>
      run(process.execPath, [NX_BIN, ...args, '--outputStyle=static'], dir, env, options),
    nxAsync: (args, env = {}, options = {}) =>
      runAsync(process.execPath, [NX_BIN, ...args, '--outputStyle=static'], dir, env, options),
    cleanup: temp.cleanup,
  };
}

/**
 * Copies package.json, executors.json/generators.json and dist of the built @nx-codex packages
 * `names` (packages/<name>) once, for workspaces created with `builtPackages`.
 * @param {string[]} names
 * @returns {{ dir: string, cleanup(): void }}
 */
function snapshotBuiltPackages(names) {
  const missing = names.filter((name) => !existsSync(join(repoRoot, 'packages', name, 'dist/index.js')));
  if (missing.length > 0)
    throw new Error(
      `not built: ${missing.map((name) => `packages/${name}`).join(', ')}. Run \`npm run build\` (the e2e target builds first).`,
    );
  const temp = makeTempDir('nx-codex-packages-');
  for (const name of names) {
    for (const entry of ['package.json', 'executors.json', 'generators.json', 'dist']) {
      const source = join(repoRoot, 'packages', name, entry);
      if (existsSync(source)) cpSync(source, join(temp.dir, name, entry), { recursive: true });
    }
  }
  return temp;
}

module.exports = { createWorkspace, snapshotBuiltPackages, NX_BIN };
