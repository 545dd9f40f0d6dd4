import { providerEnvNames, scrubCodexEnv } from './scrub-env';

const setting = <T>(value: T) => ({ value, source: { kind: 'user' as const } });

describe('scrubCodexEnv', () => {
  it('keeps what Codex needs to run and reach the provider, and drops every other variable', () => {
    const env = {
      PATH: '/bin',
      HOME: '/h',
      TMPDIR: '/t',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      SSL_CERT_FILE: '/ca.pem',
      https_proxy: 'http://p:1',
      NO_PROXY: 'localhost',
      CODEX_HOME: '/h/.codex',
      CODEX_API_KEY: 'sk-codex',
      CODEX_CA_CERTIFICATE: '/ca',
      CODEX_GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_1',
      CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:1/t',
      GITHUB_TOKEN: 'ghp_2',
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'nx',
      NX_CLOUD_ACCESS_TOKEN: 'nxc',
      DATABASE_URL: 'postgres://u:p@db',
      NODE_OPTIONS: '--require /evil.js',
      AWS_SECRET_ACCESS_KEY: 'aws',
      OPENAI_API_KEY: 'sk-openai',
      UNSET: undefined,
    };
    expect(scrubCodexEnv(env)).toEqual({
      PATH: '/bin',
      HOME: '/h',
      TMPDIR: '/t',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      SSL_CERT_FILE: '/ca.pem',
      https_proxy: 'http://p:1',
      NO_PROXY: 'localhost',
      CODEX_HOME: '/h/.codex',
      CODEX_API_KEY: 'sk-codex',
      CODEX_CA_CERTIFICATE: '/ca',
      CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:1/t',
    });
  });

  it('keeps the names and prefixes the caller passes', () => {
    expect(
      scrubCodexEnv({ MY_KEY: 'k', AWS_REGION: 'eu', AWS_SECRET_ACCESS_KEY: 's', OTHER: 'o' }, ['MY_KEY', 'AWS_*']),
    ).toEqual({ MY_KEY: 'k', AWS_REGION: 'eu', AWS_SECRET_ACCESS_KEY: 's' });
  });
});

describe('providerEnvNames', () => {
  it("names the chosen provider's env_key and header variables only", () => {
    const raw = {
      model_providers: {
        local: { name: 'local', env_key: 'LOCAL_MODEL_KEY', env_http_headers: { 'X-Org': 'MY_ORG_ID' } },
        other: { name: 'other', env_key: 'OTHER_KEY' },
      },
    };
    expect(providerEnvNames({ model_provider: setting('local'), raw })).toEqual(['LOCAL_MODEL_KEY', 'MY_ORG_ID']);
  });

  it('names OPENAI_API_KEY for the built-in openai provider and AWS_* for Bedrock', () => {
    expect(providerEnvNames({ model_provider: setting('openai'), raw: {} })).toEqual(['OPENAI_API_KEY']);
    expect(providerEnvNames({ model_provider: setting('amazon-bedrock'), raw: {} })).toEqual(['AWS_*']);
  });
});
