import { parseArgs } from 'node:util';
import { resolveCommit } from '../files/git';
import { EXIT_OK, type CliIo } from './io';
import { parseOrUsage } from './parse';

export const BASE_COMMIT_HELP = `Usage: nx-codex base-commit [--base REF]

Prints the commit that the \`changes\` scope compares against: --base, else NX_BASE, else main,
resolved to a full SHA (or "none" outside a git repository or when it does not resolve).
Nx runs it as a \`runtime\` cache input of codex-review targets with scope \`changes\`, so a moved
base re-reviews instead of replaying a review of another diff.
`;

export function baseCommitCommand(argv: string[], io: CliIo): number {
  const { values } = parseOrUsage(() =>
    parseArgs({ args: argv, options: { base: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    io.stdout(BASE_COMMIT_HELP);
    return EXIT_OK;
  }
  const ref = values.base ?? io.env.NX_BASE ?? 'main';
  io.stdout(`${resolveCommit(io.cwd, ref) ?? 'none'}\n`);
  return EXIT_OK;
}
