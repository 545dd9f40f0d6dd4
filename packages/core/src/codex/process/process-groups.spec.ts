import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { alive } from './testing/alive';
import { terminateGroup } from './process-groups';

/** A group leader whose child ignores SIGTERM: only SIGKILL to the group ends it. */
function stubbornGroup() {
  const leader = spawn('bash', ['-c', 'bash -c \'trap "" TERM; echo $$; while true; do sleep 0.05; done\' & wait'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => leader.once('exit', () => resolve()));
  const childPid = new Promise<number>((resolve) =>
    leader.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  return { pid: leader.pid as number, exited, childPid };
}

describe('terminateGroup', () => {
  it('ends the whole group, SIGKILL after the grace period for what ignores SIGTERM', async () => {
    const group = stubbornGroup();
    const child = await group.childPid;
    expect(alive(child)).toBe(true);
    const started = Date.now();
    await terminateGroup(group.pid, group.exited, 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(child)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
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
