/**
 * Secrets stay secret: with an OPENAI_API_KEY in the environment, the model provider's env_key
 * secret, and a CODEX_HOME/auth.json holding an API key and ChatGPT tokens, reviews (passing and
 * failing) leave none of them in the Nx cache, Nx's workspace data, the reports, the terminal
 * output, Codex's logs in CODEX_HOME, or the requests the model receives.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type RunResult, type TempWorkspace } from '@nx-codex/testing';
import { answers, expectSuccess, filesUnder, testing, type LocalModel } from './helpers';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const SECRETS = {
  OPENAI_API_KEY: secret('sk-planted-openai'),
  providerKey: secret('sk-planted-provider'),
  authJsonApiKey: secret('sk-planted-authjson'),
  accessToken: secret('planted-access-token'),
  refreshToken: secret('planted-refresh-token'),
};

/** A ChatGPT-style id_token (unsigned JWT); its payload is not secret, the tokens beside it are. */
const jwt = (claims: object) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
const outputs: RunResult[] = [];

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers() });
  // The provider reads its key from env_key (LOCAL_MODEL_KEY); chatgpt_base_url keeps ChatGPT-login traffic on loopback.
  codexHome = testing.createCodexHome({
    baseUrl: model.url,
    apiKey: SECRETS.providerKey,
    extraToml: `chatgpt_base_url = "${model.url.replace(/\/v1$/, '/backend-api')}"`,
  });
  writeFileSync(
    join(codexHome.dir, 'auth.json'),
    JSON.stringify({
      OPENAI_API_KEY: SECRETS.authJsonApiKey,
      tokens: {
        id_token: jwt({ email: 'e2e@example.invalid' }),
        access_token: SECRETS.accessToken,
        refresh_token: SECRETS.refreshToken,
        account_id: 'acct-e2e',
      },
      last_refresh: new Date().toISOString(),
    }),
  );
  ws = createWorkspace({
    projects: { alpha: { 'src/index.ts': 'export const a = 1;\n' }, beta: { 'src/index.ts': 'export const b = 2;\n' } },
  });
  const env = { ...codexHome.env, OPENAI_API_KEY: SECRETS.OPENAI_API_KEY };

  outputs.push(ws.nx(['run-many', '-t', 'codex-review'], env));
  expectSuccess(outputs[0]);
  outputs.push(ws.nx(['run-many', '-t', 'codex-review'], env)); // from the cache
  // Failing runs print errors (with the codex command line): they must not carry a secret either.
  ws.write('libs/alpha/src/index.ts', 'export const a = 2;\n');
  await model.setScenario({ steps: [{ kind: 'http-error', status: 401 }] });
  outputs.push(ws.nx(['run', 'alpha:codex-review', '--maxRetries=0'], env));
  expect(outputs[2].code).not.toBe(0);
  expect(outputs[2].output).toMatch(/Check the API key/);
  ws.write('libs/alpha/src/index.ts', 'export const a = 3;\n');
  await model.setScenario({ steps: [{ kind: 'malformed-json', text: 'not json' }] });
  outputs.push(ws.nx(['run', 'alpha:codex-review', '--maxRetries=0'], env));
  expect(outputs[3].code).not.toBe(0);
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

function leaksIn(label: string, bytes: Buffer): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => bytes.includes(value))
    .map(([name]) => `${name} in ${label}`);
}

function leaksUnder(root: string, skip: (file: string) => boolean = () => false): string[] {
  return filesUnder(root)
    .filter((file) => !skip(file))
    .flatMap((file) => leaksIn(join(root, file), readFileSync(join(root, file))));
}

it('the reviews ran and produced what is searched below', () => {
  expect(filesUnder(join(ws.dir, '.nx/cache')).length).toBeGreaterThan(0);
  expect(filesUnder(join(ws.dir, '.nx/workspace-data')).length).toBeGreaterThan(0);
  expect(filesUnder(join(ws.dir, 'dist/codex-review/beta'))).toEqual(
    expect.arrayContaining(['review.json', 'review.md', 'review.sarif']),
  );
});

it('no secret in the Nx cache or Nx workspace data', () => {
  expect(leaksUnder(join(ws.dir, '.nx'))).toEqual([]);
});

it('no secret in the reports', () => {
  expect(leaksUnder(join(ws.dir, 'dist'))).toEqual([]);
});

it('no secret in the terminal output of passing and failing runs', () => {
  expect(outputs.flatMap((result, index) => leaksIn(`run ${index} output`, Buffer.from(result.output)))).toEqual([]);
});

it("no secret in Codex's own logs and state in CODEX_HOME (auth.json aside)", () => {
  expect(leaksUnder(codexHome.dir, (file) => file === 'auth.json')).toEqual([]);
});

it('no secret in what the model received (prompts, headers other than authorization)', async () => {
  const requests = await model.requests();
  expect(requests.length).toBeGreaterThan(0);
  expect(leaksIn('model requests', Buffer.from(JSON.stringify(requests)))).toEqual([]);
});
