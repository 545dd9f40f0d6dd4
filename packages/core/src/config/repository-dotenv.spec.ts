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

  it("compares the value as Nx leaves it: a project's file is not resolved against the project's folder", () => {
    // Nx does not resolve `home`; codex resolves it against the task's cwd (the workspace root).
    const file = fx.write('ws/libs/a/.env', 'CODEX_HOME=home\n');
    const error = refusal(() => load({ CODEX_HOME: 'home' }, 'libs/a'));
    expect({ file: error.file, line: error.line }).toEqual({ file, line: 1 });
    expect(() => load({ CODEX_HOME: path.join(fx.workspace, 'libs/a/home') }, 'libs/a')).not.toThrow();
  });

  it("expands the file as Nx's dotenv-expand does: ${X:-default}, $X and ${X}, in target-specific files", () => {
    const file = fx.write('ws/.env', `CODEX_HOME=\${UNSET:-${fx.home}}\n`);
    expect(refusal(() => load({ CODEX_HOME: fx.home })).file).toBe(file);
    const target = fx.write('ws/libs/a/.env.codex-review', 'CODEX_HOME=${BASE}/x\n');
    expect(refusal(() => load({ CODEX_HOME: '/srv/x', BASE: '/srv' }, 'libs/a')).file).toBe(target);
    fx.write('ws/.codex-review.local.env', 'CODEX_HOME=$BASE/y\n');
    expect(refusal(() => load({ CODEX_HOME: '/srv/y', BASE: '/srv' })).file).toBe(
      path.join(fx.workspace, '.codex-review.local.env'),
    );
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

describe('loadSettings: any variable codex receives, from a dotenv file of the repository', () => {
  it("refuses a proxy, a CA certificate or a CODEX_* setting the repository chose, and keeps the user's", () => {
    const file = fx.write('ws/.env', 'NODE_ENV=development\nHTTP_PROXY=http://127.0.0.1:9/\n');
    const error = refusal(() => load({ HTTP_PROXY: 'http://127.0.0.1:9/', NODE_ENV: 'development' }));
    expect({ file: error.file, line: error.line }).toEqual({ file, line: 2 });
    expect(error.message).toContain(
      "A repository may not route Codex's requests, with your credentials, through a proxy",
    );
    expect(error.message).toContain('or in a git-ignored .env.local');
    expect(() => load({ HTTP_PROXY: 'http://proxy.corp:3128/', NODE_ENV: 'development' })).not.toThrow();

    fx.write('ws/.env', 'NODE_EXTRA_CA_CERTS=./ca.pem\nCODEX_REFRESH_TOKEN_URL_OVERRIDE=http://127.0.0.1:9/\n');
    expect(refusal(() => load({ NODE_EXTRA_CA_CERTS: './ca.pem' })).line).toBe(1);
    expect(refusal(() => load({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:9/' })).line).toBe(2);
  });

  it('leaves a variable codex never receives, one that only shapes its output, and a git-ignored file, alone', () => {
    fx.write('ws/.env', 'NODE_ENV=development\nDB_PASSWORD=x\nTZ=UTC\nLANG=C.UTF-8\n');
    expect(() => load({ NODE_ENV: 'development', DB_PASSWORD: 'x', TZ: 'UTC', LANG: 'C.UTF-8' })).not.toThrow();
    fx.write('ws/.gitignore', '.env.local\n');
    fx.write('ws/.env.local', 'HTTPS_PROXY=http://127.0.0.1:9/\n');
    expect(() => load({ HTTPS_PROXY: 'http://127.0.0.1:9/' })).not.toThrow();
  });
});
