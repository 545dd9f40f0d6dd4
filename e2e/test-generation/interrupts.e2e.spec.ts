/**
 * End to end: `nx run lib:codex-generate-tests` in a temporary workspace, with the real codex
 * binary answering from tools/local-model's scripted scenarios, and the project's real Jest run.
 * This file: SIGKILL and Ctrl-C mid-run.
 */
import { CLAMP_SPEC_TS, MATH_TS, runNx, startNxRun } from './workspace.fixture';
import {
  cancellableStep,
  codexProcesses,
  createGate,
  expectCancelledAndUntouched,
  harness,
  prefixed,
  useBuiltPackages,
  waitFor,
  type Harness,
} from './harness';

useBuiltPackages();

describe('codex-generate-tests interrupted', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('SIGKILL mid-run: git status as before, no codex process left, no checkout left; the next run works', async () => {
    const gate = createGate();
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: `*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a - b;\n*** Add File: src/clamp.spec.ts\n${prefixed(CLAMP_SPEC_TS)}\n*** End Patch\n`,
          then: { kind: 'shell', command: ['bash', '-c', gate.command], then: { kind: 'message', text: 'never seen' } },
        },
      ],
    });
    h.workspace.write('app/src/wip.ts', 'work in progress\n');
    const statusBefore = h.workspace.status();
    const nx = startNxRun(h.workspace, [], h.env, { detached: true });
    await gate.reached(nx.output);
    expect(codexProcesses(h.codexHome).length).toBeGreaterThan(0);
    // Every process of the run at once, as `kill -9` of the terminal's job would.
    process.kill(-(nx.child.pid as number), 'SIGKILL');
    await nx.done;
    expect(h.workspace.status()).toBe(statusBefore);
    expect(h.workspace.read('lib/src/math.ts')).toBe(MATH_TS);
    // The run's watchdog sees its pipe close: it kills codex and removes the checkout.
    const { codexHome, workspace } = h;
    await waitFor(
      () =>
        codexProcesses(codexHome).length === 0 &&
        !workspace.git('worktree', 'list', '--porcelain').includes('nx-codex-generate-tests-'),
      30_000,
      nx.output,
    );
    expect(h.workspace.status()).toBe(statusBefore);

    gate.release();
    await h.model.setScenario({ steps: [{ kind: 'message', text: 'nothing this time' }] });
    const next = await runNx(h.workspace, ['--allowDirty'], h.env);
    expect(next.exitCode).toBe(0);
    expect(h.workspace.git('worktree', 'list', '--porcelain')).not.toContain('nx-codex-generate-tests-');
    expect(h.workspace.status()).toBe(statusBefore);
  });

  it('Ctrl-C while Codex works: cancelled, no codex process left, the working tree untouched', async () => {
    const gate = createGate();
    h = await harness({ steps: [cancellableStep(gate)] });
    const nx = startNxRun(h.workspace, [], h.env);
    await gate.reached(nx.output);
    expect(codexProcesses(h.codexHome).length).toBeGreaterThan(0);
    nx.child.kill('SIGINT');
    const run = await nx.done;
    expectCancelledAndUntouched(h, run);
  });

  it('Ctrl-C reported cancelled even when codex is signalled (and gone) before the executor', async () => {
    const gate = createGate();
    h = await harness({ steps: [cancellableStep(gate)] });
    const nx = startNxRun(h.workspace, [], h.env);
    await gate.reached(nx.output);
    const codex = codexProcesses(h.codexHome);
    expect(codex.length).toBeGreaterThan(0);
    // The order Nx's tree-kill may produce: codex first, and only once it has exited, the executor.
    for (const p of codex) process.kill(p.pid, 'SIGINT');
    const { codexHome } = h;
    await waitFor(() => codexProcesses(codexHome).length === 0, 30_000, nx.output);
    nx.child.kill('SIGINT');
    const run = await nx.done;
    expectCancelledAndUntouched(h, run);
  });
});
