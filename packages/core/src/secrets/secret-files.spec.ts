import { secretFileByContent, secretFileByName } from './secret-files';

describe('secretFileByName', () => {
  it.each([
    ['.env', 'environment file'],
    ['apps/web/.env.local', 'environment file'],
    ['apps/web/.env.production', 'environment file'],
    ['deploy/prod.env', 'environment file'],
    ['home/.ssh/id_rsa', 'private key'],
    ['keys/id_ed25519', 'private key'],
    ['certs/server.pem', '*.pem file'],
    ['certs/client.p12', '*.p12 file'],
    ['certs/tls.key', '*.key file'],
    ['infra/terraform.tfstate', '*.tfstate file'],
    ['gcp/credentials.json', 'credentials file'],
    ['.aws/credentials', 'credentials file'],
    ['.git-credentials', 'credentials file'],
  ])('%s is a secret file (%s)', (file, reason) => {
    expect(secretFileByName(file)).toBe(reason);
  });

  it.each([
    '.env.example',
    '.env.sample',
    '.env.template',
    'apps/web/.env.dist',
    'src/env.ts',
    'src/key.ts',
    'id_rsa.pub',
    'docs/credentials.md',
    '.npmrc',
    'src/environment.ts',
  ])('%s is not one by its name', (file) => {
    expect(secretFileByName(file)).toBeUndefined();
  });
});

describe('secretFileByContent', () => {
  it('takes .npmrc, .yarnrc.yml and .pypirc with a credential, not without', () => {
    expect(secretFileByContent('.npmrc', '//registry.npmjs.org/:_authToken=abc\n')).toBe('.npmrc with a credential');
    expect(secretFileByContent('a/.npmrc', '_auth = abc\n')).toBe('.npmrc with a credential');
    expect(secretFileByContent('.npmrc', 'registry=https://registry.npmjs.org/\nsave-exact=true\n')).toBeUndefined();
    expect(secretFileByContent('.yarnrc.yml', 'npmAuthToken: abc\n')).toBe('.yarnrc.yml with a credential');
    expect(secretFileByContent('.pypirc', '[pypi]\nusername = __token__\npassword = pypi-abc\n')).toBe(
      '.pypirc with a credential',
    );
    expect(secretFileByContent('.pypirc', '[distutils]\nindex-servers = pypi\n')).toBeUndefined();
    expect(secretFileByContent('src/a.ts', 'password = 1\n')).toBeUndefined();
  });
});
