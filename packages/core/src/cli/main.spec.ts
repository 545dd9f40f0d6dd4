// The built CLI (packages/core/dist/cli/main.js, built by the test target's dependency on build) as a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { settingsFingerprint } from '../config/fingerprint';
import { loadSettings } from '../config/load-settings';
import { configFixture, type ConfigFixture } from '../config/testing/config-fixture';
import { PROMPT_VERSION } from '../review/prompt';
import { secretDetectorFingerprint } from '../secrets/options';

const MAIN = path.resolve(__dirname, '../../dist/cli/main.js');
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SECRET = 'sk-PLANTED-9f8e7d';

let fx: ConfigFixture;
let env: Record<string, string>;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx run core:build\` first.`);
});

beforeEach(() => {
  fx = configFixture();
  // HOME is the fixture root, so $CODEX_HOME = ~/.codex prints as such.
  env = { PATH: process.env.PATH ?? '', HOME: fx.root, CODEX_HOME: path.join(fx.root, '.codex') };
  fx.write(
    '.codex/config.toml',
    [
      '# user settings',
      'model = "gpt-5.5"',
      'model_provider = "local"',
      'sandbox = "read-only"',
      '[model_providers.local]',
      'name = "local"',
      `base_url = "http://127.0.0.1:4000/v1?key=${SECRET}"`,
      `http_headers = { Authorization = "Bearer ${SECRET}" }`,
    ].join('\n'),
  );
  fx.write('ws/nx.json', '{}');
  fx.write('ws/.codex/config.toml', 'sandbox_mode = "read-only"\n');
  fx.write('ws/libs/lib-a/project.json', JSON.stringify({ name: 'lib-a' }));
  fx.write('ws/libs/lib-a/.codex/config.toml', 'model_reasoning_effort = "high"\n');
  // The workspace's codex is the real one, as after `npm install -D @openai/codex`.
  mkdirSync(path.join(fx.workspace, 'node_modules', '@openai'), { recursive: true });
  symlinkSync(
    path.join(REPO_ROOT, 'node_modules', '@openai', 'codex'),
    path.join(fx.workspace, 'node_modules', '@openai', 'codex'),
  );
});
afterEach(() => fx.cleanup());

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: path.join(fx.workspace, 'libs'),
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('nx-codex config', () => {
  it('prints each effective setting with where it came from, the files and the warnings, and no secret', () => {
    const run = cli('config');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`Codex settings for ${fx.workspace}\n`);
    expect(out).toMatch(/\n {2}model += "gpt-5\.5" +\(~\/\.codex\/config\.toml:2\)\n/);
    expect(out).toMatch(/\n {2}model_provider += "local" +\(~\/\.codex\/config\.toml:3\)\n/);
    expect(out).toMatch(
      /\n {2}base_url += "http:\/\/127\.0\.0\.1:4000\/v1<credentials or query hidden>" +\(~\/\.codex\/config\.toml:7\)\n/,
    );
    expect(out).toMatch(/\n {2}sandbox_mode += "read-only" +\(\.codex\/config\.toml:1\)\n/);
    expect(out).toMatch(/\n {2}model_reasoning_effort += \(not set: Codex decides\)\n/);
    expect(out).toMatch(/\n {2}model_providers\.local\.http_headers\.Authorization += "<hidden>"/);
    expect(out).toContain('Warnings (1):');
    expect(out).toContain(`${fx.root}/.codex/config.toml:4: \`sandbox\` is not a Codex setting`);
    expect(out).not.toContain(SECRET);
  });

  it('layers the project config with --project NAME or DIR, and prints JSON with --json', () => {
    for (const project of ['lib-a', 'lib-a/', path.join(fx.workspace, 'libs/lib-a')]) {
      const run = cli('config', '--json', '--project', project, '--workspace', fx.workspace);
      expect(run.status).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json.projectRoot).toBe(path.join(fx.workspace, 'libs/lib-a'));
      expect(json.settings.model_reasoning_effort).toEqual({
        value: 'high',
        source: { kind: 'workspace', file: path.join(fx.workspace, 'libs/lib-a/.codex/config.toml'), line: 1 },
      });
      expect(json.settings.model).toEqual({
        value: 'gpt-5.5',
        source: { kind: 'user', file: path.join(fx.root, '.codex/config.toml'), line: 2 },
      });
      expect(run.stdout).not.toContain(SECRET);
    }
  });

  it('exits 1 with the error message and no stack trace on a settings error', () => {
    fx.write('ws/.codex/config.toml', 'sandbox_mode = "read-only"\nmodel = [\n');
    const run = cli('config');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `nx-codex config: ${fx.workspace}/.codex/config.toml:3:1: TOML syntax error in workspace Codex config`,
    );
    expect(run.stderr).toContain('Fix the TOML at that line');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 naming the profiles that exist when --profile has no file', () => {
    fx.write('.codex/deep.config.toml', 'model_reasoning_effort = "xhigh"\n');
    const run = cli('config', '--profile', 'fast');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${fx.root}/.codex/fast.config.toml does not exist. Profiles that exist: deep.`);
  });

  it('exits 2 on a wrong command line, 0 with --help', () => {
    const wrong = cli('config', '--nope');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--nope'");
    expect(cli('frobnicate').status).toBe(2);
    const help = cli('config', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: nx-codex config \[--project P\] \[--profile X\] \[--workspace DIR\] \[--json\]/,
    );
    expect(cli('--help').stdout).toContain('fingerprint');
  });
});

describe('nx-codex fingerprint', () => {
  it('prints one line: the fingerprint loadSettings + settingsFingerprint give, with the workspace codex version', () => {
    const run = cli('fingerprint');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const { settings } = loadSettings({ workspaceRoot: fx.workspace, env });
    expect(run.stdout.trim()).toBe(
      settingsFingerprint(settings, {
        promptVersion: PROMPT_VERSION,
        codexVersion: '0.169.0',
        secretDetector: secretDetectorFingerprint(),
      }),
    );
    expect(cli('fingerprint', '--prompt-version', 'other').stdout).not.toBe(run.stdout);
    expect(cli('fingerprint', '--project', 'lib-a').stdout).not.toBe(run.stdout);
  });

  it('prints a settings error on stderr and exits 1', () => {
    fx.write('.codex/config.toml', 'model = 5\n');
    const run = cli('fingerprint');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${fx.root}/.codex/config.toml:1: \`model\` must be a non-empty string, not the integer 5.`,
    );
  });
});
