/**
 * The review target's settings fingerprint (its `runtime` cache input) through real `nx run`: a
 * model change in CODEX_HOME/config.toml is a cache miss, and a cache hit with unchanged settings
 * starts no node for the fingerprint. Every `node` the fingerprint script starts goes through a
 * PATH shim that records its arguments (nx itself runs on process.execPath, not through PATH).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, type TempWorkspace, startLocalModel, createCodexHome } from '@nx-codex/testing';

const ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Fine.',
  overall_confidence_score: 0.9,
};
const CACHED = /local cache|existing outputs match the cache/;

type Model = { url: string; requests(): Promise<unknown[]>; stop(): Promise<void> };
let model: Model;
let codexHome: { dir: string; configPath: string; env: Record<string, string>; cleanup(): void };
let ws: TempWorkspace;
let shimDir: string;
const nodeLog = () => join(shimDir, 'node-calls.log');
const fingerprintNodeStarts = () => {
  let text = '';
  try {
    text = readFileSync(nodeLog(), 'utf8');
  } catch {
    return 0;
  }
  return text.split('\n').filter((line) => line.includes('cli/main.js fingerprint')).length;
};

beforeAll(async () => {
  model = await startLocalModel({
    scenario: { name: 'answer', steps: [{ kind: 'schema-json', value: ANSWER }], repeat: 'last' },
  });
  codexHome = createCodexHome({ baseUrl: model.url });
  shimDir = mkdtempSync(join(tmpdir(), 'node-shim-'));
  writeFileSync(
    join(shimDir, 'node'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${nodeLog()}'\nexec '${process.execPath}' "$@"\n`,
  );
  chmodSync(join(shimDir, 'node'), 0o755);
  ws = createWorkspace({ projects: { alpha: { 'src/index.ts': 'export const alpha = 1;\n' } } });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
  rmSync(shimDir, { recursive: true, force: true });
});

const review = () => ws.nx(['run', 'alpha:codex-review'], { ...codexHome.env, PATH: `${shimDir}:${process.env.PATH}` });

it('a model change in CODEX_HOME/config.toml is a cache miss; unchanged settings are a hit that starts no node for the fingerprint', async () => {
  const first = review();
  expect(first.code).toBe(0);
  expect(first.output).not.toMatch(CACHED);
  const calls = (await model.requests()).length;
  expect(calls).toBeGreaterThan(0);

  const startsBefore = fingerprintNodeStarts();
  const hit = review();
  expect(hit.code).toBe(0);
  expect(hit.output).toMatch(CACHED);
  expect(fingerprintNodeStarts()).toBe(startsBefore);

  const original = readFileSync(codexHome.configPath, 'utf8');
  expect(original).toMatch(/^model = "[^"]+"$/m);
  writeFileSync(codexHome.configPath, original.replace(/^model = "[^"]+"$/m, 'model = "gpt-other-model"'));
  const miss = review();
  expect(miss.code).toBe(0);
  expect(miss.output).not.toMatch(CACHED);
  expect((await model.requests()).length).toBeGreaterThan(calls);
  expect(fingerprintNodeStarts()).toBeGreaterThan(startsBefore);

  writeFileSync(codexHome.configPath, original);
  const back = review();
  expect(back.code).toBe(0);
  expect(back.output).toMatch(CACHED);
});

it('refuses a Codex config over the size limit with a message that names the file', () => {
  const original = readFileSync(codexHome.configPath, 'utf8');
  try {
    writeFileSync(codexHome.configPath, `${original}\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const result = review();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`${codexHome.configPath} is 2.0 MB; nx-codex reads settings files of at most 1 MB`);
  } finally {
    writeFileSync(codexHome.configPath, original);
  }
});
