/** runReview on a real workspace in a temporary folder; only the Codex client (the process boundary) is scripted. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCodexClient } from '../codex/client';
import { CodexError } from '../codex/errors';
import type { CodexCallOptions } from '../codex/types';
import { runReview } from './run-review';
import { fakeCodexClient, reviewAnswer, usageOf, writeVersionOnlyCodex, type Answerer } from './testing/fake-codex';
import type { ReviewRequest } from './types';

jest.mock('../codex/client', () => ({ ...jest.requireActual('../codex/client'), createCodexClient: jest.fn() }));
const createCodexClientMock = createCodexClient as jest.MockedFunction<typeof createCodexClient>;

// Assembled at run time so that this file holds no detectable token.
const GITHUB_TOKEN = ['ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');
const ONE = 'libs/a/src/one.ts';
const TWO = 'libs/a/src/two.ts';
const REPORTS = ['review.json', 'review.md', 'review.sarif', 'review.rdjson'];

let root: string;
let lines: string[];
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const outputDir = () => path.join(root, 'dist/codex-review/a');
const reportsLeft = () => REPORTS.filter((file) => existsSync(path.join(outputDir(), file)));
const readResult = () => JSON.parse(readFileSync(path.join(outputDir(), 'review.json'), 'utf8'));

/** The reviewed files a prompt carries, as the model would read them from it. */
const filesIn = (options: CodexCallOptions) => [ONE, TWO].filter((file) => options.prompt.includes(`File: ${file}\n`));
const answerEachFile: Answerer = async (options) => ({ structured: reviewAnswer(filesIn(options)) });

/** The scripted client; `opened` counts the clients runReview created (the overhead probe's included). */
function useCodex(answer: Answerer) {
  const client = Object.assign(fakeCodexClient(answer), { opened: 0 });
  createCodexClientMock.mockImplementation(async () => {
    client.opened += 1;
    return client;
  });
  return client;
}

/** chunkTokens 1 puts each file in a chunk of its own. */
const review = (extra: Partial<ReviewRequest> = {}) =>
  runReview({
    workspaceRoot: root,
    project: 'a',
    projectRoot: 'libs/a',
    outputDir: outputDir(),
    codexPath: writeVersionOnlyCodex(path.join(root, '.bin')),
    model: 'gpt-5.5',
    chunkTokens: 1,
    concurrency: 1,
    env: { CODEX_HOME: path.join(root, '.home'), PATH: process.env.PATH },
    log: (line) => lines.push(line),
    print: () => undefined,
    ...extra,
  });

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'nx-codex-run-review-')));
  lines = [];
  mkdirSync(path.join(root, '.home'));
  write('.gitignore', 'dist\n.bin\n.home\n.nx\n');
  write(ONE, 'export const one = 1;\n');
  write(TWO, 'export const two = 2;\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('reviews each chunk, merges their findings and usage into the reports, and reuses them for the same inputs', async () => {
  const codex = useCodex(answerEachFile);
  const outcome = await review();
  expect(codex.calls.map(filesIn)).toEqual([[ONE], [TWO]]);
  expect(outcome).toMatchObject({ reused: false, gateFailed: false });
  expect(outcome.result).toMatchObject({ chunks: 2, filesReviewed: [ONE, TWO], verdict: 'no-blocking-findings' });
  expect(outcome.result.findings.map((finding) => finding.file)).toEqual([ONE, TWO]);
  expect(readResult()).toMatchObject({
    findings: [{ file: ONE }, { file: TWO }],
    usage: { inputTokens: 200, outputTokens: 20 },
    chunkResults: [{ source: 'sent' }, { source: 'sent' }],
  });
  expect(reportsLeft()).toEqual(REPORTS);
  expect(codex.closed).toBe(codex.opened);

  const again = await review({ failOn: 'P2' });
  expect(again).toMatchObject({ reused: true, gateFailed: true });
  expect(codex.calls).toHaveLength(2);
});

it('fails when a model call fails: the old reports are removed, nothing looks complete, and the failed chunk is not kept', async () => {
  useCodex(answerEachFile);
  await review();
  write(ONE, 'export const one = 11;\n');
  write(TWO, 'export const two = 22;\n');
  const failing = useCodex(async (options) => {
    if (filesIn(options).includes(TWO)) throw new CodexError('the model refused the request', { kind: 'model' });
    return answerEachFile(options);
  });
  await expect(review()).rejects.toThrow('the model refused the request');
  expect(reportsLeft()).toEqual([]);
  expect(failing.closed).toBe(failing.opened);

  // The next run re-sends the failed chunk only: the one answered before the failure was stored.
  const next = useCodex(answerEachFile);
  const outcome = await review();
  expect(next.calls.map(filesIn)).toEqual([[TWO]]);
  expect(outcome.result.chunkResults?.map((chunk) => chunk.source)).toEqual(['local', 'sent']);
});

it('stops at the task budget: the call that would cross it is not made and the review fails without reports', async () => {
  // The first call reports far more than its estimate: the second no longer fits.
  const codex = useCodex(async (options) => ({
    structured: reviewAnswer(filesIn(options)),
    usage: usageOf(60_000),
  }));
  await expect(review({ maxTaskTokens: 50_000 })).rejects.toThrow(/Task budget reached.*The call was not made/);
  expect(codex.calls.map(filesIn)).toEqual([[ONE]]);
  expect(reportsLeft()).toEqual([]);
});

it('redacts a secret before the client sees the prompt, and reports it as a finding of its own', async () => {
  write(ONE, `export const token = "${GITHUB_TOKEN}";\n`);
  const codex = useCodex(answerEachFile);
  const outcome = await review({ chunkTokens: undefined });
  expect(codex.calls).toHaveLength(1);
  const prompt = codex.calls[0].prompt;
  expect(prompt).not.toContain(GITHUB_TOKEN);
  expect(prompt).toMatch(/\[REDACTED:[a-z-]+\]/);
  expect(outcome.result.findings).toContainEqual(
    expect.objectContaining({ file: ONE, startLine: 1, title: expect.stringMatching(/^Secret in source/) }),
  );
  expect(readFileSync(path.join(outputDir(), 'review.json'), 'utf8')).not.toContain(GITHUB_TOKEN);
  expect(lines.join('\n')).toMatch(/secret scan: 1 secret\(s\) redacted/);
});

it('stops when cancelled during a call: the review fails, writes no reports and closes the client', async () => {
  const controller = new AbortController();
  const codex = useCodex(
    (options) =>
      new Promise((_resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new CodexError('cancelled', { kind: 'cancelled' })));
        controller.abort(new Error('Ctrl-C'));
      }),
  );
  await expect(review({ signal: controller.signal })).rejects.toThrow('cancelled');
  expect(codex.calls).toHaveLength(1);
  expect(reportsLeft()).toEqual([]);
  expect(codex.closed).toBe(codex.opened);
});

it('refuses the removed mcp transport before anything is read, run or removed', async () => {
  const codex = useCodex(answerEachFile);
  await review();
  expect(reportsLeft()).toEqual(REPORTS);
  write(ONE, 'export const one = 11;\n');
  const error = await review({ transport: 'mcp' }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CodexError);
  expect((error as CodexError).kind).toBe('invalid-options');
  expect((error as CodexError).message).toContain('Remove the `transport` option (or set it to "exec")');
  expect(reportsLeft()).toEqual(REPORTS);
  expect(codex.opened).toBe(2);
  expect(lines.filter((line) => line.startsWith('reviewing'))).toHaveLength(1);
});
