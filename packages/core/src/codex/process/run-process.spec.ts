/** The runner with the process boundary (node:child_process, process.kill) replaced. */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { spawn } from 'node:child_process';
import { runProcess, WATCHDOG_SCRIPT, type RunProcessOptions } from './run-process';

jest.mock('node:child_process', () => ({ spawn: jest.fn() }));
const spawnMock = spawn as unknown as jest.Mock;

let nextPid = 4000;

class FakeChild extends EventEmitter {
  /** A pid of its own per test: a KILL that reapGroup scheduled in an earlier test must not count here. */
  pid: number | undefined = ++nextPid;
  stdin = new PassThrough();
  stdout = new PassThrough();
  stderr = new PassThrough();
  lifeline = new PassThrough();
  stdio = [this.stdin, this.stdout, this.stderr, this.lifeline];
  stdinText = '';

  constructor() {
    super();
    this.stdin.on('data', (chunk: Buffer) => (this.stdinText += chunk.toString()));
  }

  /** The watchdog (and the command) end: exit, then close once stdio is done. */
  end(code: number | null, signal: NodeJS.Signals | null = null): void {
    setImmediate(() => {
      this.emit('exit', code, signal);
      this.stdout.end();
      this.stderr.end();
      setImmediate(() => this.emit('close', code, signal));
    });
  }
}

let child: FakeChild;

function pidOf(fake: FakeChild): number {
  if (fake.pid === undefined) throw new Error('this fake child has no pid');
  return fake.pid;
}
let groupSignals: Array<[number, NodeJS.Signals | number | undefined]>;
let killSpy: jest.SpyInstance;

beforeEach(() => {
  child = new FakeChild();
  spawnMock.mockReset().mockReturnValue(child);
  groupSignals = [];
  killSpy = jest.spyOn(process, 'kill').mockImplementation(((pid: number, signal?: NodeJS.Signals | number) => {
    if (pid !== -pidOf(child)) return true;
    groupSignals.push([pid, signal]);
    // The group leader dies of the first TERM, as a well-behaved command does.
    if (signal === 'SIGTERM') child.end(null, 'SIGTERM');
    return true;
  }) as typeof process.kill);
});
afterEach(() => killSpy.mockRestore());

const options = (extra: Partial<RunProcessOptions> = {}): RunProcessOptions => ({
  file: 'codex',
  args: ['exec', '--json'],
  env: { PATH: '/bin' },
  timeoutMs: 60_000,
  killGraceMs: 50,
  ...extra,
});

describe('runProcess', () => {
  it('starts the command under the watchdog, in a group of its own, with a lifeline on fd 3', async () => {
    const running = runProcess(options({ cwd: '/ws', cleanupPaths: ['/tmp/nx-codex-call-1'] }));
    child.end(0);
    await running;
    const [file, args, spawnOptions] = spawnMock.mock.calls[0];
    expect(file).toBe(process.execPath);
    expect(args).toEqual([
      WATCHDOG_SCRIPT,
      JSON.stringify({ graceMs: 50, cleanup: ['/tmp/nx-codex-call-1'], shell: false }),
      'codex',
      'exec',
      '--json',
    ]);
    expect(spawnOptions).toMatchObject({
      cwd: '/ws',
      env: { PATH: '/bin' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
  });

  it('writes `input` to stdin and closes it', async () => {
    const running = runProcess(options({ input: 'the prompt' }));
    child.end(0);
    await running;
    expect(spawnMock.mock.calls[0][2].stdio[0]).toBe('pipe');
    expect(child.stdinText).toBe('the prompt');
    expect(child.stdin.writableEnded).toBe(true);
  });

  it('cuts stdout into lines across chunks and keeps the tail of the output', async () => {
    const lines: string[] = [];
    const chunks: string[] = [];
    const running = runProcess(
      options({
        keepChars: 12,
        onLine: (line) => lines.push(line),
        onOutput: (chunk, stream) => chunks.push(`${stream}:${chunk}`),
      }),
    );
    child.stdout.write('{"a":');
    child.stdout.write('1}\r\nsecond\nlast');
    child.stderr.write('warning: x\n');
    child.end(0);
    const result = await running;
    expect(lines).toEqual(['{"a":1}', 'second', 'last']);
    expect(chunks).toEqual(['stdout:{"a":', 'stdout:1}\r\nsecond\nlast', 'stderr:warning: x\n']);
    expect(result).toMatchObject({ exitCode: 0, stderr: 'warning: x\n', output: 'twarning: x\n' });
  });

  it('stops the group with TERM on timeout and says so', async () => {
    const running = runProcess(options({ timeoutMs: 1 }));
    const result = await running;
    expect(groupSignals[0]).toEqual([-pidOf(child), 'SIGTERM']);
    expect(result).toMatchObject({ stopped: 'timeout', signal: 'SIGTERM' });
  });

  it('stops the group when the caller aborts', async () => {
    const abort = new AbortController();
    const running = runProcess(options({ signal: abort.signal }));
    abort.abort();
    const result = await running;
    expect(groupSignals[0]).toEqual([-pidOf(child), 'SIGTERM']);
    expect(result.stopped).toBe('aborted');
  });

  it('sends KILL to a group that outlives the grace period', async () => {
    killSpy.mockImplementation(((pid: number, signal?: NodeJS.Signals | number) => {
      if (pid !== -pidOf(child)) return true;
      groupSignals.push([pid, signal]);
      if (signal === 'SIGKILL') child.end(null, 'SIGKILL');
      return true;
    }) as typeof process.kill);
    const result = await runProcess(options({ timeoutMs: 1 }));
    expect(groupSignals.map(([, signal]) => signal)).toEqual(['SIGTERM', 'SIGKILL']);
    expect(result).toMatchObject({ stopped: 'timeout', signal: 'SIGKILL' });
  });

  it("reports the watchdog's spawn error instead of its exit code", async () => {
    const running = runProcess(options());
    child.lifeline.write('{"spawnError":{"code":"ENOENT","message":"spawn codex ENOENT"}}\n');
    child.end(127);
    const result = await running;
    expect(result.spawnError).toEqual({ code: 'ENOENT', message: 'spawn codex ENOENT' });
    expect(result.exitCode).toBeUndefined();
  });

  it('reports a Node that could not start at all', async () => {
    child.pid = undefined;
    const running = runProcess(options());
    child.emit('error', Object.assign(new Error('spawn node EAGAIN'), { code: 'EAGAIN' }));
    await expect(running).resolves.toMatchObject({ spawnError: { code: 'EAGAIN', message: 'spawn node EAGAIN' } });
  });

  it('stops the group and rethrows when the line consumer fails', async () => {
    const running = runProcess(
      options({
        onLine: () => {
          throw new Error('bad event');
        },
      }),
    );
    child.stdout.write('{}\n');
    await expect(running).rejects.toThrow('bad event');
    expect(groupSignals[0]).toEqual([-pidOf(child), 'SIGTERM']);
  });

  it('reaps what the command left in its group after a normal exit', async () => {
    const running = runProcess(options());
    child.end(0);
    await running;
    expect(groupSignals).toEqual([[-pidOf(child), 'SIGTERM']]);
  });
});
