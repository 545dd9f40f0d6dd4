import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// What Codex is given is decided before the files are scanned and prompts built (readReviewInputs, sync).
import { readReviewInputs } from './prepare-review';

import * as testing from '@nx-codex/testing';

let root: string;
let home: string;

function write(file: string, text: string): string {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'nx-codex-prepare-'));
  home = path.join(root, '.home');
  mkdirSync(home);
  writeFileSync(
    path.join(home, 'config.toml'),
    'model = "gpt-5.5"\nmodel_provider = "local"\n[model_providers.local]\nname = "local"\nbase_url = "http://127.0.0.1:1/v1"\nenv_key = "LOCAL_MODEL_KEY"\n',
  );
  write('libs/a/src/index.ts', 'export const a = 1;\n');
  write(
    '.codex/config.toml',
    'model = "gpt-5.5-mini"\n[mcp_servers.x]\ncommand = "sh"\n[features]\nshell_tool = true\n',
  );
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const prepare = async (extra: Record<string, unknown> = {}) => {
  const inputs = await readReviewInputs({
    workspaceRoot: root,
    project: 'a',
    projectRoot: 'libs/a',
    outputDir: path.join(root, 'dist'),
    codexPath: testing.codexBin('0.169'),
    env: { CODEX_HOME: home },
    ...extra,
  });
  return { ...inputs.codex, digest: inputs.digest };
};

describe('prepareReview: what Codex is given', () => {
  it('passes the allowed workspace keys, refuses the rest, and takes the shell away', async () => {
    const prepared = await prepare({ reasoningEffort: 'low' });
    expect(prepared.codexConfig).toEqual({
      model: 'gpt-5.5-mini',
      model_reasoning_effort: 'low',
      'features.shell_tool': false,
      'features.unified_exec': false,
    });
    expect(prepared.model).toBe('gpt-5.5-mini');
    expect(prepared.refused.map((entry) => [entry.key, entry.line])).toEqual([
      ['mcp_servers', 2],
      ['features', 4],
    ]);
    expect(prepared.passEnv).toEqual(['LOCAL_MODEL_KEY']);
  });

  it('with the trust option passes every key, but keeps the review read-only and the shell off', async () => {
    write(
      '.codex/config.toml',
      'sandbox_mode = "danger-full-access"\napproval_policy = "on-request"\n[features]\nshell_tool = true\n',
    );
    const prepared = await prepare({ trustCodexConfig: true });
    expect(prepared.refused).toEqual([]);
    expect(prepared.codexConfig).toEqual({
      features: { shell_tool: true },
      'features.shell_tool': false,
      'features.unified_exec': false,
    });
  });

  it('gives the shell back only when asked (shellTools), and then the digest differs', async () => {
    const without = await prepare();
    const withShell = await prepare({ shellTools: true });
    expect(withShell.codexConfig).toEqual({ model: 'gpt-5.5-mini' });
    expect(withShell.digest).not.toBe(without.digest);
  });
});
