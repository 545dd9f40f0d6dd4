/**
 * The watchdog of one run, in its own process: `node watchdog-process.js <checkout folder> <git root>`.
 * Its stdin is a pipe from the run. When the run ends normally it writes `done`; when the pipe
 * closes without it, the run died (SIGKILL, a crash): the watchdog kills every process working in
 * the checkout (codex, its commands, the tests), removes the checkout and lets git forget it.
 * Linux: processes are found through /proc.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';

const [holder, gitRoot] = process.argv.slice(2);
let done = false;

// Nx's tree-kill and the terminal's Ctrl-C reach us too: the run decides, we only watch the pipe.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.toString('utf8').includes('done')) done = true;
});
process.stdin.on('error', () => undefined);
process.stdin.on('close', () => {
  if (!done && holder) cleanUp(holder, gitRoot);
  process.exit(0);
});

function cleanUp(folder: string, root: string | undefined): void {
  // Twice: a process may start another while the first pass runs.
  for (let pass = 0; pass < 2; pass++) for (const pid of processesIn(folder)) kill(pid);
  rmSync(folder, { recursive: true, force: true });
  if (root) spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
}

/** Processes whose working folder is in the checkout, or whose command line names it (codex -C <folder>). */
function processesIn(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cwd === folder || cwd.startsWith(`${folder}/`) || cmdline.includes(folder)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function kill(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // not a group leader, or gone
    }
  }
}
