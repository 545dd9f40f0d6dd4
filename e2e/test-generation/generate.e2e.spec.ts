/**
 * End to end: `nx run lib:codex-generate-tests` in a temporary workspace, with the real codex
 * binary answering from tools/local-model's scripted scenarios, and the project's real Jest run.
 * This file: what is kept (coverage, repair rounds, mutation), and how the run reports.
 */
import { addFilesPatch, CLAMP_SPEC_TS, MATH_SPEC_TS, MATH_TS, runNx } from './workspace.fixture';
import { FAILING_CLAMP_SPEC_TS, harness, turns, useBuiltPackages, type Harness } from './harness';

useBuiltPackages();

describe('nx run lib:codex-generate-tests (real codex, local model, real Jest)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('keeps a passing test, and coverage goes up', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }),
          then: { kind: 'message', text: 'Wrote src/clamp.spec.ts.' },
        },
      ],
    });
    const run = await runNx(h.workspace, [], h.env);
    expect(run.output).toContain('+ lib/src/clamp.spec.ts  kept, 4 tests, +');
    expect(run.exitCode).toBe(0);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(h.workspace.status()).toBe('?? lib/src/clamp.spec.ts\n');
    const report = h.workspace.reportJson();
    expect(report.status).toBe('completed');
    expect(report.summary).toEqual({
      written: 1,
      kept: 1,
      repaired: 0,
      discarded: 0,
      conflicts: 0,
      rejected: 0,
      testsKept: 4,
    });
    // Jest ran directly with the project's configuration, in the temporary checkout: no coverage/ here.
    expect(report.testCommand.command).toBe('node_modules/.bin/jest --config lib/jest.config.cjs');
    expect(h.workspace.exists('coverage')).toBe(false);
    expect(report.files[0]).toMatchObject({
      path: 'lib/src/clamp.spec.ts',
      change: 'added',
      status: 'kept',
      repaired: false,
      rounds: [1],
      tests: 4,
    });
    expect(report.files[0].coverageGain.lines).toBeGreaterThan(0);
    expect(report.files[0].coverageGain.branches).toBeGreaterThan(0);
    expect(report.funnel).toEqual({ generated: 1, ran: 1, passed: 1, addedCoverage: 1, kept: 1 });
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

  it('a test target shaped like the ones @nx/jest/plugin infers (run-commands jest in the project folder) runs Jest directly, and the coverage filter applies', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS, 'src/add-again.spec.ts': MATH_SPEC_TS }),
          then: { kind: 'message', text: 'Wrote two files.' },
        },
      ],
    });
    const env = {
      TS_NODE_COMPILER_OPTIONS: '{"moduleResolution":"node10","module":"commonjs","customConditions":null}',
    };
    h.workspace.write(
      'lib/project.json',
      JSON.stringify(
        {
          name: 'lib',
          root: 'lib',
          sourceRoot: 'lib/src',
          targets: { test: { command: 'jest', options: { cwd: 'lib', env } } },
        },
        null,
        2,
      ),
    );
    h.workspace.git('-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qam', 'inferred-style jest target');
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).toBe(0);
    const report = h.workspace.reportJson();
    expect(report.testCommand.command).toBe(
      `cd lib && TS_NODE_COMPILER_OPTIONS='${env.TS_NODE_COMPILER_OPTIONS}' ../node_modules/.bin/jest`,
    );
    // Jest directly, so each file is judged: the copy of the existing test adds nothing and is dropped.
    expect(report.funnel).toEqual({ generated: 2, ran: 2, passed: 2, addedCoverage: 1, kept: 1 });
    expect(report.files.find((f: { path: string }) => f.path === 'lib/src/add-again.spec.ts')).toMatchObject({
      status: 'discarded',
      reason: 'no-new-coverage',
    });
    expect(h.workspace.status()).toBe('?? lib/src/clamp.spec.ts\n');
    expect(h.workspace.exists('lib/coverage')).toBe(false);
  });

  it("prints the model's notes and paths through core's terminal rules: no escape sequence, no workflow command", async () => {
    const hostile = 'Done.\u001b[2J\u001b]0;pwned\u0007\r\n::error file=x::injected\n##[warning]injected';
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }),
          then: { kind: 'message', text: hostile },
        },
      ],
    });
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).toBe(0);
    expect(h.workspace.reportJson().notes[0].text).toContain('injected'); // the report keeps the note as data
    expect(run.output).toContain('injected');
    // eslint-disable-next-line no-control-regex -- the raw control sequences the note carried must not reach the terminal
    expect(run.output).not.toMatch(/\u001b\[2J|\u001b\]0;|\u0007/);
    for (const line of run.output.split('\n')) {
      expect(line.trimStart().startsWith('::')).toBe(false);
      expect(line).not.toContain('##[');
    }
  });

  it('gives a failing test back to Codex, and keeps it once the second round repaired it', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': FAILING_CLAMP_SPEC_TS }),
          then: { kind: 'message', text: 'Wrote a test.' },
        },
        {
          kind: 'match',
          rules: [
            {
              whenPromptContains: 'Repair round 1 of 2',
              step: {
                kind: 'apply_patch',
                patch:
                  '*** Begin Patch\n*** Update File: src/clamp.spec.ts\n@@\n-    expect(clamp(42, 0, 10)).toBe(42);\n+    expect(clamp(42, 0, 10)).toBe(10);\n*** End Patch\n',
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
    expect(report.files).toEqual([
      expect.objectContaining({
        path: 'lib/src/clamp.spec.ts',
        status: 'kept',
        repaired: true,
        rounds: [1, 2],
        tests: 4,
      }),
    ]);
    expect(
      report.rounds.map((r: { kind: string; failed: string[]; passed: string[] }) => [r.kind, r.failed, r.passed]),
    ).toEqual([
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
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': FAILING_CLAMP_SPEC_TS }),
          then: { kind: 'message', text: 'Wrote a test.' },
        },
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
    expect(report.files).toEqual([
      expect.objectContaining({ path: 'lib/src/clamp.spec.ts', status: 'discarded', reason: 'failed', rounds: [1] }),
    ]);
    expect(report.files[0].message).toContain('Expected: 42');
    expect(report.files[0].savedAs).toBe(`${report.savedCopies}/lib/src/clamp.spec.ts`);
    expect(report.savedCopies).toMatch(/^dist\/codex-generate-tests\/lib\/runs\/[^/]+$/);
    expect(h.workspace.read(report.files[0].savedAs)).toBe(FAILING_CLAMP_SPEC_TS);
    expect(report.coverage.lines.deltaPct).toBe(0);
    expect(await turns(h.model)).toBe(2);
  });

  it('mutation: a test that adds no covered line but kills a mutant is kept with mutation: true, dropped without it or when StrykerJS times out', async () => {
    // Existing test: runs every line and branch of clamp, checks only the error.
    const runsClamp = `import { clamp } from './math';\n\nit('runs clamp', () => {\n  clamp(5, 0, 10);\n  clamp(-3, 0, 10);\n  clamp(42, 0, 10);\n  expect(() => clamp(1, 10, 0)).toThrow();\n});\n`;
    const bounds = `import { clamp } from './math';\n\ndescribe('clamp', () => {\n  it('keeps the bounds and what lies between', () => {\n    expect(clamp(0, 0, 10)).toBe(0);\n    expect(clamp(10, 0, 10)).toBe(10);\n    expect(clamp(-3, 0, 10)).toBe(0);\n    expect(clamp(42, 0, 10)).toBe(10);\n    expect(clamp(5, 0, 10)).toBe(5);\n  });\n});\n`;
    const write = {
      kind: 'apply_patch',
      patch: addFilesPatch({ 'src/clamp-bounds.spec.ts': bounds }),
      then: { kind: 'message', text: 'Wrote src/clamp-bounds.spec.ts.' },
    };
    h = await harness({ steps: [write, write, write] });
    h.workspace.write('lib/src/clamp-runs.spec.ts', runsClamp);
    h.workspace.git('add', '-A');
    h.workspace.git('-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'a test that asserts little');

    // StrykerJS cannot even start its dry run within 1 s: the run goes on, the coverage rule decides.
    const timedOut = await runNx(h.workspace, ['--runs=1', '--mutation', '--mutationTimeoutSeconds=1'], h.env);
    expect(timedOut.exitCode).toBe(0);
    expect(timedOut.output).toContain(
      'mutation testing failed, the coverage rule alone decides: StrykerJS did not finish within 1 s',
    );
    expect(h.workspace.reportJson()).toMatchObject({
      status: 'completed',
      mutation: { status: 'failed' },
      files: [{ path: 'lib/src/clamp-bounds.spec.ts', reason: 'no-new-coverage' }],
    });
    expect(h.workspace.status()).toBe('');

    const without = await runNx(h.workspace, ['--runs=1'], h.env);
    expect(without.exitCode).toBe(0);
    expect(without.output).toContain('- lib/src/clamp-bounds.spec.ts  discarded: no-new-coverage');
    expect(h.workspace.exists('lib/src/clamp-bounds.spec.ts')).toBe(false);
    expect(h.workspace.reportJson().mutation).toBeUndefined();

    const withMutation = await runNx(h.workspace, ['--runs=1', '--mutation'], h.env);
    expect(withMutation.exitCode).toBe(0);
    const report = h.workspace.reportJson();
    expect(report.files).toEqual([
      expect.objectContaining({
        path: 'lib/src/clamp-bounds.spec.ts',
        status: 'kept',
        coverageGain: { lines: 0, branches: 0 },
      }),
    ]);
    expect(report.files[0].killedMutants).toBeGreaterThan(0);
    expect(report.funnel).toEqual({ generated: 1, ran: 1, passed: 1, addedCoverage: 0, killedMutants: 1, kept: 1 });
    expect(report.mutation).toMatchObject({ status: 'measured', mutated: ['lib/src/math.ts'] });
    expect(report.mutation.after.killed).toBe(report.mutation.before.killed + report.files[0].killedMutants);
    expect(report.mutation.after.pct).toBeGreaterThan(report.mutation.before.pct);
    expect(withMutation.output).toContain('-> killed mutants 1 -> kept 1');
    expect(h.workspace.read('lib/src/clamp-bounds.spec.ts')).toBe(bounds);
    // Stryker's files stayed in the temporary checkout; the source was not left mutated.
    expect(h.workspace.status()).toBe('?? lib/src/clamp-bounds.spec.ts\n');
    expect(h.workspace.read('lib/src/math.ts')).toBe(MATH_TS);
  });
});
