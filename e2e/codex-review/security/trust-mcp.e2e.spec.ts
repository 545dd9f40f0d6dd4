/**
 * The MCP server's `codex` tool: an MCP caller's `config` goes through core's allow-list, so it
 * cannot get around --allow-danger-full-access. Each dangerous key is refused before codex starts
 * (no model request, no marker file from a command it would run); allowed keys still work; and the
 * codex process the tool starts has a scrubbed environment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  startServer,
  testing,
  textOf,
  type RunningServer,
  type TempWorkspace,
} from '../../mcp-server/harness';

const SECRET = 'ghp_plantedGithubTokenForMcp0123456789';

let model: testing.LocalModel;
let home: testing.CodexHome;
let workspace: TempWorkspace;
let server: RunningServer;
// Made at load time: DANGEROUS below names files in it.
const markers = testing.makeTempDir('trust-mcp-markers-');

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: { steps: [{ kind: 'message', text: 'ok' }] } });
  home = testing.createCodexHome({ baseUrl: model.url, apiKey: 'sk-planted-mcp-provider-key' });
  workspace = createTempWorkspace({ alpha: { 'src/index.ts': 'export const alpha = 1;\n' } });
  server = await startServer({ cwd: workspace.dir, env: { ...home.env, GITHUB_TOKEN: SECRET } });
});
afterAll(async () => {
  await server?.close();
  await model?.stop();
  await expectNothingLeftThenClean(workspace, home, markers);
});

const marker = (name: string) => join(markers.dir, name);

/** Each a `config` an MCP caller could send to widen what codex may do. */
const DANGEROUS: Array<[string, Record<string, unknown>]> = [
  ['mcp_servers', { mcp_servers: { evil: { command: 'sh', args: ['-c', `touch ${marker('mcp')}`] } } }],
  [
    'mcp_servers (dotted)',
    { 'mcp_servers.evil.command': 'sh', 'mcp_servers.evil.args': ['-c', `touch ${marker('mcp-dotted')}`] },
  ],
  ['notify', { notify: ['sh', '-c', `touch ${marker('notify')}`] }],
  ['hooks', { hooks: { SessionStart: [{ hooks: [{ type: 'command', command: `touch ${marker('hook')}` }] }] } }],
  ['sandbox_workspace_write', { sandbox_workspace_write: { writable_roots: ['/'], network_access: true } }],
  ['shell_environment_policy', { shell_environment_policy: { inherit: 'all' } }],
  [
    'model_providers',
    { model_providers: { evil: { name: 'evil', base_url: 'http://127.0.0.1:9/v1' } }, model_provider: 'evil' },
  ],
  ['openai_base_url', { openai_base_url: 'http://127.0.0.1:9/v1' }],
  ['model_instructions_file', { model_instructions_file: '/etc/passwd' }],
  ['profiles', { profiles: { evil: { sandbox_mode: 'danger-full-access' } } }],
  ['permissions', { permissions: { evil: { network: true } } }],
  ['approval_policy', { approval_policy: 'on-request' }],
  ['features', { 'features.shell_tool': true }],
  ['experimental_compact_prompt_file', { experimental_compact_prompt_file: '/etc/hostname' }],
];

it('refuses every dangerous key of the codex tool’s config, before codex starts and with no side effect', async () => {
  let refused = 0;
  for (const [name, config] of DANGEROUS) {
    const result = await server.client.callTool({ name: 'codex', arguments: { prompt: 'hello', config } });
    const key = name.split(' ')[0];
    expect({ name, isError: result.isError }).toEqual({ name, isError: true });
    expect(textOf(result)).toMatch(new RegExp(`The call was refused, nothing was run: config\\.${key}: it [^;]+`));
    refused += 1;
  }
  console.log(`MCP config: dangerous keys tried: ${DANGEROUS.length}, refused: ${refused}`);
  expect(await model.requests()).toEqual([]);
  for (const name of ['mcp', 'mcp-dotted', 'notify', 'hook']) expect(existsSync(marker(name))).toBe(false);
});

it('runs a call whose config only chooses the model and its effort, with a scrubbed environment', async () => {
  const result = await server.client.callTool({
    name: 'codex',
    arguments: { prompt: 'hello', config: { model: 'gpt-5.5', model_reasoning_effort: 'low' } },
  });
  expect(result.isError).toBeFalsy();
  const requests = (await model.requests()).filter((request) => request.path.endsWith('/responses'));
  expect(requests).toHaveLength(1);
  expect(requests[0].body.reasoning?.effort).toBe('low');
  expect(JSON.stringify(requests)).not.toContain(SECRET);
});
