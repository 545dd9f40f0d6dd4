import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkSettings } from './check-settings';
import { findAuth } from './find-auth';
import { runEnvironmentCheck } from './run-check';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const SECRET = 'sk-test-this-must-never-be-printed';

describe('environment check, for real', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nx-codex-check-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'], HOME: scratch, CODEX_HOME: join(scratch, 'codex-home'), ...extra };
  }

  it('finds the codex installed in this repo and reads its version', async () => {
    const { items, report } = await runEnvironmentCheck(REPO_ROOT, envWith({}));
    expect(items[0]).toEqual({
      label: 'Codex CLI',
      status: 'ok',
      detail: `0.169.0 at ${join(REPO_ROOT, 'node_modules/@openai/codex/bin/codex.js')} (workspace)`,
    });
    expect(report).toMatch(/^ {2}[✔✘!] Codex settings: \S/m);
  });

  it('fails without credentials', async () => {
    const { ok, report } = await runEnvironmentCheck(REPO_ROOT, envWith({}));
    expect(ok).toBe(false);
    expect(report).toContain(`✘ Codex credentials: not logged in: no ${join(scratch, 'codex-home', 'auth.json')}`);
  });

  it('accepts an API key in CODEX_API_KEY without ever printing it', async () => {
    const { items, report } = await runEnvironmentCheck(REPO_ROOT, envWith({ CODEX_API_KEY: SECRET }));
    expect(items[1]).toMatchObject({ status: 'ok', detail: 'CODEX_API_KEY set' });
    expect(report).not.toContain(SECRET);
  });

  it('does not take OPENAI_API_KEY for a login: codex exec 0.169 does not read it', async () => {
    const { items, report } = await runEnvironmentCheck(REPO_ROOT, envWith({ OPENAI_API_KEY: SECRET }));
    expect(items[1]).toMatchObject({ status: 'fail' });
    expect(report).not.toContain(SECRET);
  });

  it('accepts a login without printing auth.json', async () => {
    mkdirSync(join(scratch, 'codex-home'));
    writeFileSync(join(scratch, 'codex-home', 'auth.json'), JSON.stringify({ OPENAI_API_KEY: SECRET }));
    const { items, report } = await runEnvironmentCheck(REPO_ROOT, envWith({}));
    expect(items[1]).toMatchObject({ status: 'ok' });
    expect(report).not.toContain(SECRET);
  });

  it('looks for auth.json in ~/.codex when CODEX_HOME is unset', () => {
    expect(findAuth({}, '/home/someone').authFile).toBe('/home/someone/.codex/auth.json');
  });

  it('reports codex missing when the workspace has none and PATH has none', async () => {
    const { items } = await runEnvironmentCheck(scratch, envWith({ PATH: scratch }));
    expect(items[0].status).toBe('fail');
    expect(items[0].detail).toContain(
      `no ${join(scratch, 'node_modules/@openai/codex/bin/codex.js')} and no \`codex\` on PATH`,
    );
  });

  it('reports a CODEX_BIN that names no executable, as the executors would refuse it', async () => {
    const { items } = await runEnvironmentCheck(scratch, envWith({ CODEX_BIN: join(scratch, 'missing-codex') }));
    expect(items[0].status).toBe('fail');
    expect(items[0].detail).toContain(`Codex not found at ${join(scratch, 'missing-codex')} (from CODEX_BIN)`);
  });

  it("reports a CODEX_BIN from the repository's committed .env as refused, without running it", async () => {
    await promisify(execFile)('git', ['init', '-q', scratch]);
    const ran = join(scratch, 'evil-ran');
    writeFileSync(join(scratch, 'evil.sh'), `#!/bin/sh\ntouch ${ran}\necho "codex-cli 0.169.0"\n`, { mode: 0o755 });
    writeFileSync(join(scratch, '.env'), 'CODEX_BIN=./evil.sh\n');
    // Nx loads the workspace's .env into the generator's environment: the check sees its value.
    const { items, ok } = await runEnvironmentCheck(scratch, envWith({ CODEX_BIN: './evil.sh' }));
    expect(ok).toBe(false);
    expect(items[0]).toMatchObject({ status: 'fail', fix: 'remove it from that dotenv file (see above)' });
    expect(items[0].detail).toContain(`CODEX_BIN=./evil.sh comes from ${join(scratch, '.env')}:1`);
    expect(existsSync(ran)).toBe(false);
  });

  it('uses CODEX_BIN first, like @nx-codex/core', async () => {
    const codexJs = join(REPO_ROOT, 'node_modules/@openai/codex/bin/codex.js');
    const { items } = await runEnvironmentCheck(scratch, envWith({ CODEX_BIN: codexJs }));
    expect(items[0]).toMatchObject({ status: 'ok', detail: `0.169.0 at ${codexJs} (CODEX_BIN)` });
  });
});

