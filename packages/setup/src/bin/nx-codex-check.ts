#!/usr/bin/env node
import { runEnvironmentCheck } from '../check/run-check';
import { findWorkspaceRoot } from '@nx-codex/core';

const USAGE = `Usage: nx-codex-check [workspace-dir]

Checks that Codex is installed, that you are logged in (or an API key is set) and that the
Codex settings are valid. Exits 1 when something required is missing. The workspace is the
nearest folder with an nx.json at or above workspace-dir (default: the current directory).`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => arg.startsWith('-'));
  if (unknown.length > 0 || argv.length > 1) {
    process.stderr.write(`nx-codex-check: unexpected argument ${unknown[0] ?? argv[1]}\n\n${USAGE}\n`);
    return 2;
  }
  const { report, ok } = await runEnvironmentCheck(findWorkspaceRoot(argv[0] ?? process.cwd()));
  process.stdout.write(`${report}\n`);
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`nx-codex-check: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  },
);
