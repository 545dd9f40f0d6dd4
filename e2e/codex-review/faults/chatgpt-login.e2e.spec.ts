/**
 * Parallel reviews sharing one ChatGPT login must not revoke each other's refresh token. Real codex
 * 0.169 refreshes a stale login by itself; here its token endpoint is a local stand-in
 * (oauth-token-server.js: single-use, rotating refresh tokens, like OpenAI's) and the model is
 * tools/local-model, reached with the login's tokens (requires_openai_auth).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type TempWorkspace } from '@nx-codex/testing';
import {
  CLEAN_ANSWER,
  expectSuccess,
  expectWholeReport,
  requestsSince,
  requestCount,
  testing,
  type LocalModel,
  type Scenario,
} from './helpers';

const MODEL_DELAY_MS = 2000;
const SLOW_ANSWER: Scenario = {
  name: 'slow',
  steps: [{ kind: 'schema-json', value: CLEAN_ANSWER, delayMs: MODEL_DELAY_MS }],
  repeat: 'last',
};
const PROJECTS = ['one', 'two', 'three', 'four'];
const jwt = (claims: object) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

/** A ChatGPT login whose access token expired a minute ago: codex refreshes it before its first request. */
const STALE_CHATGPT_LOGIN = {
  OPENAI_API_KEY: null,
  tokens: {
    id_token: jwt({
      email: 'e2e@example.invalid',
      'https://api.openai.com/auth': { chatgpt_account_id: 'acct-e2e', chatgpt_plan_type: 'plus' },
    }),
    access_token: jwt({ exp: Math.floor(Date.now() / 1000) - 60 }),
    refresh_token: 'rt-0',
    account_id: 'acct-e2e',
  },
  last_refresh: '2026-01-01T00:00:00Z',
};
const API_KEY_LOGIN = { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-e2e-api-key' };

interface TokenServer {
  url: string;
  log(): Promise<Array<{ time: number; refreshToken: string; accepted: boolean }>>;
  stop(): void;
}

async function startTokenServer(): Promise<TokenServer> {
  // Each refresh answer takes 3 s (a slow network): codex processes started meanwhile all read the stale login.
  const child = spawn(
    process.execPath,
    [join(__dirname, 'oauth-token-server.js'), '--refresh-token', 'rt-0', '--delay-ms', '3000'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve(/listening on (\d+)/.exec(String(chunk))?.[1] ?? ''));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    log: async () => (await (await fetch(`${url}/__log`)).json()) as Awaited<ReturnType<TokenServer['log']>>,
    stop: () => child.kill(),
  };
}

let model: LocalModel;
let tokens: TokenServer;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let env: Record<string, string>;
let ws: TempWorkspace;

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: SLOW_ANSWER });
});
afterAll(async () => {
  await model?.stop();
});
beforeEach(async () => {
  tokens = await startTokenServer();
  codexHome = testing.createCodexHome({
    baseUrl: model.url,
    extraToml: `chatgpt_base_url = "${tokens.url}/backend-api"`,
  });
  appendFileSync(codexHome.configPath, 'requires_openai_auth = true\n'); // the last table: [model_providers.local]
  env = { ...codexHome.env, CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${tokens.url}/oauth/token` };
  ws = createWorkspace({
    projects: Object.fromEntries(
      PROJECTS.map((name) => [name, { 'src/index.ts': `export const name = '${name}';\n` }]),
    ),
  });
});
afterEach(() => {
  tokens.stop();
  codexHome.cleanup();
  ws.cleanup();
});

const writeLogin = (login: object) => writeFileSync(join(codexHome.dir, 'auth.json'), JSON.stringify(login, null, 2));
const refreshTokenOnDisk = () =>
  JSON.parse(readFileSync(join(codexHome.dir, 'auth.json'), 'utf8')).tokens?.refresh_token;

/** The most model calls waiting at the same moment (each waits MODEL_DELAY_MS at the model). */
function mostInFlight(times: number[]): number {
  return Math.max(
    ...times.map((start) => times.filter((other) => other >= start && other < start + MODEL_DELAY_MS).length),
  );
}

it('without nx-codex, codex processes started together on a stale login send the same refresh token more than once', async () => {
  writeLogin(STALE_CHATGPT_LOGIN);
  await Promise.all(
    PROJECTS.map(() =>
      testing.runCodexExec({
        args: ['--json', '--skip-git-repo-check', '--ephemeral', '-C', ws.dir, 'say hi'],
        env,
        timeoutMs: 60_000,
      }),
    ),
  );
  const refreshes = await tokens.log();
  expect(refreshes.filter((entry) => entry.refreshToken === 'rt-0').length).toBeGreaterThan(1);
  expect(refreshes.some((entry) => !entry.accepted)).toBe(true);
});

it('nx-codex: a stale ChatGPT login is refreshed once for parallel reviews, which then run in parallel; CI gets a one-time notice', async () => {
  writeLogin(STALE_CHATGPT_LOGIN);
  const before = await requestCount(model);
  const result = ws.nx(['run-many', '-t', 'codex-review', '--parallel=4'], env);
  expectSuccess(result);
  expect(await tokens.log()).toEqual([expect.objectContaining({ refreshToken: 'rt-0', accepted: true })]);
  expect(refreshTokenOnDisk()).toBe('rt-1');
  const calls = await requestsSince(model, before);
  expect(calls).toHaveLength(PROJECTS.length);
  // The lock went with the refresh: the reviews did not wait for each other's model calls.
  expect(mostInFlight(calls.map((call) => Date.parse(call.time)))).toBeGreaterThanOrEqual(2);
  for (const project of PROJECTS) expectWholeReport(ws, project);
  expect(existsSync(join(codexHome.dir, '.nx-codex-auth-refresh.lock'))).toBe(false);
  expect(result.output.match(/Codex is logged in with ChatGPT in [^\n]*auth\.json on CI/g)).toHaveLength(1);
  expect(result.output).toContain('codex login --with-api-key');
});

it('nx-codex: with an API key login nothing is refreshed or serialised, and no notice', async () => {
  writeLogin(API_KEY_LOGIN);
  const before = await requestCount(model);
  const result = ws.nx(['run-many', '-t', 'codex-review', '--parallel=4'], env);
  expectSuccess(result);
  expect(await tokens.log()).toEqual([]);
  const calls = await requestsSince(model, before);
  expect(calls).toHaveLength(PROJECTS.length);
  expect(mostInFlight(calls.map((call) => Date.parse(call.time)))).toBeGreaterThanOrEqual(3);
  expect(result.output).not.toContain('Codex is logged in with ChatGPT');
});
