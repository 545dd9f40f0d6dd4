import { canonicalJson, fingerprintInput, settingsFingerprint, stripUrlSecrets } from './fingerprint';
import { loadSettings } from './load-settings';
import { configFixture, type ConfigFixture } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

const EXTRAS = { promptVersion: 'review-1', codexVersion: '0.169.0' };
const SECRET = 'sk-PLANTED-secret-1234567890';

const BASE_CONFIG = [
  'model = "gpt-5.5"',
  'model_provider = "local"',
  'model_reasoning_effort = "high"',
  'sandbox_mode = "read-only"',
  '[model_providers.local]',
  'name = "local"',
  'base_url = "http://127.0.0.1:4000/v1"',
  'wire_api = "responses"',
].join('\n');

function fingerprintOf(
  config: string,
  env: Record<string, string> = {},
  extras = EXTRAS,
): { hash: string; input: string } {
  fx.write('home/config.toml', config);
  const { settings } = loadSettings({ workspaceRoot: fx.workspace, codexHome: fx.home, env });
  return { hash: settingsFingerprint(settings, extras), input: canonicalJson(fingerprintInput(settings, extras)) };
}

describe('settingsFingerprint', () => {
  it('is a stable sha256 of exactly the answer-changing settings', () => {
    const first = fingerprintOf(BASE_CONFIG);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(BASE_CONFIG).hash).toBe(first.hash);
    // Order and formatting of the file do not matter.
    expect(
      fingerprintOf(BASE_CONFIG.split('\n').slice(0, 4).reverse().concat(BASE_CONFIG.split('\n').slice(4)).join('\n\n'))
        .hash,
    ).toBe(first.hash);
    expect(JSON.parse(first.input)).toEqual({
      base_url: 'http://127.0.0.1:4000/v1',
      codex_version: '0.169.0',
      fingerprint_version: '1',
      model: 'gpt-5.5',
      model_provider: 'local',
      model_reasoning_effort: 'high',
      prompt_version: 'review-1',
      sandbox_mode: 'read-only',
    });
  });

  it.each([
    ['model', BASE_CONFIG.replace('"gpt-5.5"', '"gpt-5.4"')],
    ['base_url', BASE_CONFIG.replace('4000', '4001')],
    ['reasoning effort', BASE_CONFIG.replace('"high"', '"low"')],
    ['sandbox mode', BASE_CONFIG.replace('"read-only"', '"workspace-write"')],
    ['provider', BASE_CONFIG.replace('model_provider = "local"', 'model_provider = "openai"')],
  ])('changes with the %s', (_name, changed) => {
    const before = fingerprintOf(BASE_CONFIG).hash;
    expect(fingerprintOf(changed).hash).not.toBe(before);
  });

  it('changes with the prompt version and the codex version', () => {
    const before = fingerprintOf(BASE_CONFIG).hash;
    expect(fingerprintOf(BASE_CONFIG, {}, { ...EXTRAS, promptVersion: 'review-2' }).hash).not.toBe(before);
    expect(fingerprintOf(BASE_CONFIG, {}, { ...EXTRAS, codexVersion: '0.170.0' }).hash).not.toBe(before);
  });

  it('holds no secret: planted keys in env, auth.json, headers, tokens and the URL change nothing and appear nowhere', () => {
    const clean = fingerprintOf(BASE_CONFIG);
    fx.write('home/auth.json', JSON.stringify({ OPENAI_API_KEY: SECRET, tokens: { access_token: SECRET } }));
    const planted = BASE_CONFIG.replace(
      'base_url = "http://127.0.0.1:4000/v1"',
      `base_url = "http://user:${SECRET}@127.0.0.1:4000/v1?api-key=${SECRET}#${SECRET}"`,
    ).concat(
      '\n',
      [
        'env_key = "LOCAL_MODEL_KEY"',
        `experimental_bearer_token = "${SECRET}"`,
        `http_headers = { Authorization = "Bearer ${SECRET}" }`,
        'env_http_headers = { "X-Key" = "LOCAL_MODEL_KEY" }',
        `query_params = { "api-version" = "${SECRET}" }`,
      ].join('\n'),
    );
    const dirty = fingerprintOf(planted, { OPENAI_API_KEY: SECRET, LOCAL_MODEL_KEY: SECRET, CODEX_API_KEY: SECRET });
    expect(dirty.hash).toBe(clean.hash);
    expect(dirty.input).toBe(clean.input);
    expect(dirty.input).not.toContain(SECRET);
    expect(dirty.input).not.toContain('LOCAL_MODEL_KEY');
    expect(dirty.input).not.toContain('Bearer');
  });
});

describe('stripUrlSecrets', () => {
  it('drops credentials, query and fragment', () => {
    expect(stripUrlSecrets('https://u:p@host.example:8443/v1?key=1#x')).toBe('https://host.example:8443/v1');
    expect(stripUrlSecrets('not a url?key=1')).toBe('not a url');
    expect(stripUrlSecrets('weird://user:pw@host/path?x')).toBe('weird://host/path');
  });
});
