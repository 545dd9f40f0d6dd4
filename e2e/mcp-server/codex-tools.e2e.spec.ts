/**
 * The built server over stdio with the SDK client, the real codex 0.169.0 and tools/local-model:
 * the legacy tool schemas, codex + codex-reply on one thread, progress, refusals, cancellation.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, LoggingMessageNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  inputTexts,
  processesIn,
  SERVER_MAIN,
  startServer,
  testing,
  textOf,
  waitFor,
  type RunningServer,
  type TempWorkspace,
} from './harness';

const TWO_ANSWERS: testing.Scenario = {
  name: 'two-answers',
  steps: [
    { kind: 'message', text: 'First answer: I will remember PAPAYA.' },
    { kind: 'message', text: 'Second answer: the word was PAPAYA.' },
  ],
  repeat: 'last',
};

/** tools/list of the real legacy server, codex 0.153.4 `codex mcp-server`. */
async function legacyTools(codexHome: string): Promise<Tool[]> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [testing.codexBin('0.153'), 'mcp-server'],
    env: { ...(process.env as Record<string, string>), CODEX_HOME: codexHome },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'legacy-check', version: '1.0.0' });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
  }
}

describe('nx-codex-mcp: codex and codex-reply', () => {
  let model: testing.LocalModel;
  let home: testing.CodexHome;
  let workspace: TempWorkspace;
  let server: RunningServer;

  beforeAll(async () => {
    model = await testing.startLocalModel({ scenario: TWO_ANSWERS });
    home = testing.createCodexHome({ baseUrl: model.url });
    workspace = createTempWorkspace({ alpha: { 'src/index.ts': 'export const alpha = 1;\n' } });
    server = await startServer({ cwd: workspace.dir, env: home.env });
  });

  afterAll(async () => {
    await server?.close();
    await model?.stop();
    // Neither the server nor anything it started may outlive the session.
    expect(testing.listProcesses(SERVER_MAIN).filter((p) => p.pid === server?.pid)).toEqual([]);
    await expectNothingLeftThenClean(workspace, home);
  });

  beforeEach(async () => {
    await model.setScenario(TWO_ANSWERS);
    await model.reset();
  });

  it('lists every tool, codex and codex-reply exactly as the removed `codex mcp-server` did', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'codex',
      'codex-reply',
      'generate_tests',
      'get_review',
      'list_projects',
      'review_project',
    ]);
    const legacy = await legacyTools(home.dir);
    for (const name of ['codex', 'codex-reply']) {
      const ours = tools.find((t) => t.name === name);
      const theirs = legacy.find((t) => t.name === name);
      expect(theirs).toBeDefined();
      expect(ours).toEqual(theirs);
    }
    for (const tool of tools) expect(tool.inputSchema.type).toBe('object');
  });

  it('runs codex, then codex-reply on the same thread, with progress notifications and log messages', async () => {
    const progress: string[] = [];
    const logs: string[] = [];
    server.client.setNotificationHandler(
      LoggingMessageNotificationSchema,
      (n) => void logs.push(String(n.params.data)),
    );
    const first = await server.client.callTool(
      { name: 'codex', arguments: { prompt: 'Remember the word PAPAYA.' } },
      CallToolResultSchema,
      {
        onprogress: (p) => progress.push(p.message ?? ''),
      },
    );
    expect(first.isError).toBeFalsy();
    const { threadId, content } = first.structuredContent as { threadId: string; content: string };
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(content).toBe('First answer: I will remember PAPAYA.');
    expect(textOf(first)).toBe(content);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((m) => m.includes('First answer'))).toBe(true);
    expect(logs).toContain(`codex: ${progress[0]}`);

    const reply = await server.client.callTool({
      name: 'codex-reply',
      arguments: { threadId, prompt: 'Which word was it?' },
    });
    expect(reply.isError).toBeFalsy();
    expect(reply.structuredContent).toEqual({ threadId, content: 'Second answer: the word was PAPAYA.' });

    // The second request carries the first exchange: the same thread was resumed.
    const requests = await model.requests();
    const posts = requests.filter((r) => r.path.endsWith('/responses'));
    expect(posts).toHaveLength(2);
    const secondInput = inputTexts(posts[1].body).join('\n');
    expect(secondInput).toContain('Remember the word PAPAYA.');
    expect(secondInput).toContain('First answer: I will remember PAPAYA.');
    expect(secondInput).toContain('Which word was it?');

    // conversationId, the old name of threadId, still works.
    const old = await server.client.callTool({
      name: 'codex-reply',
      arguments: { conversationId: threadId, prompt: 'Once more?' },
    });
    expect(old.isError).toBeFalsy();
    expect((old.structuredContent as { threadId: string }).threadId).toBe(threadId);
  });

  it('refuses bad calls with clear errors, before any model request, and keeps serving', async () => {
    const outside = testing.makeTempDir('mcp-outside-');
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['codex', { prompt: 5 }, /Invalid arguments for tool "codex": "prompt" must be a string, got 5/],
      [
        'codex',
        { prompt: 'x', sandbox: 'full' },
        /"sandbox" must be one of "read-only", "workspace-write", "danger-full-access", got "full"/,
      ],
      [
        'codex',
        { prompt: 'x', bogus: 1 },
        /unknown argument "bogus" \(expected one of approval-policy, .*prompt, sandbox\)/,
      ],
      ['codex', { prompt: 'x', cwd: outside.dir }, /cwd ".*" is outside the workspace/],
      ['codex', { prompt: 'x', cwd: '../..' }, /cwd "\.\.\/\.\." is outside the workspace/],
      [
        'codex',
        { prompt: 'x', sandbox: 'danger-full-access' },
        /sandbox "danger-full-access" was refused: .*--allow-danger-full-access/,
      ],
      [
        'codex',
        { prompt: 'x', config: { sandbox_mode: 'danger-full-access' } },
        /config\.sandbox_mode "danger-full-access" was refused/,
      ],
      ['codex-reply', { prompt: 'x' }, /give "threadId"/],
      ['get_review', { project: 'alpah' }, /Unknown project "alpah" in the workspace\. Did you mean "alpha"\?/],
      ['review_project', { project: 42 }, /"project" must be a string, got 42/],
      ['generate_tests', { project: 'alpha', dryRun: 'yes' }, /"dryRun" must be a boolean, got "yes"/],
      ['no_such_tool', {}, /Unknown tool "no_such_tool"/],
    ];
    try {
      for (const [name, args, message] of cases) {
        const result = await server.client.callTool({ name, arguments: args });
        expect({ name, args, isError: result.isError }).toEqual({ name, args, isError: true });
        expect(textOf(result)).toMatch(message);
      }
    } finally {
      outside.cleanup();
    }
    expect(await model.requests()).toEqual([]);
    const ok = await server.client.callTool({
      name: 'codex',
      arguments: { prompt: 'still there?', cwd: 'libs/alpha' },
    });
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as { content: string }).content).toBe('First answer: I will remember PAPAYA.');
  });

  it("returns a failed Codex turn as a tool error with the model's message", async () => {
    await model.setScenario('response-failed');
    const failed = await server.client.callTool({ name: 'codex', arguments: { prompt: 'fail please' } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain('local-model: the model failed on purpose');
  });

  it('stops the codex process when the client cancels, and keeps serving', async () => {
    await model.setScenario({ name: 'slow', steps: [{ kind: 'message', text: 'too late', delayMs: 30000 }] });
    const controller = new AbortController();
    const call = server.client.callTool(
      { name: 'codex', arguments: { prompt: 'take your time' } },
      CallToolResultSchema,
      { signal: controller.signal },
    );
    await waitFor('codex to reach the model', async () => (await model.requests()).length > 0, 15000);
    const codexRunning = () => processesIn(workspace.dir).filter((p) => /codex/.test(p.cmdline));
    expect(codexRunning().length).toBeGreaterThan(0);
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor('the codex process to stop', () => codexRunning().length === 0, 8000);

    await model.setScenario(TWO_ANSWERS);
    const after = await server.client.callTool({ name: 'codex', arguments: { prompt: 'and now?' } });
    expect(after.isError).toBeFalsy();
  });
});

