/**
 * Limits are Codex's real limits, and each says so clearly:
 * - a 5 MB prompt through the MCP server's `codex` tool fails with Codex's own "Input exceeds the
 *   maximum length of 1048576 characters", not backtrace frames;
 * - a review against an unreachable provider, with a normal user config (no
 *   `features.unbounded_connection_retries = false`, default retries), stops at Codex's first
 *   "Reconnecting... waiting for network" and says what to check, long before `timeoutSeconds`;
 * - the MCP server answers an oversized (> 10 MiB) line and a malformed one with JSON-RPC errors
 *   and goes on serving.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  SERVER_MAIN,
  childEnv,
  startServer,
  textOf,
  type TempWorkspace as McpWorkspace,
} from '../../mcp-server/harness';
import { createWorkspace } from '@nx-codex/testing';
import { expectNoReport, plain, testing, waitFor, type LocalModel } from '../faults/helpers';
import { freePort } from '@nx-codex/testing/local-model-client';

let model: LocalModel;
let home: ReturnType<typeof testing.createCodexHome>;
let mcpWorkspace: McpWorkspace;
const figures: string[] = [];

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: { steps: [{ kind: 'message', text: 'ok' }], repeat: 'last' } });
  home = testing.createCodexHome({ baseUrl: model.url });
  mcpWorkspace = createTempWorkspace({ alpha: { 'src/index.ts': 'export const alpha = 1;\n' } });
});
afterAll(async () => {
  await model?.stop();
  await expectNothingLeftThenClean(mcpWorkspace, home);
  if (figures.length) process.stdout.write(`${figures.join('\n')}\n`);
});

it("reports a 5 MB prompt to the MCP codex tool by Codex's own message", async () => {
  const server = await startServer({ cwd: mcpWorkspace.dir, env: home.env });
  try {
    const before = (await model.requests()).length;
    const result = await server.client.callTool(
      { name: 'codex', arguments: { prompt: `Summarise this. ${'x'.repeat(5_000_000)}` } },
      undefined,
      { timeout: 120_000 },
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Input exceeds the maximum length of 1048576 characters');
    expect(textOf(result)).toContain('at most 1,048,576 characters');
    expect(textOf(result)).not.toMatch(/\d+: <unknown>/);
    expect((await model.requests()).length).toBe(before);
  } finally {
    await server.close();
  }
});

it('stops a review at the first reconnect message of an unreachable provider and says what to check', async () => {
  // freePort: a loopback port nothing listens on.
  const userHome = testing.createCodexHome({ baseUrl: `http://127.0.0.1:${await freePort()}/v1` });
  // A normal user config: Codex's default retries, and its reconnect loop not turned off.
  const toml = readFileSync(userHome.configPath, 'utf8').replace(
    /^(unbounded_connection_retries|request_max_retries|stream_max_retries) = .*\n/gm,
    '',
  );
  writeFileSync(userHome.configPath, toml);
  const ws = createWorkspace({ projects: { far: { 'src/index.ts': 'export const far = 1;\n' } } });
  try {
    const started = Date.now();
    const run = ws.nx(['run', 'far:codex-review', '--skip-nx-cache'], userHome.env);
    const wallMs = Date.now() - started;
    const output = plain(run.output);
    const stoppedAfter = /so it was stopped after ([\d.]+ s)/.exec(output)?.[1];
    figures.push(
      `unreachable provider: codex stopped after ${stoppedAfter}, nx run ended after ${(wallMs / 1000).toFixed(1)} s (timeoutSeconds 600)`,
    );

    expect(run.code).not.toBe(0);
    expect(output).toMatch(
      /Codex cannot reach the model provider \(Connection failed: error sending request\) and would keep retrying, so it was stopped after [\d.]+ s\. Check that the model server is running/,
    );
    expect(output).not.toContain('timeoutMs');
    expectNoReport(ws, 'far');
    expect(testing.listProcesses(ws.dir)).toEqual([]);
  } finally {
    ws.cleanup();
    userHome.cleanup();
  }
});

/** The built server on raw stdio: lines in, JSON-RPC lines out. */
function rawServer() {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: mcpWorkspace.dir,
    env: childEnv(home.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const answers = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id?: unknown; result?: unknown; error?: { code: number; message: string } });
  const answerTo = (id: unknown) =>
    waitFor(`the answer to request ${String(id)}`, () => answers().find((answer) => answer.id === id), 60_000);
  return { child, exited, answers, answerTo, stderr: () => stderr };
}

it('answers an oversized and a malformed JSON-RPC line with errors and keeps serving', async () => {
  const server = rawServer();
  try {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    server.child.stdin.write(`${JSON.stringify(initialize)}\n`);
    expect(await server.answerTo(1)).toMatchObject({ result: { serverInfo: { name: 'nx-codex-mcp' } } });

    // 12 MB in one line, its id last as the MCP SDK writes it.
    const huge = {
      method: 'tools/call',
      params: { name: 'codex', arguments: { prompt: 'y'.repeat(12 * 1024 * 1024) } },
      jsonrpc: '2.0',
      id: 2,
    };
    server.child.stdin.write(`${JSON.stringify(huge)}\n`);
    expect(await server.answerTo(2)).toMatchObject({
      error: {
        code: -32600,
        message: expect.stringMatching(
          /^Message too large: 12\.0 MiB on one line; this server accepts at most 10\.0 MiB per JSON-RPC message/,
        ),
      },
    });

    server.child.stdin.write('{"jsonrpc":"2.0","id":3,"method":"tools/list"\n');
    await waitFor('the parse error', () => server.answers().some((answer) => answer.error?.code === -32700));

    server.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: {} })}\n`);
    expect(await server.answerTo(4)).toMatchObject({
      result: { tools: expect.arrayContaining([expect.objectContaining({ name: 'codex' })]) },
    });
    expect(server.child.exitCode).toBeNull();
  } finally {
    server.child.stdin.end();
    await server.exited;
  }
});
