// What the codex-generate-tests e2e specs share: a workspace with its local model and CODEX_HOME,
// and the rendezvous (a FIFO gate) that interrupts a run at a known point.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, watch, writeSync } from 'node:fs';
import * as path from 'node:path';
import {
  CLAMP_SPEC_TS,
  createTestWorkspace,
  MATH_TS,
  nxEnv,
  snapshotBuiltPackages,
  testing,
  type TestWorkspace,
} from './workspace.fixture';

export const FAILING_CLAMP_SPEC_TS = CLAMP_SPEC_TS.replace(
  'expect(clamp(42, 0, 10)).toBe(10);',
  'expect(clamp(42, 0, 10)).toBe(42);',
);

export interface Harness {
  workspace: TestWorkspace;
  model: Awaited<ReturnType<typeof testing.startLocalModel>>;
  env: NodeJS.ProcessEnv;
  codexHome: string;
  cleanup(): Promise<void>;
}

let builtPackages: ReturnType<typeof snapshotBuiltPackages> | undefined;

/** Call at the top of a spec file: one copy of the built packages for all its workspaces. */
export function useBuiltPackages(): void {
  beforeAll(() => (builtPackages = snapshotBuiltPackages()));
  afterAll(() => builtPackages?.cleanup());
}

export async function harness(scenario: object): Promise<Harness> {
  if (!builtPackages) throw new Error('call useBuiltPackages() at the top of the spec file');
  const workspace = createTestWorkspace(builtPackages.dir);
  const model = await testing.startLocalModel({ scenario: scenario as never });
  const home = testing.createCodexHome({ baseUrl: model.url });
  return {
    workspace,
    model,
    env: nxEnv(home.env),
    codexHome: home.dir,
    cleanup: async () => {
      await model.stop();
      home.cleanup();
      workspace.cleanup();
    },
  };
}

/** Codex turns the model answered (tool-output follow-ups are part of the same turn). */
export async function turns(model: Harness['model']): Promise<number> {
  return (await model.requests()).filter((r) => r.path.endsWith('/responses') && r.answer.followUpOf === null).length;
}

export function cancellableStep(gate: Gate): object {
  return {
    kind: 'apply_patch',
    patch: `*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a - b;\n*** Add File: src/clamp.spec.ts\n${prefixed(CLAMP_SPEC_TS)}\n*** End Patch\n`,
    then: { kind: 'shell', command: ['bash', '-c', gate.command], then: { kind: 'message', text: 'too late' } },
  };
}

export function expectCancelledAndUntouched(
  h: Harness,
  run: { exitCode: number | null; signal: NodeJS.Signals | null; output: string },
): void {
  expect(run.exitCode === 0 && run.signal === null).toBe(false);
  expect(codexProcesses(h.codexHome)).toEqual([]);
  expect(h.workspace.read('lib/src/math.ts')).toBe(MATH_TS);
  expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
  expect(h.workspace.status()).toBe('');
  const report = h.workspace.reportJson();
  expect({ status: report.status, message: report.message, error: report.error?.message }).toMatchObject({
    status: 'cancelled',
    message: 'interrupted; your working tree was not touched',
  });
  // Codex's work is kept aside, not lost.
  expect(h.workspace.read(`${report.savedCopies}/lib/src/clamp.spec.ts`)).toBe(CLAMP_SPEC_TS);
  expect(h.workspace.git('worktree', 'list', '--porcelain')).not.toContain('nx-codex-generate-tests-');
}

export function prefixed(content: string): string {
  return content
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n');
}

export interface Gate {
  /** The shell command Codex runs: says it started, then waits until the test releases it. */
  command: string;
  reached(output: () => string): Promise<void>;
  release(): void;
}

/**
 * A rendezvous between Codex's command and the test, through a FIFO: the command creates
 * `reached`, then blocks reading `go` until the test writes to it. No sleep decides the order.
 */
export function createGate(): Gate {
  const dir = testing.makeTempDir('tg-gate-');
  const go = path.join(dir.dir, 'go');
  const reached = path.join(dir.dir, 'reached');
  execFileSync('mkfifo', [go]);
  let released = false;
  return {
    command: `touch '${reached}'; read -r _ < '${go}'; echo released`,
    reached: (output) => fileCreated(dir.dir, reached, 60_000, output),
    release: () => {
      if (released) return;
      released = true;
      // Non-blocking: a reader that was killed meanwhile must not hang the test (ENXIO: nobody reads).
      try {
        const fd = openSync(go, constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, 'go\n');
        closeSync(fd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      }
      dir.cleanup();
    },
  };
}

/** Resolves when `file` exists in `dir`, told by the file system (inotify), not by polling. */
function fileCreated(dir: string, file: string, timeoutMs: number, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir, () => {
      if (existsSync(file)) finish();
    });
    const timer = setTimeout(
      () => finish(new Error(`timed out waiting for ${file}; output so far:\n${output()}`)),
      timeoutMs,
    );
    function finish(error?: Error) {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    }
    if (existsSync(file)) finish(); // created before the watch began
  });
}

/**
 * codex processes of this test (the binary or its node launcher; not Nx's task process, whose
 * command line names the target), told apart by the CODEX_HOME in their environment.
 */
export function codexProcesses(codexHome: string): Array<{ pid: number; cmdline: string }> {
  return testing.listProcesses(/codex/).filter((p) => {
    if (!p.argv.slice(0, 2).some((arg) => /(^|\/)codex(\.js)?$/.test(arg))) return false;
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(`CODEX_HOME=${codexHome}`);
    } catch {
      return false;
    }
  });
}

export async function waitFor(condition: () => boolean, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
