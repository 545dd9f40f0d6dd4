/**
 * End to end: `nx run lib:codex-generate-tests` in a temporary workspace, with the real codex
 * binary answering from tools/local-model's scripted scenarios, and the project's real Jest run.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import {
  addFilesPatch,
  APP_TS,
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

const FAILING_CLAMP_SPEC_TS = CLAMP_SPEC_TS.replace(
  'expect(clamp(42, 0, 10)).toBe(10);',
  'expect(clamp(42, 0, 10)).toBe(42);',
);

interface Harness {
  workspace: TestWorkspace;
  model: Awaited<ReturnType<typeof testing.startLocalModel>>;
  env: NodeJS.ProcessEnv;
  codexHome: string;
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
    codexHome: home.dir,
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

  it('restores a source edit and a file written outside the project, and reports both', async () => {
    // The source edit makes add-edge.spec.ts pass only while it is in place: it must be judged
    // against the original source, fail, and go.
    const addEdgeSpec =
      "import { add } from './math';\n\ntest('add is off by one', () => {\n  expect(add(1, 2)).toBe(4);\n});\n";
    const patch =
      '*** Begin Patch\n' +
      `*** Add File: src/clamp.spec.ts\n${CLAMP_SPEC_TS.replace(/\n$/, '')
        .split('\n')
        .map((l) => `+${l}`)
        .join('\n')}\n` +
      `*** Add File: src/add-edge.spec.ts\n${addEdgeSpec
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `+${l}`)
        .join('\n')}\n` +
      '*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a + b + 1;\n' +
      '*** Add File: ../notes-from-codex.txt\n+outside the project\n' +
      '*** End Patch\n';
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch,
          then: {
            kind: 'shell',
            command: ['bash', '-c', "printf 'changed by codex\\n' >> ../README.md"],
            then: { kind: 'message', text: 'Done.' },
          },
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
    expect(
      report.rejected.map((r: { path: string; kind: string; reason: string; restored: boolean }) => [
        r.path,
        r.kind,
        r.reason,
        r.restored,
      ]),
    ).toEqual([
      ['README.md', 'modified', 'outside-project', true],
      ['lib/src/math.ts', 'modified', 'not-allowed', true],
      ['notes-from-codex.txt', 'added', 'outside-project', true],
    ]);
    expect(
      report.files.map((f: { path: string; status: string; reason?: string }) => [f.path, f.status, f.reason]),
    ).toEqual([
      ['lib/src/add-edge.spec.ts', 'discarded', 'failed'],
      ['lib/src/clamp.spec.ts', 'kept', undefined],
    ]);
    expect(report.summary).toMatchObject({ kept: 1, discarded: 1, rejected: 3 });
    // What Codex wrote there is not lost: a copy sits in this run's folder.
    expect(h.workspace.read(`${report.savedCopies}/lib/src/math.ts`)).toContain('return a + b + 1;');
    expect(h.workspace.read(`${report.savedCopies}/notes-from-codex.txt`)).toBe('outside the project\n');
    expect(run.output).toContain('! lib/src/math.ts  rejected (modified): not a test file');
  });

  it('dry run: writes the patch and leaves the workspace unchanged', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }),
          then: { kind: 'message', text: 'Wrote it.' },
        },
      ],
    });
    const run = await runNx(h.workspace, ['--dryRun'], h.env);
    expect(run.exitCode).toBe(0);
    expect(h.workspace.status()).toBe('');
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    const patch = h.workspace.read('dist/codex-generate-tests/lib/tests.patch');
    expect(patch).toContain('diff --git a/lib/src/clamp.spec.ts b/lib/src/clamp.spec.ts\nnew file mode 100644');
    const report = h.workspace.reportJson();
    expect(report).toMatchObject({
      status: 'completed',
      dryRun: true,
      patch: 'dist/codex-generate-tests/lib/tests.patch',
      summary: { kept: 1 },
    });
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
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }),
          then: { kind: 'response-failed', message: 'the model fell over' },
        },
      ],
    });
    const run = await runNx(h.workspace, ['--maxRetries=0'], h.env);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('the model fell over');
    expect(h.workspace.exists('lib/src/clamp.spec.ts')).toBe(false);
    expect(h.workspace.status()).toBe('');
    expect(h.workspace.reportJson()).toMatchObject({
      status: 'failed',
      message: 'failed; your working tree was not touched',
    });
  });

  it('fails with a clear message when codex cannot be found', async () => {
    h = await harness({ steps: [{ kind: 'message', text: 'never asked' }] });
    const run = await runNx(h.workspace, ['--codexPath=/nonexistent/bin/codex'], h.env);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('/nonexistent/bin/codex');
    expect(h.workspace.status()).toBe('');
    expect(await turns(h.model)).toBe(0);
  });

  it('the user edits two projects and creates files while Codex works: every edit survives byte for byte; a clash is a conflict; no new coverage, not kept', async () => {
    const gate = createGate();
    // Covers the empty-range branch, as clamp.spec.ts does: each adds coverage on its own.
    const clampEmptySpec =
      "import { clamp } from './math';\n\ntest('rejects an empty range', () => {\n  expect(() => clamp(1, 10, 0)).toThrow(RangeError);\n});\n";
    // Passes, but math.spec.ts already covers add().
    const addSpec = "import { add } from './math';\n\ntest('adds', () => {\n  expect(add(2, 2)).toBe(4);\n});\n";
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({
            'src/clamp.spec.ts': CLAMP_SPEC_TS,
            'src/clamp-empty.spec.ts': clampEmptySpec,
            'src/add.spec.ts': addSpec,
          }),
          // Codex now runs a command that waits for the test: the user's edits happen mid-run.
          then: {
            kind: 'shell',
            command: ['bash', '-c', gate.command],
            then: { kind: 'message', text: 'Wrote three tests.' },
          },
        },
      ],
    });
    const statusBefore = h.workspace.status();
    const nx = startNxRun(h.workspace, [], h.env);
    await gate.reached(nx.output);
    const edits: Record<string, Buffer> = {
      'lib/src/math.ts': Buffer.from(`${MATH_TS}// my edit, mid-run\n`),
      'app/src/app.ts': Buffer.from(`${APP_TS}// an edit in another project\n`),
      'lib/src/clamp-empty.spec.ts': Buffer.from("// my own test, same name as Codex's\n"),
      'lib/NOTES.md': Buffer.from([0xef, 0xbb, 0xbf, 0x6e, 0x6f, 0x74, 0x65, 0x0d, 0x0a]),
    };
    for (const [file, content] of Object.entries(edits)) writeFileSync(path.join(h.workspace.root, file), content);
    gate.release();
    const run = await nx.done;
    expect(run.exitCode).toBe(0);
    for (const [file, content] of Object.entries(edits))
      expect(readFileSync(path.join(h.workspace.root, file))).toEqual(content);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(h.workspace.exists('lib/src/add.spec.ts')).toBe(false);
    const report = h.workspace.reportJson();
    expect(
      report.files.map((f: { path: string; status: string; reason?: string }) => [f.path, f.status, f.reason]),
    ).toEqual([
      ['lib/src/add.spec.ts', 'discarded', 'no-new-coverage'],
      ['lib/src/clamp-empty.spec.ts', 'conflict', undefined],
      ['lib/src/clamp.spec.ts', 'kept', undefined],
    ]);
    expect(report.funnel).toEqual({ generated: 3, ran: 3, passed: 3, addedCoverage: 2, kept: 2 });
    expect(h.workspace.read(report.files[1].savedAs)).toBe(clampEmptySpec);
    expect(h.workspace.read(report.files[0].savedAs)).toBe(addSpec);
    expect(run.output).toContain('! lib/src/clamp-empty.spec.ts  not copied: you changed it during the run');
    expect(run.output).toContain('- lib/src/add.spec.ts  discarded: no-new-coverage');
    expect(statusBefore).toBe('');

    // Again: refused (the project now has the user's changes), and nothing of theirs moves.
    const refused = await runNx(h.workspace, [], h.env);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.output).toContain('has uncommitted changes');
    for (const [file, content] of Object.entries(edits))
      expect(readFileSync(path.join(h.workspace.root, file))).toEqual(content);
    expect(h.workspace.read(report.files[1].savedAs)).toBe(clampEmptySpec);

    // And with --allowDirty: the user's uncommitted files are the starting point, and stay theirs.
    await h.model.setScenario({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/add-again.spec.ts': addSpec }),
          then: { kind: 'message', text: 'One more.' },
        },
      ],
    });
    const allowed = await runNx(h.workspace, ['--allowDirty', '--requireCoverageGain=false'], h.env);
    expect(allowed.exitCode).toBe(0);
    for (const [file, content] of Object.entries(edits))
      expect(readFileSync(path.join(h.workspace.root, file))).toEqual(content);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(h.workspace.read('lib/src/add-again.spec.ts')).toBe(addSpec);
    // The first run's copies are still there.
    expect(h.workspace.read(report.files[1].savedAs)).toBe(clampEmptySpec);
  });

  it('a secret in a source file reaches the model only redacted', async () => {
    h = await harness({ steps: [{ kind: 'message', text: 'No tests this time.' }] });
    // Split so that this file itself holds no token.
    const token = ['ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');
    h.workspace.write(
      'lib/src/client.ts',
      `export const token = '${token}';\nexport function header(): string {\n  return 'token ' + token;\n}\n`,
    );
    h.workspace.git('add', '-A');
    h.workspace.git('-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'client');
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).toBe(0);
    const prompt = JSON.stringify((await h.model.requests()).find((r) => r.path.endsWith('/responses'))?.body.input);
    expect(prompt).toContain('export function header');
    expect(prompt).not.toContain(token);
    expect(prompt).toContain('[REDACTED');
  });

  it('a symlink loop elsewhere in the repository is no problem', async () => {
    h = await harness({
      steps: [
        {
          kind: 'apply_patch',
          patch: addFilesPatch({ 'src/clamp.spec.ts': CLAMP_SPEC_TS }),
          then: { kind: 'message', text: 'ok' },
        },
      ],
    });
    symlinkSync('loop-b', path.join(h.workspace.root, 'app/loop-a'));
    symlinkSync('loop-a', path.join(h.workspace.root, 'app/loop-b'));
    const run = await runNx(h.workspace, [], h.env);
    expect(run.exitCode).toBe(0);
    expect(h.workspace.read('lib/src/clamp.spec.ts')).toBe(CLAMP_SPEC_TS);
    expect(h.workspace.status()).toBe('?? app/loop-a\n?? app/loop-b\n?? lib/src/clamp.spec.ts\n');
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
    await waitFor(
      () =>
        codexProcesses(h!.codexHome).length === 0 &&
        !h!.workspace.git('worktree', 'list', '--porcelain').includes('nx-codex-generate-tests-'),
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
    await waitFor(() => codexProcesses(h!.codexHome).length === 0, 30_000, nx.output);
    nx.child.kill('SIGINT');
    const run = await nx.done;
    expectCancelledAndUntouched(h, run);
  });
});

function cancellableStep(gate: Gate): object {
  return {
    kind: 'apply_patch',
    patch: `*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  return a + b;\n+  return a - b;\n*** Add File: src/clamp.spec.ts\n${prefixed(CLAMP_SPEC_TS)}\n*** End Patch\n`,
    then: { kind: 'shell', command: ['bash', '-c', gate.command], then: { kind: 'message', text: 'too late' } },
  };
}

function expectCancelledAndUntouched(
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

function prefixed(content: string): string {
  return content
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n');
}

interface Gate {
  /** The shell command Codex runs: says it started, then waits until the test releases it. */
  command: string;
  reached(output: () => string): Promise<void>;
  release(): void;
}

/**
 * A rendezvous between Codex's command and the test, through a FIFO: the command creates
 * `reached`, then blocks reading `go` until the test writes to it. No sleep decides the order.
 */
function createGate(): Gate {
  const dir = testing.makeTempDir('tg-gate-');
  const go = path.join(dir.dir, 'go');
  const reached = path.join(dir.dir, 'reached');
  execFileSync('mkfifo', [go]);
  let released = false;
  return {
    command: `touch '${reached}'; read -r _ < '${go}'; echo released`,
    reached: (output) => waitFor(() => existsSync(reached), 60_000, output),
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

/**
 * codex processes of this test (the binary or its node launcher; not Nx's task process, whose
 * command line names the target), told apart by the CODEX_HOME in their environment.
 */
function codexProcesses(codexHome: string): Array<{ pid: number; cmdline: string }> {
  return testing.listProcesses(/codex/).filter((p) => {
    if (!p.argv.slice(0, 2).some((arg) => /(^|\/)codex(\.js)?$/.test(arg))) return false;
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(`CODEX_HOME=${codexHome}`);
    } catch {
      return false;
    }
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
