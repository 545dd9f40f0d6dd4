import { readFileSync } from 'node:fs';

/** The process that runs a whole `nx run-many` / `nx affected` (`.bin/nx`, `nx/bin/nx.js`, `nx/dist/bin/nx.js`): its tasks are below it. */
const NX_CLI = /(^|[\\/])nx([\\/](dist[\\/])?bin[\\/]nx(\.js)?)?$/;

function readProc(pid: number): { ppid: number; start: string; argv: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid: Number(fields[1]), start: fields[19], argv };
  } catch {
    return undefined;
  }
}

/**
 * The id every task of one Nx run shares, so they find the same budget ledger. Nx gives its tasks
 * no run id, so: NX_CODEX_RUN_ID when set (CI can use its job id), else the pid and start time of
 * the `nx` process above this one (read from /proc; the start time tells a reused pid apart).
 * Undefined when neither exists (not under Nx, or no /proc): a run budget then cannot be shared.
 */
export function currentRunId(env: Record<string, string | undefined>, pid = process.pid): string | undefined {
  if (env.NX_CODEX_RUN_ID?.trim()) return `env-${env.NX_CODEX_RUN_ID.trim().replace(/[^\w.-]/g, '_')}`;
  const nx = nxAncestor(pid);
  return nx ? `nx-${nx.pid}-${nx.start}` : undefined;
}

/** The command line of the `nx` process above this one (read from /proc), e.g. to honour its `--parallel`. */
export function nxCommandLine(pid = process.pid): string[] | undefined {
  return nxAncestor(pid)?.argv;
}

function nxAncestor(pid: number): { pid: number; start: string; argv: string[] } | undefined {
  let current = readProc(pid);
  for (let depth = 0; current && depth < 16; depth++) {
    const ppid = current.ppid;
    if (!ppid || ppid <= 1) return undefined;
    const parent = readProc(ppid);
    if (parent && parent.argv.slice(0, 2).some((arg) => NX_CLI.test(arg))) return { pid: ppid, ...parent };
    current = parent;
  }
  return undefined;
}
