import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runningGroupCount, terminateGroup, trackGroup } from './process-groups';

/** Running, not a zombie waiting for its new parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A group leader whose child ignores SIGTERM: only SIGKILL to the group ends it. */
function stubbornGroup() {
  const leader = spawn('bash', ['-c', 'bash -c \'trap "" TERM; echo $$; while true; do sleep 0.05; done\' & wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => leader.once('exit', () => resolve()));
  const childPid = new Promise<number>((resolve) => leader.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
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
  it('handles SIGINT while a group runs and removes its handlers afterwards', async () => {
    const before = process.listenerCount('SIGINT');
    const group = stubbornGroup();
    await group.childPid;
    const interrupted: string[] = [];
    const untrack = trackGroup({
      pid: group.pid,
      exited: group.exited,
      onInterrupt: (signal) => {
        interrupted.push(signal);
        void terminateGroup(group.pid, group.exited, 200);
      },
    });
    expect(runningGroupCount()).toBe(1);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    // Someone else (here: this test) also listens, so the handler must not re-raise the signal.
    const hostHandler = jest.fn();
    process.on('SIGINT', hostHandler);
    try {
      process.emit('SIGINT', 'SIGINT');
      await group.exited;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(interrupted).toEqual(['SIGINT']);
      expect(hostHandler).toHaveBeenCalledTimes(1);
      untrack();
      expect(runningGroupCount()).toBe(0);
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
    } finally {
      process.removeListener('SIGINT', hostHandler);
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
