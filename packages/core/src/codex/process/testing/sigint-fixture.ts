/**
 * Run as its own Node process by process-groups.spec.ts: a real SIGINT must reach real handlers,
 * not a test runner's sandboxed `process` (Nx runs Jest inside its executor process).
 * Prints one JSON line with what happened.
 */
import { spawn } from 'node:child_process';
import { runningGroupCount, terminateGroup, trackGroup } from '../process-groups';

async function main(): Promise<void> {
  const before = process.listenerCount('SIGINT');
  const leader = spawn('bash', ['-c', 'bash -c \'trap "" TERM; while true; do sleep 0.05; done\' & echo ready; wait'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const { stdout, pid } = leader;
  if (!stdout || pid === undefined) throw new Error('bash did not start');
  const exited = new Promise<void>((resolve) => leader.once('exit', () => resolve()));
  await new Promise((resolve) => stdout.once('data', resolve));
  const interrupted: string[] = [];
  const untrack = trackGroup({
    pid,
    exited,
    onInterrupt: (signal) => {
      interrupted.push(signal);
      void terminateGroup(pid, exited, 200);
    },
  });
  const trackedListeners = process.listenerCount('SIGINT');
  // Someone else (the host, e.g. Nx) also listens, so our handler must not re-raise the signal.
  let hostCalls = 0;
  const host = () => hostCalls++;
  process.on('SIGINT', host);
  process.kill(process.pid, 'SIGINT');
  await exited;
  await new Promise((resolve) => setTimeout(resolve, 50));
  untrack();
  const result = {
    before,
    trackedListeners,
    interrupted,
    hostCalls,
    groupsAfter: runningGroupCount(),
    listenersAfter: process.listenerCount('SIGINT') - 1,
  };
  process.removeListener('SIGINT', host);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
