// Builds the @nx-codex packages after `npm install`, so that the workspace can load its own
// plugins (executors resolve from node_modules/@nx-codex/* -> packages/*/dist).
// Bootstrap: the repo's inference plugins are loaded from their TypeScript source, but they import
// @nx-codex/core/plugin-support, which resolves to core's dist. Nx needs the plugins to compute the
// graph it builds core with, so a fresh clone (or a stale dist) first compiles core with plain tsc, then lets Nx
// build everything the normal way.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NX = 'node_modules/nx/dist/bin/nx.js';
if (!existsSync(NX)) process.exit(0); // a partial install: nothing to build with yet
// The plugins' sources (plugin-support and the target definitions) newer than core's dist, e.g.
// after a pull, would make the plugins import names the old dist lacks: compile core first then too.
const PLUGIN_SOURCES = ['packages/core/src/plugin-support', 'packages/core/src/targets'];
const BUILT = 'packages/core/dist/plugin-support/index.js';
const newestSource = Math.max(
  ...PLUGIN_SOURCES.flatMap((dir) => readdirSync(dir).map((file) => statSync(join(dir, file)).mtimeMs)),
);
if (!existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'packages/core/tsconfig.lib.json'], {
    stdio: 'inherit',
  });
}
execFileSync(process.execPath, [NX, 'run-many', '-t', 'build', '--projects=tag:scope:plugin', '--outputStyle=static'], {
  stdio: 'inherit',
});