describe('nx-codex-mcp: sandbox settings', () => {
  let model: testing.LocalModel;
  let workspace: TempWorkspace;

  beforeAll(async () => {
    model = await testing.startLocalModel({ scenario: 'message' });
    workspace = createTempWorkspace({ alpha: { 'src/index.ts': 'export const alpha = 1;\n' } });
  });
  afterAll(async () => {
    await model?.stop();
    await expectNothingLeftThenClean(workspace);
  });

  /** The sandbox codex announced to the model in its permissions instructions. */
  async function sandboxSeenByModel(server: RunningServer, args: Record<string, unknown>): Promise<string> {
    await model.reset();
    const result = await server.client.callTool({ name: 'codex', arguments: { prompt: 'which sandbox?', ...args } });
    expect(textOf(result)).toBe('Hello from local-model.');
    const body = JSON.stringify((await model.requests())[0].body);
    const mode = /`sandbox_mode` is `([a-z-]+)`/.exec(body);
    return mode ? mode[1] : '(none)';
  }

  it('defaults to sandbox_mode from the user settings, and allows danger-full-access only with the flag and an explicit ask', async () => {
    const home = testing.createCodexHome({ baseUrl: model.url, extraToml: 'sandbox_mode = "workspace-write"' });
    let server: RunningServer | undefined;
    try {
      server = await startServer({ cwd: workspace.dir, env: home.env, args: ['--allow-danger-full-access'] });
      expect(await sandboxSeenByModel(server, {})).toBe('workspace-write');
      expect(await sandboxSeenByModel(server, { sandbox: 'read-only' })).toBe('read-only');
      expect(await sandboxSeenByModel(server, { sandbox: 'danger-full-access' })).toBe('danger-full-access');
    } finally {
      await server?.close();
      home.cleanup();
    }
  });

  it('never takes danger-full-access from the user settings', async () => {
    const home = testing.createCodexHome({ baseUrl: model.url, extraToml: 'sandbox_mode = "danger-full-access"' });
    let server: RunningServer | undefined;
    try {
      server = await startServer({ cwd: workspace.dir, env: home.env, args: ['--allow-danger-full-access'] });
      expect(await sandboxSeenByModel(server, {})).toBe('workspace-write');
    } finally {
      await server?.close();
      home.cleanup();
    }
  });
});

