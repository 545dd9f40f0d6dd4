// A private node_modules for the benchmark workspaces: links to the repo's packages, except the
// @nx-codex ones, which are copied (package.json, dist, executors/generators.json) once at start.
// The benchmarks then measure one build, and a rebuild of packages/*/dist while they run (tests,
// `nx build`) cannot break them halfway.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const QUIET_MS = 3000;
const WAIT_LIMIT_MS = 180_000;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Waits until every package's dist exists (its `main` file) and nothing in it changed for 3 s. */
function waitForQuietBuild(packages, log) {
  const started = Date.now();
  let told = false;
  for (;;) {
    const missing = packages.filter((pkg) => !existsSync(join(pkg.dir, pkg.main)));
    const newest = missing.length ? Date.now() : Math.max(...packages.map((pkg) => newestMtime(join(pkg.dir, 'dist'))));
    if (missing.length === 0 && Date.now() - newest >= QUIET_MS) return;
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new Error(
        `packages/*/dist is ${missing.length ? `missing ${missing.map((pkg) => pkg.main).join(', ')}` : 'still changing'} after ${WAIT_LIMIT_MS / 1000} s: run \`npx nx run-many -t build --projects=tag:scope:plugin\` and retry.`,
      );
    }
    if (!told)
      log?.(`waiting for packages/*/dist to be complete and unchanged for ${QUIET_MS / 1000} s (a build is running?)`);
    told = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

/** Creates `<dir>/node_modules` and returns its path. */
export function snapshotNodeModules(repoRoot, dir, log) {
  const source = join(repoRoot, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(join(target, '@nx-codex'), { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry !== '@nx-codex') symlinkSync(join(source, entry), join(target, entry));
  }
  const packages = readdirSync(join(source, '@nx-codex')).map((name) => {
    const pkgDir = realpathSync(join(source, '@nx-codex', name));
    const main = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).main ?? './dist/index.js';
    return { name, dir: pkgDir, main };
  });
  waitForQuietBuild(packages, log);
  for (const pkg of packages) {
    for (const file of ['package.json', 'executors.json', 'generators.json', 'dist', 'bin']) {
      if (existsSync(join(pkg.dir, file)))
        cpSync(join(pkg.dir, file), join(target, '@nx-codex', pkg.name, file), { recursive: true });
    }
  }
  return target;
}
