/**
 * End to end: `nx run lib:codex-generate-tests` in a temporary workspace, with the real codex
 * binary answering from tools/local-model's scripted scenarios, and the project's real Jest run.
 */
import {
  addFilesPatch,
  CLAMP_SPEC_TS,
  createTestWorkspace,
  MATH_SPEC_TS,
  MATH_TS,
  nxEnv,
  runNx,
  snapshotBuiltPackages,
  startNxRun,
  testing,
  type TestWorkspace,
} from './workspace.fixture';

const FAILING_CLAMP_SPEC_TS = CLAMP_SPEC_TS.replace('expect(clamp(42, 0, 10)).toBe(10);', 'expect(clamp(42, 0, 10)).toBe(42);');

interface Harness {
  workspace: TestWorkspace;
  model: Awaited<ReturnType<typeof testing.startLocalModel>>;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

let builtPackages: ReturnType<typeof snapshotBuiltPackages>;
beforeAll(() => (builtPackages = snapshotBuiltPackages()));
afterAll(() => builtPackages?.cleanup());

async function harness(scenario: object): Promise<Harness> {
  const workspace = createTestWorkspace(builtPackages.dir);
  const model = await testing.startLocalModel({ scenario: scenario as never });
  const home = testing.createCodexHome({ baseUrl: model.url });
  return {
    workspace,
    model,
    env: nxEnv(home.env),
    cleanup: async () => {
      await model.stop();
      home.cleanup();
      workspace.cleanup();
    },
  };
}

/** Codex turns the model answered (tool-output follow-ups are part of the same turn). */
async function turns(model: Harness['model']): Promise<number> {
  return (await model.requests()).filter((r) => r.path.endsWith('/responses') && r.answer.followUpOf === null).length;
}

describe('nx run lib:codex-generate-tests (real codex, local model, real Jest)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('keeps a passing test, and coverage goes up', async () => {
    h = await harness({ steps: [{ kind: 'apply_patch', patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }), then: { kind: 'message', text: 'Wrote src/clamp.spec.ts.' } }] });
    const run = await runNx(h.workspace, [], h.env);
    expect(run.output).toContain('+ lib/src/clamp.spec.ts  kept, 4 tests');
    expect(run.exitCode).toBe(0);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(h.workspace.status()).toBe('?? lib/src/clamp.spec.ts\n');
    const report = h.workspace.reportJson();
    expect(report.status).toBe('completed');
    expect(report.summary).toEqual({ written: 1, kept: 1, repaired: 0, discarded: 0, rejected: 0, testsKept: 4 });
    expect(report.files[0]).toMatchObject({ path: 'lib/src/clamp.spec.ts', change: 'added', status: 'kept', repaired: false, rounds: [1], tests: 4 });
    expect(report.coverage.lines.afterPct).toBeGreaterThan(report.coverage.lines.beforePct);
    expect(report.coverage.branches.afterPct).toBeGreaterThan(report.coverage.branches.beforePct);
    expect(report.baseline.tests).toEqual({ passed: 1, failed: 0, total: 1 });
    expect(report.notes).toEqual([{ round: 1, text: 'Wrote src/clamp.spec.ts.' }]);
    expect(report.usage.inputTokens).toBeGreaterThan(0);
    expect(await turns(h.model)).toBe(1);
    // The prompt carried the file to test and the project's test style.
    const first = (await h.model.requests()).find((r) => r.path.endsWith('/responses'));
    const promptText = JSON.stringify(first?.body.input);
    expect(promptText).toContain('export function clamp');
    expect(promptText).toContain("Example of this project's test style: src/math.spec.ts");
  });

  it('gives a failing test back to Codex, and keeps it once the second round repaired it', async () => {
    h = await harness({
      steps: [
        { kind: 'apply_patch', patch: addFilesPatch({ 'src/clamp.spec.ts': FAILING_CLAMP_SPEC_TS }), then: { kind: 'message', text: 'Wrote a test.' } },
        {
          kind: 'match',
          rules: [
            {
              whenPromptContains: 'Repair round 1 of 2',
              step: {
                kind: 'apply_patch',
                patch: '*** Begin Patch\n*** Update File: src/clamp.spec.ts\n@@\n-    expect(clamp(42, 0, 10)).toBe(42);\n+    expect(clamp(42, 0, 10)).toBe(10);\n*** End Patch\n',
                then: { kind: 'message', text: 'Fixed the expectation.' },
              },
            },
          ],
          default: { kind: 'message', text: 'unexpected prompt' },
        },
      ],
    });
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).toBe(0);
    const report = h.workspace.reportJson();
    expect(report.files).toEqual([expect.objectContaining({ path: 'lib/src/clamp.spec.ts', status: 'kept', repaired: true, rounds: [1, 2], tests: 4 })]);
    expect(report.rounds.map((r: { kind: string; failed: string[]; passed: string[] }) => [r.kind, r.failed, r.passed])).toEqual([
      ['write', ['lib/src/clamp.spec.ts'], []],
      ['repair', [], ['lib/src/clamp.spec.ts']],
    ]);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(await turns(h.model)).toBe(2);
    // The repair went to the same thread, with Jest's failure in the prompt.
    const requests = (await h.model.requests()).filter((r) => r.path.endsWith('/responses'));
    const repair = JSON.stringify(requests[requests.length - 2].body.input);
    expect(repair).toContain('Expected: 42');
    expect(repair).toContain('Write unit tests for the project');
  });

  it('removes a test that never passes and leaves the workspace as it was', async () => {
    h = await harness({
      steps: [
        { kind: 'apply_patch', patch: addFilesPatch({ 'src/clamp.spec.ts': FAILING_CLAMP_SPEC_TS }), then: { kind: 'message', text: 'Wrote a test.' } },
        { kind: 'message', text: 'I could not find the problem.' },
      ],
      repeat: 'last',
    });
    const run = await runNx(h.workspace, ['--maxIterations=1'], h.env);
    expect(run.exitCode).toBe(0);
    expect(run.output).toContain('nothing kept');
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    expect(h.workspace.status()).toBe('');
    const report = h.workspace.reportJson();
    expect(report.status).toBe('completed');
    expect(report.files).toEqual([expect.objectContaining({ path: 'lib/src/clamp.spec.ts', status: 'discarded', reason: 'failed', rounds: [1] })]);
    expect(report.files[0].message).toContain('Expected: 42');
    expect(report.files[0].savedAs).toBe('dist/codex-generate-tests/lib/removed/lib/src/clamp.spec.ts');
    expect(h.workspace.read(report.files[0].savedAs)).toBe(FAILING_CLAMP_SPEC_TS);
    expect(report.coverage.lines.deltaPct).toBe(0);
    expect(await turns(h.model)).toBe(2);
  });

  it('restores a source edit and a file written outside the project, and reports both', async () => {
    // The source edit makes add-edge.spec.ts pass only while it is in place: it must be judged
    // against the original source, fail, and go.
    const addEdgeSpec = "import { add } from './math';\n\ntest('add is off by one', () => {\n  expect(add(1, 2)).toBe(4);\n});\n";
    const patch =
      '*** Begin Patch\n' +
      `*** Add File: src/clamp.spec.ts\n${CLAMP_SPEC_TS.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}\n` +
      `*** Add File: src/add-edge.spec.ts\n${addEdgeSpec.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}\n` +
      '*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a + b + 1;\n' +
      '*** Add File: ../notes-from-codex.txt\n+outside the project\n' +
      '*** End Patch\n';
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch,
          then: { kind: 'shell', command: ['bash', '-c', "printf 'changed by codex\\n' >> ../README.md"], then: { kind: 'message', text: 'Done.' } },
        },
      ],
    });
    const run = await runNx(h.workspace, ['--maxIterations=0'], h.env);
    expect(run.exitCode).toBe(0);
    expect(h.workspace.read('lib/src/math.ts')).toBe(MATH_TS);
    expect(h.workspace.read('README.md')).toBe('# a workspace for codex-generate-tests tests\n');
    expect(h.workspace.exists('notes-from-codex.txt')).toBe(false);
    expect(h.workspace.status()).toBe('?? lib/src/clamp.spec.ts\n');
    const report = h.workspace.reportJson();
    expect(report.rejected.map((r: { path: string; kind: string; reason: string; restored: boolean }) => [r.path, r.kind, r.reason, r.restored])).toEqual([
      ['README.md', 'modified', 'outside-project', true],
      ['lib/src/math.ts', 'modified', 'not-allowed', true],
      ['notes-from-codex.txt', 'added', 'outside-project', true],
    ]);
    expect(report.files.map((f: { path: string; status: string; reason?: string }) => [f.path, f.status, f.reason])).toEqual([
      ['lib/src/add-edge.spec.ts', 'discarded', 'failed'],
      ['lib/src/clamp.spec.ts', 'kept', undefined],
    ]);
    expect(report.summary).toMatchObject({ kept: 1, discarded: 1, rejected: 3 });
    // What Codex wrote there is not lost: a copy sits in the output folder.
    expect(h.workspace.read('dist/codex-generate-tests/lib/removed/lib/src/math.ts')).toContain('return a + b + 1;');
    expect(h.workspace.read('dist/codex-generate-tests/lib/removed/notes-from-codex.txt')).toBe('outside the project\n');
    expect(run.output).toContain('! lib/src/math.ts  rejected (modified): not a test file');
  });

  it('dry run: writes the patch and leaves the workspace unchanged', async () => {
    h = await harness({ steps: [{ kind: 'apply_patch', patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }), then: { kind: 'message', text: 'Wrote it.' } }] });
    const run = await runNx(h.workspace, ['--dryRun'], h.env);
    expect(run.exitCode).toBe(0);
    expect(h.workspace.status()).toBe('');
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    const patch = h.workspace.read('dist/codex-generate-tests/lib/tests.patch');
    expect(patch).toContain('diff --git a/lib/src/clamp.spec.ts b/lib/src/clamp.spec.ts\nnew file mode 100644');
    const report = h.workspace.reportJson();
    expect(report).toMatchObject({ status: 'completed', dryRun: true, patch: 'dist/codex-generate-tests/lib/tests.patch', summary: { kept: 1 } });
    // The patch is what the run would have kept.
    h.workspace.git('apply', 'dist/codex-generate-tests/lib/tests.patch');
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
  });

  it('refuses a project with uncommitted changes, naming the files, before calling Codex', async () => {
    h = await harness({ steps: [{ kind: 'message', text: 'should not be asked' }] });
    h.workspace.write('lib/src/math.ts', `${MATH_TS}// work in progress\n`);
    h.workspace.write('lib/src/draft.spec.ts', MATH_SPEC_TS);
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('Project "lib" has uncommitted changes in 2 files');
    expect(run.output).toContain('lib/src/math.ts (modified)');
    expect(run.output).toContain('lib/src/draft.spec.ts (untracked)');
    expect(run.output).toContain('--allowDirty');
    expect(await turns(h.model)).toBe(0);
    expect(h.workspace.read('lib/src/math.ts')).toBe(`${MATH_TS}// work in progress\n`);
    expect(h.workspace.reportJson()).toMatchObject({ status: 'failed', message: 'refused to start' });
  });

  it('fails on a model error mid-turn, with the workspace restored', async () => {
    h = await harness({
      steps: [{ kind: 'apply_patch', patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }), then: { kind: 'response-failed', message: 'the model fell over' } }],
    });
    const run = await runNx(h.workspace, ['--maxRetries=0'], h.env);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('the model fell over');
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    expect(h.workspace.status()).toBe('');
    expect(h.workspace.reportJson()).toMatchObject({ status: 'failed', message: 'failed; the workspace is as it was before' });
  });

  it('fails with a clear message when codex cannot be found', async () => {
    h = await harness({ steps: [{ kind: 'message', text: 'never asked' }] });
    const run = await runNx(h.workspace, ['--codexPath=/nonexistent/bin/codex'], h.env);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('/nonexistent/bin/codex');
    expect(h.workspace.status()).toBe('');
    expect(await turns(h.model)).toBe(0);
  });

  it('Ctrl-C while Codex works: no codex process left, no half-written file, tracked files as before', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: `*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a - b;\n*** Add File: src/clamp.spec.ts\n${CLAMP_SPEC_TS.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}\n*** End Patch\n`,
          // Codex now waits for the model: the interrupt lands mid-turn.
          then: { kind: 'message', text: 'too late', delayMs: 60_000 },
        },
      ],
    });
    const nx = startNxRun(h.workspace, [], h.env);
    await waitFor(() => h!.workspace.exists('lib/src/clamp.spec.ts') && h!.workspace.read('lib/src/math.ts') !== MATH_TS, 60_000, nx.output);
    const codexBefore = codexProcesses(h.workspace.root);
    expect(codexBefore.length).toBeGreaterThan(0);
    nx.child.kill('SIGINT');
    const run = await nx.done;
    expect(run.exitCode === 0 && run.signal === null).toBe(false);
    expect(codexProcesses(h.workspace.root)).toEqual([]);
    expect(h.workspace.read('lib/src/math.ts')).toBe(MATH_TS);
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    expect(h.workspace.status()).toBe('');
    expect(h.workspace.reportJson()).toMatchObject({ status: 'cancelled', removedCopies: 'dist/codex-generate-tests/lib/removed' });
    expect(h.workspace.read('dist/codex-generate-tests/lib/removed/lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
  });
});

function codexProcesses(workspaceRoot: string): Array<{ pid: number; cmdline: string }> {
  return testing.listProcesses(/codex/).filter((p) => p.cmdline.includes(workspaceRoot) && !p.cmdline.includes('nx.js'));
}

async function waitFor(condition: () => boolean, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
