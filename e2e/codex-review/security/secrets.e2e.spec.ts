/**
 * Secrets never reach the model. A workspace holds secrets of several kinds, every value random per
 * run: a .env, a private key file, a .pem, an .npmrc with a token, AWS / GitHub / OpenAI / database
 * credentials and a private key inside source files, secrets in both .codex/context.md files, and a
 * later change (scope `changes`) that adds a token and a .env.local and removes a token (a removed
 * line of the diff in the prompt). Real nx, real codex, the local
 * model; then every byte the run left is searched: the model's request log, dist/, .nx/, CODEX_HOME
 * and the terminal output. What the scan did is asserted too (skipped files, findings, placeholders
 * on the right lines), so the search cannot pass because nothing ran.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type RunResult, type TempWorkspace } from '@nx-codex/testing';
import { answers, expectSuccess, filesUnder, testing, type LocalModel } from '../faults/helpers';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALNUM}+/`;
const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const privateKeyLines = () => Array.from({ length: 4 }, () => pick(BASE64, 64));
const pem = (label: string, lines: string[]) =>
  [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join('\n');

/** Each value, and the label the leak report uses. Private keys are searched line by line (a prompt could carry part of one). */
const SECRETS = {
  envPassword: `envpw-${hex(16)}`,
  envToken: `envtok-${hex(16)}`,
  idRsa: privateKeyLines(),
  serverPem: privateKeyLines(),
  npmToken: `npm_${pick(ALNUM, 36)}`,
  awsKeyId: `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  awsSecret: pick(ALNUM, 40),
  githubToken: `ghp_${pick(ALNUM, 36)}`,
  openaiKey: `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`,
  dbPassword: `dbpw${hex(12)}`,
  inlineKey: privateKeyLines(),
  contextSlack: `xoxb-${randomInt(1e9, 1e10)}-${pick(ALNUM, 24)}`,
  projectContextStripe: `sk_live_${pick(ALNUM, 24)}`,
  changedGithubToken: `ghp_${pick(ALNUM, 36)}`,
  changedEnvValue: `envlocal-${hex(16)}`,
};
const FAKE_FIXTURE_TOKEN = `ghp_${pick(ALNUM, 36)}`;

const planted = (): Array<[string, string]> =>
  Object.entries(SECRETS).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((line, i): [string, string] => [`${name}[${i}]`, line]) : [[name, value]],
  );

const CONFIG_TS = [
  "export const region = 'eu-west-1';",
  `export const awsAccessKeyId = '${SECRETS.awsKeyId}';`,
  `export const aws_secret_access_key = '${SECRETS.awsSecret}';`,
  `export const githubToken = '${SECRETS.githubToken}';`,
  `export const openai = '${SECRETS.openaiKey}';`,
  `export const database = 'postgres://app:${SECRETS.dbPassword}@db.internal:5432/app';`,
  `export const signingKey = \`${pem('RSA PRIVATE KEY', SECRETS.inlineKey)}\`;`,
  'export const LAST_LINE_MARKER = 13;',
  '',
].join('\n');

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
const outputs: RunResult[] = [];
const review = (target: string, env: Record<string, string> = {}) =>
  ws.nx(['run', `alpha:${target}`], { ...codexHome.env, ...env });
const reviewJson = () => JSON.parse(readFileSync(join(ws.dir, 'dist/codex-review/alpha/review.json'), 'utf8'));
type ReviewJson = {
  findings: Array<{ title: string; file: string; startLine: number }>;
  filesReviewed: string[];
  filesSkipped: Array<{ file: string; reason: string }>;
};
let projectResult: ReviewJson;
let changesResult: ReviewJson;

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers() });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: {
      alpha: {
        'src/config.ts': CONFIG_TS,
        'src/index.ts': "export * from './config';\n",
        'test/fixtures/fake-token.ts': `export const FAKE = '${FAKE_FIXTURE_TOKEN}';\n`,
        '.env': `DB_PASSWORD=${SECRETS.envPassword}\nAPI_TOKEN=${SECRETS.envToken}\n`,
        '.env.example': 'DB_PASSWORD=\nAPI_TOKEN=\n',
        'deploy/id_rsa': `${pem('RSA PRIVATE KEY', SECRETS.idRsa)}\n`,
        'certs/server.pem': `${pem('PRIVATE KEY', SECRETS.serverPem)}\n`,
        '.npmrc': `//registry.npmjs.org/:_authToken=${SECRETS.npmToken}\n`,
        '.codex/context.md': `# Alpha\n\nPayments use the live key ${SECRETS.projectContextStripe} in staging.\n`,
      },
    },
    files: {
      '.codex/context.md': `# Team rules\n\nNotify the channel with ${SECRETS.contextSlack}.\nMoney is integer cents.\n`,
      // Two targets: the whole project, and scope `changes` (which needs its own registration for its cache key).
      'nx.json': JSON.stringify({
        plugins: [
          { plugin: '@nx-codex/codex-review/plugin', options: {} },
          {
            plugin: '@nx-codex/codex-review/plugin',
            options: { scope: 'changes', targetName: 'codex-review-changes' },
          },
        ],
      }),
      // The user's exception, in the targets' options as any option: fixtures with fake keys are sent as they are;
      // secret files stay out even when listed (the option may come from a pull request).
      'libs/alpha/project.json': JSON.stringify({
        name: 'alpha',
        projectType: 'library',
        targets: Object.fromEntries(
          ['codex-review', 'codex-review-changes'].map((target) => [
            target,
            { options: { allowSecretPaths: ['libs/alpha/test/fixtures', 'libs/alpha/.env', 'libs/alpha/deploy'] } },
          ]),
        ),
      }),
    },
  });

  outputs.push(review('codex-review'));
  expectSuccess(outputs[0]);
  projectResult = reviewJson();

  // A change on a branch: a new token in source and a new .env file, reviewed in scope `changes`.
  ws.git('checkout', '-q', '-b', 'feature');
  ws.write('libs/alpha/src/feature.ts', `export const deployToken = '${SECRETS.changedGithubToken}';\n`);
  ws.write('libs/alpha/.env.local', `FEATURE_SECRET=${SECRETS.changedEnvValue}\n`);
  // Taking a token out of a file puts it on a removed line of the diff the prompt carries.
  ws.write('libs/alpha/src/config.ts', CONFIG_TS.replace(/^export const githubToken = .*\n/m, ''));
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'add', '-A', '-f');
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'feature');
  outputs.push(review('codex-review-changes', { NX_BASE: 'main' }));
  expectSuccess(outputs[1]);
  changesResult = reviewJson();
  outputs.push(review('codex-review-changes', { NX_BASE: 'main' })); // from the Nx cache
  expectSuccess(outputs[2]);
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

