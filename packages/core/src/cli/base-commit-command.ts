import { parseArgs } from 'node:util';
import { resolveCommit } from '../files/git';
import { resolveBaseRef } from '../files/resolve-base';
import { EXIT_OK, type CliIo } from './io';
import { parseOrUsage } from './parse';

export const BASE_COMMIT_HELP = `Usage: nx-codex base-commit [--base REF] [--head REF]

Prints the commits that the \`changes\` scope compares: the base (--base, else NX_BASE, else nx.json
defaultBase, else the repository's default branch) and the head (--head, else NX_HEAD, else the
working tree), as full SHAs ("none" when the base does not resolve: the review then fails and says why).
Nx runs it as a \`runtime\` cache input of codex-review targets with scope \`changes\`, so a moved
base re-reviews instead of replaying a review of another diff.
`;

export function baseCommitCommand(argv: string[], io: CliIo): number {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: argv,
      options: { base: { type: 'string' }, head: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    io.stdout(BASE_COMMIT_HELP);
    return EXIT_OK;
  }
  io.stdout(`base ${baseCommit(io, values.base)}\nhead ${headCommit(io, values.head)}\n`);
  return EXIT_OK;
}

function baseCommit(io: CliIo, option: string | undefined): string {
  try {
    return resolveCommit(io.cwd, resolveBaseRef({ workspaceRoot: io.cwd, option, env: io.env }).ref) ?? 'none';
  } catch {
    return 'none';
  }
}

function headCommit(io: CliIo, option: string | undefined): string {
  const ref = option || io.env.NX_HEAD;
  return ref ? (resolveCommit(io.cwd, ref) ?? `unresolved ${ref}`) : 'working tree';
}
