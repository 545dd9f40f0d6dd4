import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { alive } from './testing/alive';
import { terminateGroup } from './process-groups';

/** Whether `condition` holds within `timeoutMs` (checked every few ms). */
async function becomes(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** A group leader whose child ignores SIGTERM: only SIGKILL to the group ends it. */
function stubbornGroup() {
  const leader = spawn('bash', ['-c', 'bash -c \'trap "" TERM; echo $$; while true; do sleep 0.05; done\' & wait'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => leader.once('exit', () => resolve()));
  const childPid = new Promise<number>((resolve) =>
    leader.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim().split('\n')[0]))),
  );
  return { pid: leader.pid as number, exited, childPid };
}

describe('terminateGroup', () => {
  it('ends the whole group, SIGKILL after the grace period for what ignores SIGTERM', async () => {
    const group = stubbornGroup();
    const child = await group.childPid;
    expect(alive(child)).toBe(true);
    await terminateGroup(group.pid, group.exited, 300);
    // It ignores SIGTERM, so only the group's SIGKILL after the grace period can have ended it.
    // Gone once init has reaped it: waited for, not guessed with a sleep (no timing asserted).
    expect(await becomes(() => !alive(child), 10_000)).toBe(true);
  });
});

describe('trackGroup', () => {
  it('handles a real SIGINT while a group runs, leaves the signal to a host that listens, and removes its handlers afterwards', () => {
    const fixture = join(__dirname, 'testing/sigint-fixture.ts');
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', fixture], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(result).toEqual({
      before: 0,
      trackedListeners: 1,
      interrupted: ['interrupted'],
      hostCalls: 1,
      groupsAfter: 0,
      listenersAfter: 0,
    });
  });
});
