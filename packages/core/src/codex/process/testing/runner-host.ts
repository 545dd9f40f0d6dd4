/**
 * Run as its own Node process by run-process.spec.ts (Jest's sandboxed process cannot be SIGKILLed
 * or orphaned). argv: <state dir> <role>.
 *   host:   runs a command that starts a grandchild, through runProcess, with a temporary folder
 *           for the watchdog to clean; writes host.json once the command runs, and `after-run`
 *           if runProcess ever returns.
 *   parent: starts a host and waits (the spec SIGKILLs it to orphan the host).
 */
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, runProcess } from '..';

const [stateDir, role] = process.argv.slice(2) as [string, string];

/** Whole or not at all: the spec polls these files and must never read half of one. */
function writeState(name: string, data: unknown): void {
  const file = join(stateDir, name);
  writeFileSync(`${file}.tmp`, JSON.stringify(data));
  renameSync(`${file}.tmp`, file);
}

if (role === 'parent') {
  const host = spawn(process.execPath, [...process.execArgv, __filename, stateDir, 'host'], { stdio: 'ignore' });
  writeState('parent.json', { pid: process.pid, hostPid: host.pid });
  setInterval(() => undefined, 60_000);
} else {
  const temp = makeTempDir('runner-host');
  writeFileSync(join(temp, 'call-file'), 'what codex would read');
  const commandPids: number[] = [];
  void runProcess({
    file: 'sh',
    args: ['-c', 'sleep 300 & echo $!; echo $$; wait'],
    env: process.env,
    timeoutMs: 600_000,
    killGraceMs: 500,
    cleanupPaths: [temp],
    onLine: (line) => {
      commandPids.push(Number(line));
      if (commandPids.length === 2) writeState('host.json', { pid: process.pid, temp, commandPids });
    },
  }).then((result) => writeState('after-run', result));
}