function leaksIn(label: string, bytes: Buffer): string[] {
  return planted()
    .filter(([, value]) => bytes.includes(value))
    .map(([name]) => `${name} in ${label}`);
}

function leaksUnder(root: string): string[] {
  return filesUnder(root).flatMap((file) => leaksIn(join(root, file), readFileSync(join(root, file))));
}

const userText = async () =>
  JSON.stringify(
    (await model.requests()).filter((request) => request.path.endsWith('/responses')).map((request) => request.body),
  );

describe('what the scan did', () => {
  it('skipped the secret files with the reason secret-file and reviewed the template', () => {
    const skipped = projectResult.filesSkipped
      .filter((file: { reason: string }) => file.reason === 'secret-file')
      .map((file: { file: string }) => file.file);
    expect(skipped.sort()).toEqual([
      'libs/alpha/.env',
      'libs/alpha/.npmrc',
      'libs/alpha/certs/server.pem',
      'libs/alpha/deploy/id_rsa',
    ]);
    expect(projectResult.filesReviewed).toEqual(
      expect.arrayContaining(['libs/alpha/.env.example', 'libs/alpha/src/config.ts']),
    );
    expect(changesResult.filesSkipped).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'libs/alpha/.env.local', reason: 'secret-file' })]),
    );
  });

  it('reported each secret as a finding of its own: file, line, rule', () => {
    const secrets = (result: ReviewJson) =>
      result.findings
        .filter((finding) => finding.title.startsWith('Secret in source:'))
        .map((finding) => `${finding.file}:${finding.startLine} ${finding.title.slice(18)}`);
    expect(secrets(projectResult).sort()).toEqual(
      [
        '.codex/context.md:3 slack-token',
        'libs/alpha/.codex/context.md:3 stripe-key',
        'libs/alpha/src/config.ts:2 aws-access-key',
        'libs/alpha/src/config.ts:3 aws-secret-access-key',
        'libs/alpha/src/config.ts:4 github-token',
        'libs/alpha/src/config.ts:5 openai-api-key',
        'libs/alpha/src/config.ts:6 database-connection-string',
        'libs/alpha/src/config.ts:7 private-key',
      ].sort(),
    );
    expect(secrets(changesResult)).toEqual(expect.arrayContaining(['libs/alpha/src/feature.ts:1 github-token']));
  });

  it('sent placeholders on the lines the secrets were on, and the allowed fixture as it is', async () => {
    const text = await userText();
    expect(text).toContain("2| export const awsAccessKeyId = '[REDACTED:aws-access-key]';");
    expect(text).toContain("4| export const githubToken = '[REDACTED:github-token]';");
    expect(text).toContain('13| export const LAST_LINE_MARKER = 13;');
    expect(text).toContain('[REDACTED:slack-token]');
    expect(text).toContain(FAKE_FIXTURE_TOKEN);
    expect(outputs[0].output).toMatch(/secret scan: 8 secret\(s\) redacted .*4 secret file\(s\) not sent/);
  });
});

describe('no planted secret in any byte the runs left', () => {
  it('the model request log (raw file and parsed requests)', async () => {
    const requests = await model.requests();
    expect(requests.filter((request) => request.path.endsWith('/responses')).length).toBe(2);
    expect([
      ...leaksIn('model request log', readFileSync(model.logFile)),
      ...leaksIn('model requests', Buffer.from(JSON.stringify(requests))),
    ]).toEqual([]);
  });

  it('dist/ (the reports)', () => {
    expect(filesUnder(join(ws.dir, 'dist/codex-review/alpha')).length).toBeGreaterThan(0);
    expect(leaksUnder(join(ws.dir, 'dist'))).toEqual([]);
  });

  it('.nx/ (cache and workspace data)', () => {
    expect(filesUnder(join(ws.dir, '.nx/cache')).length).toBeGreaterThan(0);
    expect(leaksUnder(join(ws.dir, '.nx'))).toEqual([]);
  });

  it("the terminal output of every run and Codex's own files", () => {
    const leaks = [
      ...outputs.flatMap((result, index) => leaksIn(`run ${index} output`, Buffer.from(result.output))),
      ...leaksUnder(codexHome.dir),
    ];
    // The figures the issue asks for, printed for the close note.
    process.stdout.write(
      `\nsecrets planted: ${planted().length} values (${Object.keys(SECRETS).length} secrets); found in any byte of output: ${leaks.length}\n`,
    );
    expect(leaks).toEqual([]);
  });
});
