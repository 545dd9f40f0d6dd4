/**
 * Broken Codex settings through `nx run`: errors stop the review before any model call with the
 * file and line and what to do, never a stack trace; warnings are shown with file and line and
 * the review runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type RunResult, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  expectNoReport,
  expectWholeReport,
  requestsSince,
  requestCount,
  STACK_FRAME,
  testing,
  type LocalModel,
} from './helpers';

interface BadSettings {
  name: string;
  /** `workspace`: .codex/config.toml of the workspace; `user`: $CODEX_HOME/config.toml. */
  where: 'workspace' | 'user';
  content: string | Buffer;
  outcome: 'error' | 'warning';
  /** Lines the message must name as `file:line`. */
  lines: number[];
  message: RegExp;
}

const CASES: BadSettings[] = [
  {
    name: 'a TOML syntax error',
    where: 'workspace',
    content: 'model = "gpt-5.5"\n[features\nplugins = false\n',
    outcome: 'error',
    lines: [2],
    message:
      /TOML syntax error in workspace Codex config: [^\n]+\n2 \| \[features\n[^\n]*\^\nFix the TOML at that line/,
  },
  {
    name: 'a value of the wrong type',
    where: 'workspace',
    content: 'model = "gpt-5.5"\nmodel_reasoning_effort = 3\n',
    outcome: 'error',
    lines: [2],
    message: /`model_reasoning_effort` must be a non-empty string, not [^.]*3[^.]*\. Fix it in /,
  },
  {
    name: 'a file that is not UTF-8',
    where: 'workspace',
    content: Buffer.concat([
      Buffer.from('model = "gpt-5.5"\ninstructions = "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]),
    outcome: 'error',
    lines: [2],
    message:
      /:2:20: workspace Codex config is not valid UTF-8 \(byte 0xE9 at offset 37\)\. Codex refuses such a file too: re-save it as UTF-8\./,
  },
  {
    name: 'a top-level profile = "x" in the user config',
    where: 'user',
    content: 'profile = "x"\n',
    outcome: 'error',
    lines: [1],
    message:
      /`profile = "x"` is no longer supported: Codex 0\.169 stops with [^\n]*Choose the profile per run instead: `codex -p x`/,
  },
  {
    name: 'an unknown key',
    where: 'workspace',
    content: 'model = "gpt-5.5"\nmodle = "gpt-5.5"\n',
    outcome: 'warning',
    lines: [2],
    message: /unknown Codex setting `modle`; Codex 0\.169\.0 ignores it [^\n]*Did you mean `model`\?/i,
  },
  {
    name: "the seed guide's keys (sandbox, max_tokens, [git])",
    where: 'workspace',
    content: 'sandbox = "read-only"\nmax_tokens = 2000\n\n[git]\nauto_commit = false\n',
    outcome: 'warning',
    lines: [1, 2, 4],
    message:
      /`sandbox` is not a Codex setting[^\n]*Rename it to `sandbox_mode`[\s\S]*`max_tokens` is not a Codex setting[\s\S]*`\[git\]` is not a Codex setting/,
  },
  {
    name: 'a top-level profile = "x" in the workspace config',
    where: 'workspace',
    content: 'profile = "x"\n',
    outcome: 'warning',
    lines: [1],
    message: /`profile` is ignored in a project's \.codex\/config\.toml/,
  },
];

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
let userConfig: string;

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers() });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  userConfig = readFileSync(codexHome.configPath, 'utf8');
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
});
beforeEach(() => {
  ws = createWorkspace({ projects: { alpha: { 'src/index.ts': 'export const a = 1;\n' } } });
  writeFileSync(codexHome.configPath, userConfig);
});
afterEach(() => ws.cleanup());

/** The user config with `extra` as its first lines. */
function prependToUserConfig(extra: string | Buffer): void {
  writeFileSync(codexHome.configPath, Buffer.concat([Buffer.from(extra), Buffer.from(userConfig)]));
}

function expectCleanFailure(result: RunResult, message: RegExp, place: string[]): void {
  expect(result.code).not.toBe(0);
  expect(result.output).toMatch(message);
  for (const where of place) expect(result.output).toContain(where);
  expect(result.output).not.toMatch(STACK_FRAME);
  expect(result.output).not.toMatch(/please report it|Require stack|TypeError|ReferenceError/);
}

it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
  const file = bad.where === 'workspace' ? join(ws.dir, '.codex/config.toml') : codexHome.configPath;
  if (bad.where === 'workspace') ws.write('.codex/config.toml', bad.content as string);
  else prependToUserConfig(bad.content);
  const before = await requestCount(model);
  const result = ws.nx(['run', 'alpha:codex-review'], codexHome.env);
  const places = bad.lines.length ? bad.lines.map((line) => `${file}:${line}`) : [file];
  if (bad.outcome === 'error') {
    expectCleanFailure(result, bad.message, places);
    expect(await requestsSince(model, before)).toHaveLength(0);
    expectNoReport(ws, 'alpha');
  } else {
    expect(result.code).toBe(0);
    expect(result.output).toMatch(bad.message);
    for (const where of places) expect(result.output).toContain(`warning: ${where}`);
    expect(await requestsSince(model, before)).toHaveLength(1);
    expectWholeReport(ws, 'alpha');
  }
});

it('an unreadable config file (checked as an unprivileged user: root reads any file)', async () => {
  const file = join(ws.dir, '.codex/config.toml');
  ws.write('.codex/config.toml', 'model = "gpt-5.5"\n');
  chmodSync(file, 0o000);
  // The workspace and CODEX_HOME belong to `nobody`, who runs nx; the config file stays unreadable to it.
  for (const dir of [ws.dir, codexHome.dir]) chownRecursive(dir, 65534, 65534);
  const before = await requestCount(model);
  const result = ws.nx(
    ['run', 'alpha:codex-review'],
    { ...codexHome.env, HOME: codexHome.dir },
    { uid: 65534, gid: 65534 },
  );
  expectCleanFailure(
    result,
    /workspace Codex config [^\n]*config\.toml cannot be read \(permission denied\)\. Give your user read access \(`chmod u\+r /,
    [file],
  );
  expect(await requestsSince(model, before)).toHaveLength(0);
  expectNoReport(ws, 'alpha');
});

function chownRecursive(dir: string, uid: number, gid: number): void {
  const result = spawnSync('chown', ['-R', `${uid}:${gid}`, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`chown -R ${dir} failed: ${result.stderr}`);
}
