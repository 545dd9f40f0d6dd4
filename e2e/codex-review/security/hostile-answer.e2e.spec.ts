/**
 * A hostile model answer through real Nx, the real codex 0.169 CLI and tools/local-model, as a
 * GitHub Actions run sees it (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY): escapes, line breaks, workflow
 * commands, HTML, remote images, mentions, a fake verdict, huge sizes, bad paths and lines. Every
 * report, the terminal, the annotations (parsed as the runner parses them), the job summary and
 * `nx-codex summary` must carry none of it as active content.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, run, repoRoot as REPO_ROOT, type RunResult, type TempWorkspace } from '@nx-codex/testing';
import { expectSuccess, plain, testing, type LocalModel, type Scenario } from '../faults/helpers';
import { parseWorkflowCommands } from './hostile-answer.runner';

const ESC = '\x1b';
const ALPHA_FILE = 'libs/alpha/src/index.ts';
const ALPHA_LINES = 3;
const BETA_FILE = 'libs/beta/src/main.ts';

/** Each hostile element of the answer, by name: the figure of the report. */
const HOSTILE = {
  clearScreen: `${ESC}[2J${ESC}[H`,
  windowTitle: `${ESC}]0;PWNED-TITLE\x07`,
  hyperlink: `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`,
  carriageReturn: 'hidden\rOVERWRITE',
  bidi: 'if (isAdmin) \u202e } \u2066begin\u2069',
  c1: '\u009b31mC1',
  newlineAnnotation: '\n::error file=libs/alpha/src/index.ts,line=1,title=INJECTED::INJECTED-ANNOTATION',
  addMask: '\n::add-mask::INJECTED-MASK',
  stopCommands: '\n  ::stop-commands::INJECTED-STOP',
  legacyCommand: ' ##[error]INJECTED-LEGACY',
  htmlImage: '<img src="https://evil.example/pixel.png?d=HTML-BEACON">',
  htmlDetails: '</details><details open><summary>INJECTED-DETAILS</summary>',
  script: '<script>alert(1)</script>',
  markdownImage: '![beacon](https://evil.example/beacon.png?d=MD-BEACON)',
  referenceImage: '![ref][evil]\n\n[evil]: https://evil.example/ref.png?d=REF-BEACON',
  mentions: '@admin @nrwl/security-team please merge',
  fakeHeading: '\n## ✅ Codex review of `alpha`: no blocking findings\n',
  fakeSetext: '\nFAKE-VERDICT\n===\n',
} as const;

const hostileText = Object.values(HOSTILE).join(' ');
const HOSTILE_FINDING = {
  title: `Fix it${HOSTILE.clearScreen}${HOSTILE.windowTitle}${HOSTILE.newlineAnnotation}${HOSTILE.legacyCommand} ${HOSTILE.bidi} ${'T'.repeat(100_000)}`,
  body: `${hostileText}\n${'B'.repeat(1_000_000)}`,
  confidence_score: 0.9,
  priority: 0,
  code_location: { file_path: ALPHA_FILE, line_range: { start: 2 ** 53, end: 2 ** 53 + 5 } },
};
const at = (file_path: string, start: number, end: number) => ({ file_path, line_range: { start, end } });
const finding = (title: string, priority: number, location: ReturnType<typeof at>) => ({
  title,
  body: 'x',
  confidence_score: 0.5,
  priority,
  code_location: location,
});
const ALPHA_ANSWER = {
  findings: [
    HOSTILE_FINDING,
    finding('Reversed range', 2, at(ALPHA_FILE, 0, -7)),
    finding('Outside the workspace', 1, at('../../etc/passwd', 1, 1)),
    finding('Absolute outside', 1, at('/etc/hosts', 1, 1)),
    finding('Never reviewed', 1, at('libs/other/src/secret.ts', 1, 1)),
    finding('Path with a command', 1, at(`${ALPHA_FILE}\n::error::PATH-INJECTION`, 1, 1)),
    ...Array.from({ length: 300 }, (_, i) =>
      finding(`Filler ${i}`, 3, at(ALPHA_FILE, 1 + (i % ALPHA_LINES), 1 + (i % ALPHA_LINES))),
    ),
  ],
  overall_correctness: 'patch is correct',
  overall_explanation: `${HOSTILE.fakeHeading}${HOSTILE.htmlDetails}${HOSTILE.mentions} @everyone`,
  overall_confidence_score: 1,
};
const BETA_ANSWER = {
  findings: [finding('Log says beta', 2, at(BETA_FILE, 1, 1))],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'Only a nit.',
  overall_confidence_score: 0.8,
};
const SCENARIO = {
  name: 'hostile',
  steps: [
    {
      kind: 'match',
      rules: [
        { whenPromptContains: 'Nx project "alpha"', step: { kind: 'schema-json', value: ALPHA_ANSWER } },
        { whenPromptContains: 'Nx project "beta"', step: { kind: 'schema-json', value: BETA_ANSWER } },
      ],
    },
  ],
  repeat: 'last',
} as unknown as Scenario;

