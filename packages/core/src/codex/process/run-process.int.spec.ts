/**
 * The runner with real processes: what a command sees and what we get back, and the watchdog's
 * promise that nothing outlives us however we die. The kill scenarios run in a separate Node
 * process (testing/runner-host.ts): Jest's own process cannot be SIGKILLed or orphaned.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './testing/alive';
import { runProcess } from './run-process';

const HOST = join(__dirname, 'testing/runner-host.ts');

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readJson = <T>(file: string): T | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;

describe('runProcess (real processes)', () => {
  const env = { PATH: process.env.PATH };

  it('hands over stdout lines, stderr and the exit code; `input` reaches stdin', async () => {
    const lines: string[] = [];
    const result = await runProcess({
      file: 'sh',
      args: ['-c', 'echo one; echo two >&2; read x; echo "got $x"; exit 3'],
      env,
      input: 'hello\n',
      timeoutMs: 20_000,
      onLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['one', 'got hello']);
    expect(result).toMatchObject({ exitCode: 3, stderr: 'two\n' });
    expect(result.signal).toBeUndefined();
    expect(result.stopped).toBeUndefined();
  });

  it('leaves stdin at EOF without `input` (codex waits for EOF on a pipe)', async () => {
    const lines: string[] = [];
    const result = await runProcess({
      file: process.execPath,
      args: ['-e', 'process.stdin.on("end", () => console.log("eof")).resume()'],
      env,
      timeoutMs: 20_000,
      onLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['eof']);
    expect(result.exitCode).toBe(0);
  });

  it('reports the signal that ended the command, and a command that cannot start', async () => {
    const killed = await runProcess({ file: 'kill -TERM $$', args: [], shell: true, env, timeoutMs: 20_000 });
    expect(killed).toMatchObject({ signal: 'SIGTERM', exitCode: undefined });
    const missing = await runProcess({ file: '/no/such/codex', args: [], env, timeoutMs: 20_000 });
    expect(missing.spawnError).toMatchObject({ code: 'ENOENT' });
  });

  it('stops a command on timeout', async () => {
    const result = await runProcess({ file: 'sleep', args: ['300'], env, timeoutMs: 1000, killGraceMs: 300 });
    expect(result.stopped).toBe('timeout');
  });

  it('stops the whole group, grandchildren included', async () => {
    // Stopped once the grandchild is known (a timeout could fire before a slow machine started it):
    // timeout and abort end the group the same way.
    const pids: number[] = [];
    const controller = new AbortController();
    const onLine = (line: string) => {
      pids.push(Number(line));
      controller.abort();
    };
    const result = await runProcess({
      file: 'sh',
      args: ['-c', 'sleep 300 & echo $!; wait'],
      env,
      signal: controller.signal,
      timeoutMs: 120_000,
      killGraceMs: 300,
      onLine,
    });
    expect(result.stopped).toBe('aborted');
    expect(pids).toHaveLength(1);
    const [grandchild] = pids as [number];
    await waitFor('the grandchild to end', () => !alive(grandchild));
  });
});

describe('the watchdog', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'nx-codex-runner-spec-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  function start(role: 'host' | 'parent') {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', HOST, stateDir, role], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { pid: child.pid as number, exited };
  }

  it('stops the command and its children and removes the cleanup paths when the runner is SIGKILLed', async () => {
    const host = start('host');
    const state = await waitFor(
      'the command to run',
      () => readJson<{ temp: string; commandPids: number[] }>(join(stateDir, 'host.json')),
      60_000,
    );
    expect(state.commandPids.every(alive)).toBe(true);
    expect(existsSync(state.temp)).toBe(true);

    process.kill(host.pid, 'SIGKILL');
    await host.exited;
    await waitFor('the command and its grandchild to end', () => state.commandPids.every((pid) => !alive(pid)));
    await waitFor('the temporary folder to be removed', () => !existsSync(state.temp));
  });

  it('makes a runner whose parent was SIGKILLed stop its command and exit without going on', async () => {
    const parent = start('parent');
    const state = await waitFor(
      'the command to run',
      () => readJson<{ pid: number; temp: string; commandPids: number[] }>(join(stateDir, 'host.json')),
      60_000,
    );

    process.kill(parent.pid, 'SIGKILL');
    await waitFor('the orphaned runner to exit', () => !alive(state.pid));
    await waitFor('the command and its grandchild to end', () => state.commandPids.every((pid) => !alive(pid)));
    expect(existsSync(state.temp)).toBe(false);
    // runProcess never returned to its caller: nothing went on to write results.
    expect(existsSync(join(stateDir, 'after-run'))).toBe(false);
  });
});
