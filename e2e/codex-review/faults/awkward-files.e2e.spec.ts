/**
 * Awkward files through `nx run`: names with spaces and non-ASCII letters are reviewed and cited;
 * symlinks out of the workspace are not followed (their targets never reach the model); binary,
 * non-UTF-8 and 50 MB files are skipped with a reason (the big one without even being opened);
 * an empty project succeeds without a model call and says so.
 */
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, run, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  CLEAN_ANSWER,
  expectSuccess,
  expectWholeReport,
  reportDir,
  requestsSince,
  requestCount,
  testing,
  type LocalModel,
} from './helpers';

const NX_BIN = join(__dirname, '../../../node_modules/nx/dist/bin/nx.js');
const SPACES = 'libs/awkward/src/my file.ts';
const UNICODE = 'libs/awkward/src/ünïcödé-файл.ts';
const BIG = 'libs/awkward/data/big.bin';
const BIG_BYTES = 50 * 1024 * 1024;

const finding = (file: string, title: string) => ({
  title,
  body: `A finding in ${file}.`,
  confidence_score: 0.8,
  priority: 2,
  code_location: { file_path: file, line_range: { start: 1, end: 1 } },
});
const AWKWARD_ANSWER = {
  findings: [finding(SPACES, 'Spaces finding'), finding(UNICODE, 'Unicode finding')],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Two notes.',
  overall_confidence_score: 0.8,
};

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
const outside = join(tmpdir(), `nx-codex-outside-${process.pid}`);

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers(AWKWARD_ANSWER) });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.ts'), 'export const OUTSIDE_MARKER = "must never reach the model";\n');
  ws = createWorkspace({
    projects: {
      awkward: {
        'src/my file.ts': 'export const SPACES_MARKER = 1;\n',
        'src/ünïcödé-файл.ts': 'export const UNICODE_MARKER = "ünïcödé";\n',
      },
      empty: { 'src/.gitkeep': '' },
    },
    // Nx must not hash the 50 MB file, so that any open of it traced below is the review's.
    files: {
      '.nxignore': 'libs/awkward/data/big.bin\n',
      // A second registration: the changes scope needs the compared commits in the cache key.
      'nx.json': JSON.stringify({
        plugins: [
          { plugin: '@nx-codex/codex-review/plugin', options: {} },
          {
            plugin: '@nx-codex/codex-review/plugin',
            options: { targetName: 'codex-review-changes', scope: 'changes', include: ['empty'] },
          },
        ],
      }),
    },
  });
  mkdirSync(join(ws.dir, 'libs/awkward/assets'));
  writeFileSync(
    join(ws.dir, 'libs/awkward/assets/logo.png'),
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from('BINARY'),
    ]),
  );
  writeFileSync(
    join(ws.dir, 'libs/awkward/src/latin1.txt'),
    Buffer.concat([Buffer.from('LATIN1_MARKER caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  );
  symlinkSync(join(outside, 'secret.ts'), join(ws.dir, 'libs/awkward/src/link-to-outside.ts'));
  symlinkSync(outside, join(ws.dir, 'libs/awkward/src/linked-dir'));
  mkdirSync(join(ws.dir, 'libs/awkward/data'));
  const fd = openSync(join(ws.dir, BIG), 'w');
  writeFileSync(fd, 'BIG_MARKER\n');
  ftruncateSync(fd, BIG_BYTES);
  closeSync(fd);
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

it('reviews awkward names, follows no symlink out, skips binary, non-UTF-8 and huge files with reasons, never opens the huge one', async () => {
  const before = await requestCount(model);
  const trace = join(ws.dir, '..', `nx-codex-strace-${process.pid}.txt`);
  // Every open of any file, in nx and everything it starts (the review executor, git, codex).
  const result = run(
    'strace',
    [
      '-f',
      '-qq',
      '--seccomp-bpf',
      '-e',
      'trace=open,openat,openat2',
      '-o',
      trace,
      process.execPath,
      NX_BIN,
      'run',
      'awkward:codex-review',
      '--outputStyle=static',
    ],
    ws.dir,
    codexHome.env,
  );
  const opens = readFileSync(trace, 'utf8');
  rmSync(trace, { force: true });
  expectSuccess(result);
  expect(opens).toContain('my file.ts'); // the trace works: the reviewed files were opened
  expect(opens).not.toContain('big.bin');

  const report = JSON.parse(readFileSync(join(reportDir(ws, 'awkward'), 'review.json'), 'utf8'));
  expect(report.filesReviewed).toEqual(['libs/awkward/project.json', SPACES, UNICODE]);
  const skipped = Object.fromEntries(
    report.filesSkipped.map((entry: { file: string; reason: string; detail: string }) => [
      entry.file,
      `${entry.reason}: ${entry.detail}`,
    ]),
  );
  expect(skipped).toEqual({
    'libs/awkward/assets/logo.png': 'binary: NUL byte in the first 8 KB',
    [BIG]: `too-large: ${BIG_BYTES} bytes > maxFileBytes 200000`,
    'libs/awkward/src/latin1.txt': 'not-utf8: not valid UTF-8',
    'libs/awkward/src/link-to-outside.ts': 'symlink: symbolic links are never followed',
    'libs/awkward/src/linked-dir': 'symlink: symbolic links are never followed',
  });
  expect(report.timings.fileSelectionMs).toBeLessThan(2000);

  // The findings keep their paths in every report, and the SARIF (URIs with spaces and non-ASCII) is valid.
  expect(report.findings.map((f: { file: string }) => f.file).sort()).toEqual([SPACES, UNICODE].sort());
  expect(result.output).toContain(`${SPACES}:1`);
  expect(result.output).toContain(`${UNICODE}:1`);
  const markdown = readFileSync(join(reportDir(ws, 'awkward'), 'review.md'), 'utf8');
  expect(markdown).toContain(SPACES);
  expect(markdown).toContain(UNICODE);
  const sarif = testing.validateSarif(join(reportDir(ws, 'awkward'), 'review.sarif'));
  expect({ completed: sarif.completed, problems: sarif.problems }).toEqual({ completed: true, problems: [] });

  const requests = await requestsSince(model, before);
  expect(requests).toHaveLength(1);
  const sent = JSON.stringify(requests[0].body);
  expect(sent).toContain('SPACES_MARKER');
  expect(sent).toContain('UNICODE_MARKER');
  expect(sent).toContain('my file.ts');
  expect(sent).toContain('ünïcödé-файл.ts');
  for (const marker of ['OUTSIDE_MARKER', 'LATIN1_MARKER', 'BIG_MARKER', 'BINARY']) expect(sent).not.toContain(marker);
});

it.each([
  [
    'a project with no source file yet',
    'codex-review',
    ['--include=src/**/*.ts'],
    'no file was selected (include/excludeFiles); no model call',
  ],
  [
    'a project without changes, in scope `changes`',
    'codex-review-changes',
    [],
    'no file of this project changed between main and the working tree; no model call',
  ],
])(
  'an empty review (%s): succeeds without calling the model, and says there was nothing to review',
  async (_name, target, options, why) => {
    await model.setScenario(answers(CLEAN_ANSWER));
    const before = await requestCount(model);
    const result = ws.nx(['run', `empty:${target}`, ...options], codexHome.env);
    expectSuccess(result);
    expect(result.output).toContain(`[codex-review empty] nothing to review: ${why}`);
    expect(result.output).not.toContain('reviewing 0 file(s)');
    expect(result.output).toContain('Files: 0 reviewed, 0 skipped');
    expect(await requestsSince(model, before)).toHaveLength(0);
    expectWholeReport(ws, 'empty');
    const report = JSON.parse(readFileSync(join(reportDir(ws, 'empty'), 'review.json'), 'utf8'));
    expect(report).toMatchObject({ filesReviewed: [], findings: [], chunks: 0, verdict: 'nothing-reviewed' });
    expect(report.modelVerdict).toBeUndefined();
    expect(result.output).toContain('Codex review of empty: nothing reviewed\n');
  },
);
