// tools/testing itself: the offline CODEX_HOME, the codex binaries, temp dirs, processes, lifecycle.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import {
  codexBin,
  createCodexHome,
  listProcesses,
  makeTempDir,
  offlineCodexConfigToml,
  repoRoot,
  startLocalModel,
} from './index';
import { waitUntil } from './local-model-client';

/** Alive and not a zombie (an exited child that its new parent has not reaped yet). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('offline codex configuration', () => {
  it('writes exactly the offline settings into a fresh CODEX_HOME', () => {
    const home = createCodexHome({ baseUrl: 'http://127.0.0.1:4321/v1' });
    try {
      expect(home.configPath).toBe(path.join(home.dir, 'config.toml'));
      expect(home.env).toEqual({ CODEX_HOME: home.dir });
      expect(parse(fs.readFileSync(home.configPath, 'utf8'))).toEqual({
        model: 'gpt-5.5',
        model_provider: 'local',
        approval_policy: 'never',
        analytics: { enabled: false },
        features: { plugins: false, shell_snapshot: false, unbounded_connection_retries: false },
        model_providers: {
          local: {
            name: 'local',
            base_url: 'http://127.0.0.1:4321/v1',
            wire_api: 'responses',
            request_max_retries: 0,
            stream_max_retries: 0,
          },
        },
      });
    } finally {
      home.cleanup();
    }
    expect(fs.existsSync(home.dir)).toBe(false);
  });

  it('adds an API key variable, a model, and extra TOML that may hold top-level keys and tables', () => {
    const home = createCodexHome({
      baseUrl: 'http://127.0.0.1:1/v1',
      apiKey: 'k-1',
      model: 'gpt-5.4',
      extraToml: 'sandbox_mode = "workspace-write"\n[mcp_servers.x]\ncommand = "true"',
    });
    try {
      const config = parse(fs.readFileSync(home.configPath, 'utf8')) as {
        model: string;
        sandbox_mode: string;
        mcp_servers: { x: { command: string } };
        model_providers: { local: { env_key: string } };
        analytics: { enabled: boolean };
      };
      expect(home.env).toEqual({ CODEX_HOME: home.dir, LOCAL_MODEL_KEY: 'k-1' });
      expect(config.model).toBe('gpt-5.4');
      expect(config.sandbox_mode).toBe('workspace-write');
      expect(config.mcp_servers.x.command).toBe('true');
      expect(config.model_providers.local.env_key).toBe('LOCAL_MODEL_KEY');
      expect(config.analytics.enabled).toBe(false);
    } finally {
      home.cleanup();
    }
  });

  it('refuses a base URL off the loopback interface', () => {
    expect(() => offlineCodexConfigToml('https://api.openai.com/v1')).toThrow(/not on the loopback interface/);
  });
});

describe('codexBin', () => {
  it.each([
    ['0.169', 'codex-cli 0.169.0', '@openai/codex'],
    ['0.153', 'codex-cli 0.153.4', '@openai/codex-0153'],
  ] as const)('finds codex %s', (version, printed, pkg) => {
    const bin = codexBin(version);
    expect(bin).toBe(path.join(repoRoot, 'node_modules', pkg, 'bin', 'codex.js'));
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(printed);
  });

  it('defaults to 0.169 and rejects other versions', () => {
    expect(codexBin()).toBe(codexBin('0.169'));
    expect(() => codexBin('0.1' as never)).toThrow(/unknown codex version "0.1"; use "0.169" or "0.153"/);
  });
});

describe('makeTempDir and listProcesses', () => {
  it('creates and removes a directory', () => {
    const tmp = makeTempDir('helpers-spec-');
    expect(path.basename(tmp.dir)).toMatch(/^helpers-spec-/);
    expect(fs.statSync(tmp.dir).isDirectory()).toBe(true);
    tmp.cleanup();
    expect(fs.existsSync(tmp.dir)).toBe(false);
  });

  it('finds a running process by its command line, and no longer after it ends', async () => {
    const marker = `marker-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', marker], { stdio: 'ignore' });
    expect(await waitUntil(() => listProcesses(marker).length === 1, 5000)).toBe(true);
    const [found] = listProcesses(new RegExp(`-e .* ${marker}$`));
    expect(found).toMatchObject({
      pid: child.pid,
      ppid: process.pid,
      argv: [process.execPath, '-e', 'setTimeout(() => {}, 30000)', marker],
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(listProcesses(marker)).toEqual([]);
  });
});

describe('startLocalModel lifecycle', () => {
  it('stops the server by its pid, idempotently, and removes its own log', async () => {
    const model = await startLocalModel({ scenario: 'message' });
    expect(model.url).toBe(`http://127.0.0.1:${model.port}/v1`);
    expect(isRunning(model.pid)).toBe(true);
    expect(listProcesses(`--parent-pid ${process.pid}`).map((p) => p.pid)).toContain(model.pid);
    expect(fs.existsSync(model.logFile)).toBe(true);
    await Promise.all([model.stop(), model.stop()]);
    await model.stop();
    expect(isRunning(model.pid)).toBe(false);
    expect(fs.existsSync(model.logFile)).toBe(false);
  });

  it('keeps a log file that the caller chose', async () => {
    const tmp = makeTempDir('local-model-log-');
    const logFile = path.join(tmp.dir, 'mine.jsonl');
    const model = await startLocalModel({ logFile, scenario: { steps: [{ kind: 'message', text: 'x' }] } });
    await model.stop();
    expect(fs.existsSync(logFile)).toBe(true);
    tmp.cleanup();
  });

  it('reports a server that cannot start, with its stderr', async () => {
    await expect(startLocalModel({ scenario: 'no-such-scenario' })).rejects.toThrow(
      /exited \(code 2\) before it listened[\s\S]*no scenario "no-such-scenario"/,
    );
  });

  const script = (body: string) => `
    const { startLocalModel } = require(${JSON.stringify(path.join(__dirname, 'index.js'))});
    startLocalModel().then((model) => { process.stdout.write(model.pid + '\\n'); ${body} });`;

  it('kills the server when the test process exits without stop()', async () => {
    const run = spawnSync(process.execPath, ['-e', script('process.exitCode = 0;')], {
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(run.status).toBe(0);
    const pid = Number(run.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // SIGKILL was sent in the exit hook; the server never outlives its parent by more than a moment.
    expect(await waitUntil(() => !isRunning(pid), 300)).toBe(true);
  });

  it('stops the server by itself when its parent is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['-e', script('setInterval(() => {}, 1000);')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      parent.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
      expect(await waitUntil(() => stdout.includes('\n'), 15000)).toBe(true);
      const pid = Number(stdout.trim());
      expect(isRunning(pid)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitUntil(() => !isRunning(pid), 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
