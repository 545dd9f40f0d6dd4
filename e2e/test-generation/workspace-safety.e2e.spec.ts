/**
 * End to end: `nx run lib:codex-generate-tests` in a temporary workspace, with the real codex
 * binary answering from tools/local-model's scripted scenarios, and the project's real Jest run.
 * This file: the user's workspace is never harmed (restores, dry run, dirty tree, failures, concurrent edits, secrets).
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { addFilesPatch, APP_TS, CLAMP_SPEC_TS, MATH_SPEC_TS, MATH_TS, runNx, startNxRun } from './workspace.fixture';
import { createGate, harness, turns, useBuiltPackages, type Harness } from './harness';

useBuiltPackages();

describe('codex-generate-tests leaves the workspace safe', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
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
});
