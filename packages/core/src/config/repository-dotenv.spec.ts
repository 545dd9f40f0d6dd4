import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CodexConfigError } from './errors';
import { loadSettings } from './load-settings';
import { configFixture, type ConfigFixture } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => {
  fx = configFixture();
  execFileSync('git', ['init', '-q', fx.workspace]);
});
afterEach(() => fx.cleanup());

const load = (env: Record<string, string | undefined>, projectRoot?: string) =>
  loadSettings({ workspaceRoot: fx.workspace, projectRoot, env });

function refusal(fn: () => unknown): CodexConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodexConfigError);
    return error as CodexConfigError;
  }
  throw new Error('expected a CodexConfigError');
}

describe('loadSettings: a CODEX_HOME that a dotenv file of the repository chose', () => {
  it('refuses it at the file and line that set it, saying what to do', () => {
    const file = fx.write('ws/.env', `# settings\nexport CODEX_HOME="${fx.home}" # ours\n`);
    const error = refusal(() => load({ CODEX_HOME: fx.home }));
    expect({ file: error.file, line: error.line }).toEqual({ file, line: 2 });
    expect(error.message).toContain(`CODEX_HOME=${fx.home} comes from ${file}:2, a dotenv file of the repository`);
    expect(error.message).toContain('set CODEX_HOME in your shell or CI environment');
  });

  it("finds it in a project's target-specific file, relative and with $VARIABLES expanded", () => {
    const file = fx.write('ws/libs/a/.env.codex-review', 'CODEX_HOME=${PWD_LIKE}/../../../home\n');
    const error = refusal(() => load({ CODEX_HOME: fx.home, PWD_LIKE: path.join(fx.workspace, 'libs/a') }, 'libs/a'));
    expect(error.file).toBe(file);
    fx.write('ws/.codex-review.local.env', `CODEX_HOME=../home\n`);
    expect(refusal(() => load({ CODEX_HOME: fx.home })).file).toBe(path.join(fx.workspace, '.codex-review.local.env'));
  });

  it('keeps a CODEX_HOME the user set (another value than the file), or one from a git-ignored file', () => {
    fx.write('ws/.env', 'CODEX_HOME=/srv/repository-home\n');
    expect(load({ CODEX_HOME: fx.home }).codexHome).toBe(fx.home);
    fx.write('ws/.gitignore', '.env.local\n');
    fx.write('ws/.env.local', `CODEX_HOME=${fx.home}\n`);
    expect(load({ CODEX_HOME: fx.home }).codexHome).toBe(fx.home);
    expect(load({}).codexHome).toBe(path.join(os.homedir(), '.codex'));
  });
});

describe('loadSettings: a CODEX_BIN that a dotenv file of the repository chose', () => {
  it('refuses it at its file and line: the repository may not choose the program started as codex', () => {
    const file = fx.write('ws/.env', 'CODEX_BIN=./tools/not-codex.sh\n');
    const error = refusal(() => load({ CODEX_BIN: './tools/not-codex.sh' }));
    expect({ file: error.file, line: error.line }).toEqual({ file, line: 1 });
    expect(error.message).toContain('A repository may not choose the program nx-codex starts as codex');
    expect(error.message).toContain('set CODEX_BIN in your shell or CI environment');
  });

  it('keeps a CODEX_BIN the user set to another program than the file names', () => {
    fx.write('ws/.env', 'CODEX_BIN=./tools/not-codex.sh\n');
    expect(() => load({ CODEX_BIN: '/usr/local/bin/codex' })).not.toThrow();
  });
});