/** Anything a terminal or viewer acts on: escapes, C0 but \n and \t, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- the characters no output of ours may carry
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
let first: RunResult;
let stepSummary: string;

const reports = (project: string) => join(ws.dir, 'dist/codex-review', project);
const read = (project: string, name: string) => readFileSync(join(reports(project), name), 'utf8');
const githubEnv = () => ({ ...codexHome.env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary });
const reviewAll = () => ws.nx(['run-many', '-t', 'codex-review', '--projects=alpha,beta,gamma'], githubEnv());
const summary = (...args: string[]) =>
  run(process.execPath, [join(REPO_ROOT, 'packages/core/dist/cli/main.js'), 'summary', ...args], ws.dir, githubEnv());

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: SCENARIO });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: {
      alpha: { 'src/index.ts': 'export function ratio(a: number, b: number) {\n  return a / b;\n}\n' },
      beta: { 'src/main.ts': 'console.log("beta");\n' },
      gamma: { 'README.md': '# gamma\n' },
    },
    files: {
      'libs/gamma/project.json': JSON.stringify({
        name: 'gamma',
        targets: { 'codex-review': { options: { include: ['src/**/*.ts'] } } },
      }),
    },
  });
  stepSummary = join(ws.dir, 'step-summary.md');
  first = reviewAll();
  expectSuccess(first);
}, 600_000);
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

/** `value`, or a failure naming what is missing. */
function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

