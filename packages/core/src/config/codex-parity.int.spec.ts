// loadSettings against the real codex 0.169.0 (tools/local-model logs what model and effort codex
// asks for): the effective settings we compute, passed on with settingsToCodexArgs, are what codex uses.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CodexConfigError } from './errors';
import { loadSettings } from './load-settings';
import { settingsToCodexArgs } from './overrides';

import * as testing from '@nx-codex/testing';

let model: import('@nx-codex/testing').LocalModel;
let home: import('@nx-codex/testing').CodexHome;
let temp: { dir: string; cleanup(): void };
let workspace: string;

beforeAll(async () => {
  model = await testing.startLocalModel();
  home = testing.createCodexHome({ baseUrl: model.url, model: 'gpt-5.5' });
  // Top-level keys go before the offline config's tables.
  writeFileSync(home.configPath, `model_reasoning_effort = "low"\n${readFileSync(home.configPath, 'utf8')}`);
  writeFileSync(path.join(home.dir, 'fast.config.toml'), 'model = "gpt-5.4"\n');
  temp = testing.makeTempDir('nx-codex-parity-');
  workspace = path.join(temp.dir, 'ws');
  mkdirSync(path.join(workspace, '.codex'), { recursive: true });
  // An untrusted project: codex itself ignores this file.
  writeFileSync(path.join(workspace, '.codex', 'config.toml'), 'model_reasoning_effort = "high"\n');
});

afterAll(async () => {
  await model?.stop();
  home?.cleanup();
  temp?.cleanup();
});

async function codexAsks(
  args: string[],
): Promise<{ exitCode: number | null; model?: string; effort?: string; stderr: string }> {
  await model.reset();
  const run = await testing.runCodexExec({
    args: ['--json', '--skip-git-repo-check', '--ephemeral', ...args, 'Say hi.'],
    env: home.env,
    cwd: workspace,
    timeoutMs: 30_000,
  });
  const [request] = (await model.requests()).filter((logged) => logged.path.endsWith('/responses'));
  return {
    exitCode: run.exitCode,
    model: request?.body?.model,
    effort: request?.body?.reasoning?.effort,
    stderr: run.stderr,
  };
}

const load = (extra: { profile?: string; options?: Record<string, unknown> } = {}) =>
  loadSettings({ workspaceRoot: workspace, env: home.env, ...extra }).settings;

describe('parity with codex 0.169.0', () => {
  it('codex alone ignores the untrusted workspace config; with our args it uses the merged settings', async () => {
    const settings = load({ options: { model: 'gpt-5.4-mini' } });
    expect([settings.model?.value, settings.model_reasoning_effort?.value]).toEqual(['gpt-5.4-mini', 'high']);

    const alone = await codexAsks([]);
    expect([alone.exitCode, alone.model, alone.effort]).toEqual([0, 'gpt-5.5', 'low']);
    const withArgs = await codexAsks(settingsToCodexArgs(settings));
    expect([withArgs.exitCode, withArgs.model, withArgs.effort]).toEqual([0, 'gpt-5.4-mini', 'high']);
  });

  it('layers -p NAME the way codex does', async () => {
    const settings = load({ profile: 'fast' });
    expect(settings.model).toEqual({
      value: 'gpt-5.4',
      source: { kind: 'profile', file: path.join(home.dir, 'fast.config.toml'), line: 1 },
    });
    const run = await codexAsks(settingsToCodexArgs(settings));
    expect([run.exitCode, run.model, run.effort]).toEqual([0, 'gpt-5.4', 'high']);
  });

  it('a missing profile: codex silently runs without it, nx-codex stops', async () => {
    const run = await codexAsks(['-p', 'nosuch']);
    expect([run.exitCode, run.model]).toEqual([0, 'gpt-5.5']);
    expect(() => load({ profile: 'nosuch' })).toThrow(CodexConfigError);
  });

  it('a top-level `profile = "x"`: both codex and nx-codex stop', async () => {
    const original = readFileSync(home.configPath, 'utf8');
    try {
      writeFileSync(home.configPath, `profile = "fast"\n${original}`);
      const run = await codexAsks([]);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('legacy `profile = "fast"` config is no longer supported');
      expect(() => load()).toThrow(/`profile = "fast"` is no longer supported/);
    } finally {
      writeFileSync(home.configPath, original);
    }
  });
});
