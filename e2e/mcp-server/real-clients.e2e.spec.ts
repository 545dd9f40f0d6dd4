/**
 * Real MCP clients that no one here wrote: the MCP Inspector's CLI mode and Claude Code's
 * `claude mcp list`, against the built server, the `.mcp.json` entry that `nx g @nx-codex/setup:mcp`
 * writes, and (for contrast) codex 0.169's and 0.153.4's own `codex mcp-server`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  childEnv,
  createTempWorkspace,
  expectNothingLeftThenClean,
  NX_ENV,
  REPO_ROOT,
  requireBuiltServer,
  SERVER_MAIN,
  testing,
  type TempWorkspace,
} from './harness';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'node_modules', '.bin');

describe('nx-codex-mcp with the MCP Inspector CLI', () => {
  let model: testing.LocalModel;
  let home: testing.CodexHome;
  let workspace: TempWorkspace;

  beforeAll(async () => {
    requireBuiltServer();
    model = await testing.startLocalModel({ scenario: 'message' });
    home = testing.createCodexHome({ baseUrl: model.url });
    workspace = createTempWorkspace({ alpha: { 'src/index.ts': 'export const alpha = 1;\n' } });
  });
  afterAll(async () => {
    await model?.stop();
    await expectNothingLeftThenClean(workspace, home);
  });

  /** `mcp-inspector --cli -e K=V… node dist/main.js --method …`, started in the workspace; its JSON output. */
  async function inspector(method: string[]): Promise<Record<string, unknown>> {
    const envFlags = Object.entries({ ...home.env, ...NX_ENV }).flatMap(([key, value]) =>
      value === undefined ? [] : ['-e', `${key}=${value}`],
    );
    const { stdout } = await run(
      join(BIN, 'mcp-inspector'),
      ['--cli', ...envFlags, process.execPath, SERVER_MAIN, ...method],
      {
        cwd: workspace.dir,
        env: childEnv({}),
        timeout: 45000,
      },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('lists the tools', async () => {
    const listed = (await inspector(['--method', 'tools/list'])) as {
      tools: Array<{ name: string; inputSchema: { required?: string[] } }>;
    };
    expect(listed.tools.map((t) => t.name).sort()).toEqual([
      'codex',
      'codex-reply',
      'generate_tests',
      'get_review',
      'list_projects',
      'review_project',
    ]);
    expect(listed.tools.find((t) => t.name === 'codex')?.inputSchema.required).toEqual(['prompt']);
  });

  it('calls codex (through the real codex and the local model) and list_projects', async () => {
    const codex = (await inspector([
      '--method',
      'tools/call',
      '--tool-name',
      'codex',
      '--tool-arg',
      'prompt=Say hello',
    ])) as {
      structuredContent: { threadId: string; content: string };
      isError?: boolean;
    };
    expect(codex.isError).toBeFalsy();
    expect(codex.structuredContent.content).toBe('Hello from local-model.');
    expect(codex.structuredContent.threadId).toMatch(/^[0-9a-f-]{36}$/);

    const projects = (await inspector(['--method', 'tools/call', '--tool-name', 'list_projects'])) as {
      structuredContent: { projects: Array<{ name: string }> };
    };
    expect(projects.structuredContent.projects.map((p) => p.name)).toEqual(['alpha']);
  });
});

describe('nx-codex-mcp with Claude Code (`claude mcp list`)', () => {
  let workspace: TempWorkspace;
  let claudeHome: { dir: string; cleanup(): void };
  let codexHome: { dir: string; cleanup(): void };

  beforeAll(async () => {
    requireBuiltServer();
    workspace = createTempWorkspace({ alpha: {} }, { installServerBin: true });
    // The entry a user gets from `nx g @nx-codex/setup:mcp`, written by the generator itself.
    await run(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'),
        'g',
        '@nx-codex/setup:mcp',
        '--skipInstall',
        '--skipPackageJson',
        '--skipFormat',
      ],
      {
        cwd: workspace.dir,
        env: childEnv({}),
        timeout: 45000,
      },
    );
    claudeHome = testing.makeTempDir('claude-home-');
    codexHome = testing.makeTempDir('codex-home-empty-');
    // A HOME of our own: the project is trusted and its .mcp.json servers approved, without a login
    // and without touching the real user's settings.
    writeFileSync(
      join(claudeHome.dir, '.claude.json'),
      JSON.stringify({ projects: { [workspace.dir]: { hasTrustDialogAccepted: true } } }),
    );
    mkdirSync(join(workspace.dir, '.claude'));
    writeFileSync(
      join(workspace.dir, '.claude/settings.local.json'),
      JSON.stringify({ enableAllProjectMcpServers: true }),
    );
  });
  afterAll(async () => {
    await expectNothingLeftThenClean(workspace, claudeHome, codexHome);
  });

  function mcpJson(): {
    mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
  } {
    return JSON.parse(readFileSync(join(workspace.dir, '.mcp.json'), 'utf8'));
  }

  it('the generator entry starts this server: started exactly as written, it answers tools/list', async () => {
    const entry = mcpJson().mcpServers['nx-codex'];
    expect(entry).toMatchObject({ command: 'npx', args: ['--no-install', 'nx-codex-mcp'] });
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args,
      cwd: workspace.dir,
      env: childEnv(entry.env ?? {}),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'mcp-json-entry', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('nx-codex-mcp');
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('codex');
    } finally {
      await client.close();
    }
  });

  it('reports this server "✔ Connected" (also as a migrated `codex mcp-server` entry), codex 0.169 `codex mcp-server` failing, and 0.153.4 connected', async () => {
    const config = mcpJson();
    // A user's old entry {"command": "codex", "args": ["mcp-server"]} with only the command changed.
    config.mcpServers['migrated'] = {
      type: 'stdio',
      command: './node_modules/.bin/nx-codex-mcp',
      args: ['mcp-server'],
    } as never;
    const legacy = (version: '0.169' | '0.153') => ({
      type: 'stdio',
      command: process.execPath,
      args: [testing.codexBin(version), 'mcp-server'],
      env: { CODEX_HOME: codexHome.dir },
    });
    config.mcpServers['codex-0169'] = legacy('0.169');
    config.mcpServers['codex-0153'] = legacy('0.153');
    writeFileSync(join(workspace.dir, '.mcp.json'), JSON.stringify(config, null, 2));

    const { stdout } = await run(join(BIN, 'claude'), ['mcp', 'list'], {
      cwd: workspace.dir,
      env: childEnv({ HOME: claudeHome.dir, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' }),
      timeout: 50000,
    });
    const line = (name: string) =>
      stdout.split('\n').find((l) => l.startsWith(`${name}:`)) ?? `(no line for ${name} in:\n${stdout})`;
    expect(line('nx-codex')).toMatch(/npx --no-install nx-codex-mcp - ✔ Connected$/);
    expect(line('migrated')).toMatch(/nx-codex-mcp mcp-server - ✔ Connected$/);
    expect(line('codex-0169')).toMatch(/✘ Failed to connect/);
    expect(line('codex-0153')).toMatch(/✔ Connected$/);
  });
});