it('prints nothing a terminal acts on, and no model text starts a line', () => {
  const output = plain(first.output);
  expect(output).not.toMatch(ACTIVE);
  expect(output).not.toContain('PWNED-TITLE');
  for (const line of output.split('\n')) expect(line).not.toMatch(/^\s*(OVERWRITE|FAKE-VERDICT|INJECTED|## ✅)/);
  expect(output).toContain('[codex-review alpha] Codex review of alpha: changes needed (model confidence 1.00)');
  expect(output).toContain('[codex-review beta] Codex review of beta: no blocking findings (model confidence 0.80)');
  expect(output).toContain('[codex-review gamma] Codex review of gamma: nothing reviewed\n');
});

it('gives GitHub annotations at line start, parsed as the runner parses them: the right files, lines and titles, nothing injected', () => {
  const { commands, legacy } = parseWorkflowCommands(first.stdout);
  expect(legacy).toEqual([]);
  // Nx itself folds each task's output into a group on GitHub Actions: those are the only other commands.
  const others = commands.filter((c) => !['error', 'warning', 'notice'].includes(c.command));
  for (const other of others)
    expect(plain(other.line)).toMatch(/^::(group::✅ > nx run (alpha|beta|gamma):codex-review|endgroup::)$/);
  const kinds = commands.map((c) => c.command).filter((kind) => kind !== 'group' && kind !== 'endgroup');
  expect({
    error: kinds.filter((k) => k === 'error').length,
    warning: kinds.filter((k) => k === 'warning').length,
    notice: kinds.filter((k) => k === 'notice').length,
    all: kinds.length,
  }).toEqual({ error: 1, warning: 2, notice: 98, all: 101 });
  for (const command of commands.filter((c) => !others.includes(c))) {
    expect([ALPHA_FILE, BETA_FILE]).toContain(command.properties.file);
    // The injected commands are in the message as text: neutralised, so even a step that echoes the decoded message cannot run them.
    expect(command.message).not.toMatch(/^\s*::|##\[/m);
    expect(command.properties.title).toMatch(/^\[P[0-3]\] /);
    expect(`${command.properties.title}${command.message}`).not.toMatch(ACTIVE);
  }
  const p0 = found(
    commands.find((c) => c.command === 'error'),
    'the P0 error annotation',
  );
  expect(p0.properties).toMatchObject({ file: ALPHA_FILE, line: String(ALPHA_LINES), endLine: String(ALPHA_LINES) });
  expect(p0.properties.title.startsWith('[P0] Fix it ')).toBe(true);
  // "[P0] " + at most 200 characters of title, + the zero-width spaces that neutralise workflow commands.
  expect(p0.properties.title.replace(/\u200b/g, '').length).toBeLessThanOrEqual(205);
  const beta = found(
    commands.find((c) => c.properties.file === BETA_FILE),
    'the annotation of beta',
  );
  expect(beta).toMatchObject({
    command: 'warning',
    properties: { line: '1', endLine: '1', title: '[P2] Log says beta' },
    message: 'x',
  });
  const reversed = found(
    commands.find((c) => c.properties.title === '[P2] Reversed range'),
    'the reversed-range annotation',
  );
  expect(reversed.properties).toMatchObject({ file: ALPHA_FILE, line: '1', endLine: '1' });
});

it('records every dropped, clamped or cut finding in review.json, with the reason; the verdict comes from the findings', () => {
  const json = JSON.parse(read('alpha', 'review.json'));
  expect(json).toMatchObject({ verdict: 'changes-needed', modelVerdict: 'patch is correct' });
  expect(json.findings).toHaveLength(100);
  for (const f of json.findings) {
    expect(f.startLine).toBeGreaterThanOrEqual(1);
    expect(f.endLine).toBeLessThanOrEqual(ALPHA_LINES);
    expect(f.file).toBe(ALPHA_FILE);
    expect(f.title.length).toBeLessThanOrEqual(200);
    expect(f.body.length).toBeLessThanOrEqual(4000);
  }
  const reasons = json.findingNotes.map((n: { reason: string }) => n.reason);
  expect(new Set(reasons)).toEqual(
    new Set([
      'title-too-long',
      'body-too-long',
      'line-out-of-range',
      'outside-workspace',
      'file-not-reviewed',
      'too-many-findings',
    ]),
  );
  expect(reasons.filter((r: string) => r === 'outside-workspace')).toHaveLength(2);
  expect(reasons.filter((r: string) => r === 'file-not-reviewed')).toHaveLength(2);
  expect(JSON.stringify(json)).not.toMatch(/\\u001b|\\u0007|\\u202e|\\r/);
  expect(JSON.parse(read('beta', 'review.json'))).toMatchObject({
    verdict: 'no-blocking-findings',
    modelVerdict: 'patch is incorrect',
  });
  expect(JSON.parse(read('gamma', 'review.json'))).toMatchObject({ verdict: 'nothing-reviewed', filesReviewed: [] });
});

it('renders review.md and the job summary as inert Markdown under the comment limit', () => {
  for (const markdown of [read('alpha', 'review.md'), readFileSync(stepSummary, 'utf8')]) {
    expect(markdown).not.toMatch(ACTIVE);
    expect(markdown).not.toMatch(
      /<img|<script|<details open|\]\(https:\/\/evil|\]: https:\/\/evil[^\n]*\n[\s\S]*!\[ref\]\[evil\]/,
    );
    expect(markdown).not.toMatch(/(^|[^;\w])@(admin|everyone|nrwl\/security-team)/m);
    expect(markdown).not.toMatch(/^\s*::|##\[/m);
    const headings = markdown.split('\n').filter((line) => /^\s{0,3}#{1,6}\s/.test(line) || /^\s*=+\s*$/.test(line));
    for (const heading of headings)
      expect(heading).toMatch(
        /^(## (❌|✅|⚪) Codex review of `(alpha|beta|gamma)`: (changes needed|no blocking findings|nothing reviewed)|### P[0-3] · )/,
      );
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  }
  const summary = readFileSync(stepSummary, 'utf8');
  expect(summary).toContain('Codex review of `alpha`');
  expect(summary).not.toContain('Codex review of `gamma`'); // nothing reviewed: no empty section in the job summary
  const alpha = read('alpha', 'review.md');
  expect(alpha.length).toBeLessThanOrEqual(65_536);
  expect(alpha).toContain('(image removed: beacon)');
  expect(alpha).toContain('@&#8203;admin');
  expect(alpha).toContain('findings of the model dropped or adjusted');
  expect(alpha).not.toContain('patch is correct');
});

it('writes SARIF that validates and rdjson that reviewdog can post, both inert', () => {
  const sarif = testing.validateSarif(join(reports('alpha'), 'review.sarif'));
  expect({ completed: sarif.completed, problems: sarif.problems }).toEqual({ completed: true, problems: [] });
  const sarifText = read('alpha', 'review.sarif');
  expect(sarifText).not.toMatch(/\\u001b|\\u0007|\\u202e|\\r|\\n::|##\[/);
  const rdjson = JSON.parse(read('alpha', 'review.rdjson'));
  for (const diagnostic of rdjson.diagnostics) {
    expect(diagnostic.message).not.toMatch(ACTIVE);
    expect(diagnostic.message).not.toMatch(/<img|<script|\]\(https:\/\/evil|(^|[^;\w])@admin/m);
  }
});

it('sums up the run in one comment and one SARIF, telling reviews of this run from Nx cache hits', () => {
  const fresh = summary('--step-summary');
  expect(fresh.code).toBe(0);
  expect(fresh.stdout).toContain('  alpha: changes needed (P0 1, P1 0, P2 1, P3 98) [reviewed now]');
  expect(fresh.stdout).toContain('  beta: no blocking findings (P0 0, P1 0, P2 1, P3 0) [reviewed now]');
  // Every project ran in this run and printed its own annotations: the summary adds none.
  expect(parseWorkflowCommands(fresh.stdout).commands).toEqual([]);
  const comment = readFileSync(join(ws.dir, 'dist/codex-review-summary/summary.md'), 'utf8');
  expect(comment.startsWith('## ❌ Codex review of 3 projects: changes needed\n')).toBe(true);
  expect(comment).toContain('**Projects:** 3 reviewed now, 0 from the Nx cache, 0 reused');
  expect(comment.length).toBeLessThanOrEqual(65_536);
  expect(comment).not.toMatch(ACTIVE);
  expect(comment).not.toMatch(/<img|\]\(https:\/\/evil|(^|[^;\w])@admin/m);
  expect(testing.validateSarif(join(ws.dir, 'dist/codex-review-summary/summary.sarif')).problems).toEqual([]);

  rmSync(join(ws.dir, 'dist'), { recursive: true, force: true });
  const again = reviewAll();
  expectSuccess(again);
  expect(plain(again.output)).toMatch(/local cache/);
  // Nx replays the task's terminal output: the annotations are again at the start of their lines.
  expect(parseWorkflowCommands(again.stdout).commands.filter((c) => c.command === 'error')).toHaveLength(1);
  const cached = summary();
  expect(cached.stdout).toContain('  alpha: changes needed (P0 1, P1 0, P2 1, P3 98) [Nx cache]');
  // A cache hit replays the output of the run that filled the cache, which had annotations only if it
  // ran on Actions: the summary prints those of the cached projects, at line start, as the runner reads them.
  const fromSummary = parseWorkflowCommands(cached.stdout).commands;
  expect(fromSummary.filter((c) => c.command === 'error')).toHaveLength(1);
  expect(fromSummary.length).toBe(
    JSON.parse(read('alpha', 'review.json')).findings.length + JSON.parse(read('beta', 'review.json')).findings.length,
  );
  expect(readFileSync(join(ws.dir, 'dist/codex-review-summary/summary.md'), 'utf8')).toContain(
    '**Projects:** 0 reviewed now, 3 from the Nx cache, 0 reused · **Tokens this run:** 0',
  );
});
