// Builds the @nx-codex packages after `npm install`, so that the workspace can load its own
// plugins (they are resolved from node_modules/@nx-codex/* -> packages/*/dist).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/nx/dist/bin/nx.js')) process.exit(0); // a partial install: nothing to build with yet
execFileSync(process.execPath, ['node_modules/nx/dist/bin/nx.js', 'run-many', '-t', 'build', '--projects=tag:scope:plugin', '--outputStyle=static'], { stdio: 'inherit' });
