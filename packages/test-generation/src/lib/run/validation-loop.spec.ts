/** runValidationLoop on a real git repository; Codex and the test runner are scripted (testing/fakes.ts). */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CodexSession } from '../codex/codex-session';
import { DEFAULT_ALLOWED_WRITES } from '../workspace/confinement';
import { readRepoLayout, type RepoLayout } from '../workspace/repo-layout';
import { RunCopies } from '../workspace/run-copies';
import { git, read, write } from '../workspace/testing/git-repo';
import { takeSnapshot } from '../workspace/workspace-snapshot';
import { fakeJest, scriptedCodex, testFile, type Turn } from './testing/fakes';
import { runValidationLoop, type LoopContext } from './validation-loop';

const SOURCE = 'lib/src/a.ts';
const EXISTING = 'lib/src/a.spec.ts';
let repo: string;
let layout: RepoLayout;

beforeEach(() => {
  repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'tg-loop-')));
  write(repo, '.gitignore', 'dist\n');
  write(repo, SOURCE, 'export const a = 1;\n');
  write(repo, EXISTING, testFile({ covers: [1, 2] }));
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'init');
  layout = readRepoLayout(repo, 'lib');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

/** The loop with `turns` of Codex (relative to the project folder) and the fake Jest. */
async function loop(turns: Turn[], options: Partial<LoopContext> = {}) {
  const jest = fakeJest(SOURCE);
  const codex = scriptedCodex(turns);
  const lines: string[] = [];
  const result = await runValidationLoop(
    {
      session: new CodexSession(codex, { cwd: path.join(layout.gitRoot, layout.projectDir) }),
      snapshot: takeSnapshot(layout.gitRoot),
      layout,
      rules: { projectDir: layout.projectDir, allowedWrites: DEFAULT_ALLOWED_WRITES },
      testCommand: 'jest',
      baseline: jest.run(layout),
      runTests: async (only) => jest.run(layout, only),
      canRunSomeTests: true,
      requireCoverageGain: true,
      maxIterations: 1,
      runs: 2,
      copies: new RunCopies(layout, repo, path.join(repo, 'dist'), new Date()),
      log: (line) => lines.push(line),
      ...options,
    },
    'write tests',
  );
  const outcome = (file: string) => result.files.get(file)?.discarded?.reason ?? (result.files.get(file) && 'kept');
  return { result, codex, jest, lines, outcome };
}
const exists = (file: string) => existsSync(path.join(repo, file));

it('keeps only the passing tests that cover something new, and removes the others from the tree', async () => {
  const { result, outcome, codex } = await loop([
    {
      'src/new.spec.ts': testFile({ covers: [3] }),
      'src/same.spec.ts': testFile({ covers: [1] }),
      'src/bad.spec.ts': testFile({ result: 'fail', covers: [4] }),
    },
    {},
  ]);
  expect(result.files.activeTests()).toEqual(['lib/src/new.spec.ts']);
  expect(['new', 'same', 'bad'].map((name) => outcome(`lib/src/${name}.spec.ts`))).toEqual([
    'kept',
    'no-new-coverage',
    'failed',
  ]);
  expect(['new', 'same', 'bad'].map((name) => exists(`lib/src/${name}.spec.ts`))).toEqual([true, false, false]);
  // What was removed is not lost: its last version is in the run folder.
  expect(result.files.get('lib/src/bad.spec.ts')?.discarded?.savedAs).toMatch(/^dist\/runs\/.*bad\.spec\.ts$/);
  expect(codex.calls.map((call) => call.prompt.split('\n')[0])).toEqual([
    'write tests',
    'Repair round 1 of 1. These test files fail when `jest` runs:',
  ]);
  expect(result.finalRun?.success).toBe(true);
});

it('repairs in the same thread at most maxIterations times, then removes what still fails', async () => {
  let version = 0;
  const { result, codex, outcome } = await loop(
    [() => ({ 'src/bad.spec.ts': `${testFile({ result: 'fail', covers: [5] })}// version ${++version}\n` })],
    { maxIterations: 2 },
  );
  expect(codex.calls).toHaveLength(3);
  expect(codex.calls.map((call) => call.resumeThreadId)).toEqual([undefined, 'thread-1', 'thread-1']);
  expect(codex.calls[2].prompt).toContain('expect(received).toBe(expected) in lib/src/bad.spec.ts');
  expect(result.rounds.map((round) => [round.kind, round.failed])).toEqual([
    ['write', ['lib/src/bad.spec.ts']],
    ['repair', ['lib/src/bad.spec.ts']],
    ['repair', ['lib/src/bad.spec.ts']],
  ]);
  expect(outcome('lib/src/bad.spec.ts')).toBe('failed');
  expect(exists('lib/src/bad.spec.ts')).toBe(false);
  expect(result.finalRun).toBeUndefined();
});

it('keeps a test that a repair round fixed, running only the generated files in the repair', async () => {
  const { result, jest, outcome } = await loop([
    { 'src/fixed.spec.ts': testFile({ result: 'fail', covers: [6] }) },
    { 'src/fixed.spec.ts': testFile({ covers: [6] }) },
  ]);
  expect(outcome('lib/src/fixed.spec.ts')).toBe('kept');
  expect(result.files.get('lib/src/fixed.spec.ts')?.rounds).toEqual([1, 2]);
  // baseline, round 1 (all), round 2 (only the generated file), a confirmation run (all), the coverage run (alone).
  expect(jest.runs).toEqual([undefined, undefined, ['lib/src/fixed.spec.ts'], undefined, ['lib/src/fixed.spec.ts']]);
});

it('removes a test that passes once and then fails (flaky), and one that makes an existing test fail', async () => {
  const { result, outcome } = await loop(
    [
      {
        'src/flaky.spec.ts': testFile({ result: 'pass-once', covers: [7] }),
        'src/breaker.spec.ts': testFile({ covers: [8], breaks: EXISTING }),
      },
    ],
    { maxIterations: 0 },
  );
  expect(outcome('lib/src/breaker.spec.ts')).toBe('breaks-existing');
  expect(result.files.activeTests()).toEqual([]);
  expect(outcome('lib/src/flaky.spec.ts')).toBe('breaks-existing');

  const flaky = await loop([{ 'src/flaky.spec.ts': testFile({ result: 'pass-once', covers: [7] }) }]);
  expect(flaky.outcome('lib/src/flaky.spec.ts')).toBe('flaky');
  expect(exists('lib/src/flaky.spec.ts')).toBe(false);
});

it("puts back Codex's edits outside the allowed writes: the project's source stays as it was", async () => {
  const { result, outcome } = await loop([
    { 'src/a.ts': 'export const a = 2; // changed by Codex\n', 'src/new.spec.ts': testFile({ covers: [3] }) },
  ]);
  expect(read(repo, SOURCE)).toBe('export const a = 1;\n');
  expect(result.rejected).toEqual([
    expect.objectContaining({ path: SOURCE, kind: 'modified', restored: true, round: 1 }),
  ]);
  expect(outcome('lib/src/new.spec.ts')).toBe('kept');
});