describe('nx-codex-mcp: started with --workspace elsewhere', () => {
  it('serves the given workspace and refuses paths outside it', async () => {
    const workspace = createTempWorkspace({ alpha: {} });
    let server: RunningServer | undefined;
    try {
      server = await startServer({ cwd: testing.repoRoot, args: ['--workspace', workspace.dir] });
      const result = await server.client.callTool({ name: 'codex', arguments: { prompt: 'x', cwd: testing.repoRoot } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`is outside the workspace ${workspace.dir}`);
    } finally {
      await server?.close();
      await expectNothingLeftThenClean(workspace);
    }
  });

  it('outside an Nx workspace, the Nx tools say so at once and codex still works', async () => {
    const model = await testing.startLocalModel({ scenario: 'message' });
    const home = testing.createCodexHome({ baseUrl: model.url });
    const folder = testing.makeTempDir('mcp-plain-');
    symlinkSync(join(testing.repoRoot, 'node_modules'), join(folder.dir, 'node_modules'));
    let server: RunningServer | undefined;
    try {
      server = await startServer({ cwd: folder.dir, env: home.env });
      const listed = await server.client.callTool({ name: 'list_projects', arguments: {} });
      expect(listed.isError).toBe(true);
      expect(textOf(listed)).toBe(
        `${folder.dir} is not an Nx workspace (no nx.json), so the Nx tools cannot run there. Start nx-codex-mcp in the workspace root, or give it --workspace <dir>.`,
      );
      const codex = await server.client.callTool({ name: 'codex', arguments: { prompt: 'hi' } });
      expect(textOf(codex)).toBe('Hello from local-model.');
    } finally {
      await server?.close();
      await model.stop();
      await expectNothingLeftThenClean(undefined, home, folder);
    }
  });
});