describe('checkSettings', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nx-codex-core-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function installCore(source: string): void {
    const dir = join(scratch, 'node_modules', '@nx-codex', 'core');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@nx-codex/core', main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), source);
  }

  it('degrades gracefully when @nx-codex/core is not installed', async () => {
    expect(await checkSettings(scratch, {}, [scratch])).toEqual({
      status: 'not-checked',
      reason: '@nx-codex/core not installed',
      fix: 'npm install -D @nx-codex/core (or run `nx add @nx-codex/setup`)',
    });
  });

  it('degrades gracefully when core has no loadSettings', async () => {
    installCore('module.exports = {};');
    expect(await checkSettings(scratch, {}, [scratch])).toMatchObject({
      status: 'not-checked',
      reason: 'this @nx-codex/core has no loadSettings',
    });
  });

  it("reports the loader's error as invalid settings", async () => {
    installCore(
      "module.exports = { loadSettings: async () => { throw new Error('bad model_provider in config.toml:3'); } };",
    );
    expect(await checkSettings(scratch, {}, [scratch])).toEqual({
      status: 'invalid',
      message: 'bad model_provider in config.toml:3',
    });
  });

  it('passes the workspace root and environment to the loader, and names the model', async () => {
    installCore(
      `module.exports = { loadSettings: (o) => { if (o.workspaceRoot !== ${JSON.stringify(scratch)}) throw new Error('wrong root ' + o.workspaceRoot); return { settings: { model: { value: o.env.M } } }; } };`,
    );
    expect(await checkSettings(scratch, { M: 'gpt-5.5' }, [scratch])).toEqual({
      status: 'valid',
      summary: 'model gpt-5.5',
    });
  });

  it('says so when core is there but fails to load', async () => {
    installCore("throw new Error('boom at load');");
    expect(await checkSettings(scratch, {}, [scratch])).toMatchObject({
      status: 'not-checked',
      reason: '@nx-codex/core could not be loaded: boom at load',
    });
  });
});

describe('nx-codex-check bin', () => {
  const run = promisify(execFile);
  const bin = join(__dirname, '..', 'bin', 'nx-codex-check.ts');
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nx-codex-bin-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function runBin(args: string[], env: NodeJS.ProcessEnv) {
    return run(process.execPath, ['-r', '@swc-node/register', bin, ...args], {
      cwd: join(REPO_ROOT, 'packages', 'setup'),
      env: { PATH: process.env['PATH'], HOME: scratch, CODEX_HOME: scratch, ...env },
    });
  }

  it('exits 1 when something required is missing, finding the workspace root above the cwd', async () => {
    const failure = await runBin([], {}).catch((error: { code: number; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const stdout = (failure as { stdout: string }).stdout;
    expect(stdout).toContain(
      `✔ Codex CLI: 0.169.0 at ${join(REPO_ROOT, 'node_modules/@openai/codex/bin/codex.js')} (workspace)`,
    );
    expect(stdout).toContain('✘ Codex credentials');
  });

  it('prints usage with --help and exits 0', async () => {
    const { stdout } = await runBin(['--help'], {});
    expect(stdout).toContain('Usage: nx-codex-check [workspace-dir]');
  });

  it('rejects unknown flags with exit 2', async () => {
    await expect(runBin(['--nope'], {})).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unexpected argument --nope'),
    });
  });
});
