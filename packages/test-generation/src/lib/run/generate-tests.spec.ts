/**
 * generateTests end to end on a real git repository (real checkout, confinement, copy-back and
 * report); only Codex (the client) and the test runner (runTests) are scripted: testing/fakes.ts.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CodexError, createCodexClient } from '@nx-codex/core';
import { runTests } from '../tests/test-run';
import { git, read, write } from '../workspace/testing/git-repo';
import { generateTests } from './generate-tests';
import { fakeJest, scriptedCodex, testFile, type Turn } from './testing/fakes';
import type { GenerateRequest } from './types';

jest.mock('@nx-codex/core', () => ({ ...jest.requireActual('@nx-codex/core'), createCodexClient: jest.fn() }));
jest.mock('../tests/test-run', () => ({ ...jest.requireActual('../tests/test-run'), runTests: jest.fn() }));
const createCodexClientMock = createCodexClient as jest.MockedFunction<typeof createCodexClient>;
const runTestsMock = runTests as jest.MockedFunction<typeof runTests>;

const SOURCE = 'lib/src/a.ts';
let repo: string;

beforeEach(() => {
  repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'tg-generate-')));
  write(repo, '.gitignore', 'dist\n.home\n');
  write(repo, SOURCE, 'export const a = (x: number) => (x > 0 ? 1 : 2);\n');
  write(repo, 'lib/src/a.spec.ts', testFile({ covers: [1] }));
  write(repo, '.home/config.toml', 'model = "gpt-5.5"\n');
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'init');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

/** A run with Codex doing `turns` in the checkout's project folder and the fake Jest judging the checkout's files. */
async function generate(turns: Turn[], extra: Partial<GenerateRequest> = {}) {
  const codex = scriptedCodex(turns);
  createCodexClientMock.mockResolvedValue(codex);
  const jest = fakeJest(SOURCE);
  runTestsMock.mockImplementation(async (options) => jest.run(options.layout, options.only));
  const lines: string[] = [];
  const outcome = await generateTests({
    workspaceRoot: repo,
    project: 'lib',
    projectRoot: 'lib',
    outputDir: path.join(repo, 'dist/codex-generate-tests/lib'),
    testCommand: 'jest',
    env: { PATH: process.env.PATH, CODEX_HOME: path.join(repo, '.home') },
    log: (line) => lines.push(line),
    ...extra,
  });
  const onDisk = JSON.parse(readFileSync(outcome.reportFile, 'utf8'));
  return { outcome, codex, lines, onDisk };
}
const worktrees = () => git(repo, 'worktree', 'list').trim().split('\n').length;
const userStatus = () => git(repo, 'status', '--porcelain', '--untracked-files=all').trim();

it('asks Codex in a temporary checkout, validates, and hands back only the kept test', async () => {
  const { outcome, codex, onDisk } = await generate([
    { 'src/new.spec.ts': testFile({ covers: [1, 2] }), 'src/same.spec.ts': testFile({ covers: [1] }) },
  ]);
  expect(outcome.success).toBe(true);
  expect(codex.calls[0].prompt).toContain('export const a = (x: number)');
  expect(codex.calls[0].cwd).not.toContain(repo);
  expect(userStatus()).toBe('?? lib/src/new.spec.ts');
  expect(read(repo, 'lib/src/new.spec.ts')).toBe(testFile({ covers: [1, 2] }));
  expect(onDisk).toMatchObject({
    status: 'completed',
    files: [
      { path: 'lib/src/new.spec.ts', status: 'kept', coverageGain: { lines: 1 } },
      { path: 'lib/src/same.spec.ts', status: 'discarded', reason: 'no-new-coverage' },
    ],
    usage: { inputTokens: 100 },
    codex: { model: 'gpt-5.5', threadId: 'thread-1' },
  });
  expect(worktrees()).toBe(1);
  expect(codex.closed).toBe(1);
});

it("never overwrites the user's own file: a test the user wrote meanwhile stays, the generated one is saved aside", async () => {
  const { outcome, onDisk } = await generate([
    () => {
      write(repo, 'lib/src/new.spec.ts', 'my own test\n');
      return { 'src/new.spec.ts': testFile({ covers: [1, 2] }) };
    },
  ]);
  expect(outcome.success).toBe(true);
  expect(read(repo, 'lib/src/new.spec.ts')).toBe('my own test\n');
  expect(onDisk.files).toEqual([expect.objectContaining({ path: 'lib/src/new.spec.ts', status: 'conflict' })]);
  expect(read(repo, onDisk.files[0].savedAs)).toBe(testFile({ covers: [1, 2] }));
});

it('in a dry run writes the patch and leaves the working tree as it was', async () => {
  const { outcome, onDisk } = await generate([{ 'src/new.spec.ts': testFile({ covers: [1, 2] }) }], { dryRun: true });
  expect(outcome.success).toBe(true);
  expect(userStatus()).toBe('');
  expect(onDisk.patch).toBe('dist/codex-generate-tests/lib/tests.patch');
  expect(read(repo, onDisk.patch)).toContain('+++ b/lib/src/new.spec.ts');
});

it('when Codex fails: a failed report, the tree untouched, what Codex wrote kept in the run folder', async () => {
  const { outcome, onDisk } = await generate([
    (cwd) => {
      write(cwd, 'src/half.spec.ts', 'half written\n');
      throw new CodexError('the model refused the request', { kind: 'model' });
    },
  ]);
  expect(outcome.success).toBe(false);
  expect(onDisk).toMatchObject({
    status: 'failed',
    message: 'failed; your working tree was not touched',
    error: { message: 'the model refused the request' },
  });
  expect(userStatus()).toBe('');
  expect(read(repo, path.join(onDisk.savedCopies, 'lib/src/half.spec.ts'))).toBe('half written\n');
  expect(worktrees()).toBe(1);
});

it('Ctrl-C that reaches Codex before the run: reported cancelled, the tree untouched, what Codex wrote kept', async () => {
  const stop = new AbortController();
  const { outcome, onDisk } = await generate(
    [
      (cwd) => {
        write(cwd, 'src/half.spec.ts', 'half written\n');
        // Codex dies of the signal first; the executor's own abort follows.
        setImmediate(() => stop.abort(new Error('interrupted by SIGINT')));
        throw new CodexError('codex exited with code 1', { kind: 'model' });
      },
    ],
    { signal: stop.signal },
  );
  expect(outcome.success).toBe(false);
  expect(onDisk).toMatchObject({ status: 'cancelled', message: 'interrupted; your working tree was not touched' });
  expect(userStatus()).toBe('');
  expect(read(repo, path.join(onDisk.savedCopies, 'lib/src/half.spec.ts'))).toBe('half written\n');
  expect(worktrees()).toBe(1);
});

it('refuses to start on uncommitted changes in the project without calling Codex', async () => {
  write(repo, SOURCE, 'export const a = 3;\n');
  const { outcome, codex, onDisk } = await generate([{}]);
  expect(outcome.success).toBe(false);
  expect(onDisk).toMatchObject({ status: 'failed', message: 'refused to start' });
  expect(codex.calls).toHaveLength(0);
  expect(existsSync(path.join(repo, 'lib/src/new.spec.ts'))).toBe(false);
  expect(read(repo, SOURCE)).toBe('export const a = 3;\n');
});
